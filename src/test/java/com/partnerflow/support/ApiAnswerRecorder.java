package com.partnerflow.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records, in every full-application test, what the partner API answered: method, path, status
 * and the problem {@code code} of an error. {@code api.ApiErrorContractTest} compares these with
 * the OpenAPI document's error answers at the end of the suite. Passes every byte through
 * unchanged; keeps only the first few KB of an error's body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiAnswerRecorder extends OncePerRequestFilter {

    /** An answer as the caller saw it; {@code code} is null for a success or an error without one. */
    public record Answer(String method, String path, int status, String code) {
    }

    private static final int KEPT = 4096;
    /** {@code code} follows RFC 9457's members, ahead of long {@code fields}: the kept start holds it. */
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");
    private static final Set<Answer> ANSWERS = ConcurrentHashMap.newKeySet();

    public static Set<Answer> answers() {
        return Set.copyOf(ANSWERS);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/api/") || path.startsWith("/staff/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Tee tee = new Tee(response);
        try {
            chain.doFilter(request, tee);
        } finally {
            tee.flushWriter();
            int status = response.getStatus();
            ANSWERS.add(new Answer(request.getMethod(), request.getRequestURI(), status,
                    status >= 400 ? codeIn(tee.kept.toByteArray()) : null));
        }
    }

    private static String codeIn(byte[] body) {
        java.util.regex.Matcher code = CODE.matcher(new String(body, StandardCharsets.UTF_8));
        return code.find() ? code.group(1) : null;
    }

    /** Keeps a copy of the start of an error answer's body while writing it through. */
    private static final class Tee extends HttpServletResponseWrapper {

        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private ServletOutputStream stream;
        private PrintWriter writer;

        Tee(HttpServletResponse response) {
            super(response);
        }

        private void keep(byte[] bytes, int offset, int length) {
            if (getStatus() >= 400 && kept.size() < KEPT) {
                kept.write(bytes, offset, Math.min(length, KEPT - kept.size()));
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        keep(new byte[] {(byte) b}, 0, 1);
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        keep(b, off, len);
                        out.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                String charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
            }
            return writer;
        }

        void flushWriter() {
            if (writer != null) {
                writer.flush();
            }
        }
    }
}
