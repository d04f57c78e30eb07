package com.partnerflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@link InputText}'s rule for the engine's own APIs ({@code /engine-rest}, and the webapps'
 * {@code /camunda/api}): Camunda reads their parameters and JSON bodies itself, outside Spring
 * MVC, so a NUL in a variable, a task name or a query value would otherwise reach PostgreSQL,
 * which refuses {@code 0x00}, and come back as a server error. Refused with the partner API's
 * {@code 400 invalid-characters}. Query values and JSON bodies are checked; form and multipart bodies
 * (the webapps' login, deployments) are left to the engine.
 */
public final class EngineApiTextFilter extends OncePerRequestFilter {

    private static final ObjectMapper TREE = JsonMapper.builder().build();

    private final ObjectMapper json;

    public EngineApiTextFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
        // form and multipart bodies stay unread here: Jersey reads them itself (the webapps' login form)
        if (!contentType.startsWith("multipart/") && !contentType.startsWith("application/x-www-form-urlencoded")) {
            for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                String refused = refused(parameter.getKey(), List.of(parameter.getValue()));
                if (refused != null) {
                    refuse(request, response, "parameter " + refused);
                    return;
                }
            }
        }
        if (!contentType.contains("json")) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String refused = refusedIn(body);
        if (refused != null) {
            refuse(request, response, refused);
            return;
        }
        chain.doFilter(new ReadAgain(request, body), response);
    }

    private static String refused(String name, List<String> values) {
        if (!InputText.isAcceptable(name)) {
            return "name: " + InputText.describe(name);
        }
        for (String value : values) {
            if (!InputText.isAcceptable(value)) {
                return "'" + name + "': " + InputText.describe(value);
            }
        }
        return null;
    }

    /** What is wrong in the JSON body, or null; a body that is not JSON is the engine's to refuse. */
    private static String refusedIn(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return refusedIn(TREE.readTree(body), "$");
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String refusedIn(JsonNode node, String path) {
        if (node.isTextual()) {
            return InputText.isAcceptable(node.textValue()) ? null : path + ": " + InputText.describe(node.textValue());
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String refused = refusedIn(node.get(i), path + "[" + i + "]");
                if (refused != null) {
                    return refused;
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!InputText.isAcceptable(field.getKey())) {
                return path + " field name: " + InputText.describe(field.getKey());
            }
            String refused = refusedIn(field.getValue(), path + "." + field.getKey());
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String what) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request's " + what + ".");
        problem.setType(URI.create("urn:partnerflow:problem:invalid-characters"));
        problem.setProperty("code", "invalid-characters");
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The request with the body this filter has already read. */
    private static final class ReadAgain extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadAgain(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
