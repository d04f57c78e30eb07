package com.partnerflow.api;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every Spring MVC endpoint of the application (read from the handler mapping, so a new one is
 * covered without touching this test) gets a generated set of bad values, anonymously and
 * signed in, through a real HTTP client: NUL, control characters and unpaired surrogates in
 * every text field, query parameter and path variable, 1 MB strings, deep nesting, wrong types,
 * malformed and empty bodies. None may answer 5xx; every refusal of the partner API is a problem
 * detail with a {@code code}; and the server logs no stack trace for any of it (bad input is not
 * a server fault). Runs on H2 and on PostgreSQL, which refuses NUL in text.
 */
@Tag("database")
class BadInputTest extends IntegrationTestBase {

    /** Strings no field accepts; each is sent in place of every text value. */
    private static final Map<String, String> BAD_TEXT = new LinkedHashMap<>();

    static {
        BAD_TEXT.put("NUL", "a\u0000b");
        BAD_TEXT.put("control character", "a\u0007b\u001b[31m");
        BAD_TEXT.put("unpaired surrogate", "a\ud800b");
    }

    private static final String MEGABYTE = "x".repeat(1_000_000);
    private static final int DEPTH = 5_000;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    ObjectMapper json;
    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final List<String> failures = new ArrayList<>();
    private ListAppender<ILoggingEvent> log;
    private int sent;

    @BeforeEach
    void captureRequestThreadLogs() {
        log = new ListAppender<>();
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        root().detachAppender(log);
    }

    @Test
    void noEndpointAnswersBadInputWithAServerError() throws Exception {
        SignedInUser lead = accounts.newAccount().lead();
        Instant started = Instant.now();
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("endpoints found in the handler mapping").hasSizeGreaterThan(60);

        Map<String, Long> millis = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints) {
            long before = System.nanoTime();
            List<Attempt> attempts = attempts(endpoint);
            // asked with plausible path variables (the last attempt): a bad one (a NUL, ...) is refused
            // by Tomcat before the session is checked, which would hide the signed-in answers
            Attempt plausiblePath = attempts.get(attempts.size() - 1);
            if (send(endpoint, plausiblePath, null).body().contains("\"code\":\"unauthenticated\"")) {
                // anonymous callers are refused before anything is read: a few attempts show it,
                // then everything again with a fresh session (one of the endpoints is the sign-out)
                send(endpoint, attempts.get(attempts.size() - 1), null);
                String token = signIn(lead.userId());
                for (Attempt attempt : attempts) {
                    send(endpoint, attempt, token);
                }
            } else {
                // public: a session token makes no difference to these paths (see PartnerApiSecurityConfiguration)
                for (Attempt attempt : attempts) {
                    send(endpoint, attempt, null);
                }
            }
            millis.put(endpoint.describe(), (System.nanoTime() - before) / 1_000_000);
        }
        millis.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.println("BadInputTest: " + e.getValue() + " ms " + e.getKey()));

        List<String> stackTraces = log.list.stream()
                .filter(e -> e.getThreadName().startsWith("http-nio"))
                .filter(e -> e.getThrowableProxy() != null || e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getClassName()))
                .distinct().toList();
        System.out.printf("BadInputTest: %d requests to %d endpoints in %s%n", sent, endpoints.size(),
                Duration.between(started, Instant.now()));
        assertThat(failures).as("answers to bad input").isEmpty();
        assertThat(stackTraces).as("errors and stack traces logged while serving bad input").isEmpty();
    }

    // ---- what is sent

    record Endpoint(RequestMethod method, String pattern, HandlerMethod handler) {

        String describe() {
            return method + " " + pattern;
        }
    }

    /** One request: what is wrong with it, the path variables, query parameters, and the body (or null). */
    record Attempt(String what, Map<String, String> pathVariables, Map<String, String> query, String body,
                   String contentType) {
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            if (!mapping.getValue().getBeanType().getName().startsWith("com.partnerflow")) {
                continue; // Spring Boot's own /error
            }
            var methods = mapping.getKey().getMethodsCondition().getMethods();
            for (String pattern : mapping.getKey().getPatternValues()) {
                for (RequestMethod method : methods.isEmpty() ? List.of(RequestMethod.GET) : methods) {
                    endpoints.add(new Endpoint(method, pattern, mapping.getValue()));
                }
            }
        }
        return endpoints;
    }

    private List<Attempt> attempts(Endpoint endpoint) {
        Map<String, String> path = new LinkedHashMap<>();
        Map<String, Class<?>> queryParameters = new LinkedHashMap<>();
        MethodParameter bodyParameter = null;
        for (MethodParameter parameter : endpoint.handler().getMethodParameters()) {
            parameter.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
            PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
            RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
            if (variable != null) {
                String name = variable.value().isEmpty() ? parameter.getParameterName() : variable.value();
                path.put(name, plausiblePathValue(name, parameter.getParameterType()));
            } else if (query != null) {
                queryParameters.put(query.value().isEmpty() ? parameter.getParameterName() : query.value(),
                        parameter.getParameterType());
            } else if (parameter.hasParameterAnnotation(RequestBody.class)) {
                bodyParameter = parameter;
            }
        }
        Map<String, String> plausibleQuery = new LinkedHashMap<>();
        queryParameters.forEach((name, type) -> plausibleQuery.put(name, plausibleText(name, type)));
        String plausibleBody = bodyParameter == null ? null
                : plausible(bodyParameter.getGenericParameterType(), "body").toString();

        List<Attempt> attempts = new ArrayList<>();
        for (String name : path.keySet()) {
            for (var bad : BAD_TEXT.entrySet()) {
                attempts.add(new Attempt(bad.getKey() + " in path variable " + name, with(path, name, bad.getValue()),
                        plausibleQuery, plausibleBody, "application/json"));
            }
            attempts.add(new Attempt("4 KB path variable " + name, with(path, name, "p".repeat(4000)), plausibleQuery,
                    plausibleBody, "application/json"));
            attempts.add(new Attempt("wrong type in path variable " + name, with(path, name, "not-an-id"),
                    plausibleQuery, plausibleBody, "application/json"));
        }
        for (String name : queryParameters.keySet()) {
            for (var bad : BAD_TEXT.entrySet()) {
                attempts.add(new Attempt(bad.getKey() + " in query parameter " + name, path,
                        with(plausibleQuery, name, bad.getValue()), plausibleBody, "application/json"));
            }
            attempts.add(new Attempt("4 KB query parameter " + name, path, with(plausibleQuery, name, "q".repeat(4000)),
                    plausibleBody, "application/json"));
            attempts.add(new Attempt("wrong type in query parameter " + name, path,
                    with(plausibleQuery, name, "[]{}"), plausibleBody, "application/json"));
        }
        // a body where none is expected, or a broken one where one is
        attempts.add(new Attempt("malformed JSON", path, plausibleQuery, "{\"email\": ", "application/json"));
        attempts.add(new Attempt("empty body", path, plausibleQuery, "", "application/json"));
        attempts.add(new Attempt("JSON null", path, plausibleQuery, "null", "application/json"));
        attempts.add(new Attempt("deeply nested arrays", path, plausibleQuery,
                "[".repeat(DEPTH) + "]".repeat(DEPTH), "application/json"));
        attempts.add(new Attempt("NUL outside a string", path, plausibleQuery, "{\"a\":1}\u0000", "application/json"));
        attempts.add(new Attempt("no JSON content type", path, plausibleQuery, plausibleBody == null ? "x" : plausibleBody,
                "text/plain"));
        if (bodyParameter != null) {
            attempts.add(new Attempt("plausible body (control)", path, plausibleQuery, plausibleBody, "application/json"));
            attempts.add(new Attempt("array instead of object", path, plausibleQuery, "[" + plausibleBody + "]",
                    "application/json"));
            ObjectNode template = (ObjectNode) plausible(bodyParameter.getGenericParameterType(), "body");
            for (String field : leaves(template, "")) {
                for (var bad : BAD_TEXT.entrySet()) {
                    attempts.add(bodyWith(path, plausibleQuery, template, field, bad.getKey(), n -> n.textNode(bad.getValue())));
                }
                attempts.add(bodyWith(path, plausibleQuery, template, field, "1 MB string", n -> n.textNode(MEGABYTE)));
                attempts.add(bodyWith(path, plausibleQuery, template, field, "object instead of value",
                        n -> n.objectNode().put("x", 1)));
            }
        }
        return attempts;
    }

    private Attempt bodyWith(Map<String, String> path, Map<String, String> query, ObjectNode template, String field,
                             String what, Function<JsonNodeFactory, com.fasterxml.jackson.databind.JsonNode> value) {
        ObjectNode body = template.deepCopy();
        String[] steps = field.split("\\.");
        com.fasterxml.jackson.databind.JsonNode parent = body;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = steps[i].matches("\\d+") ? parent.get(Integer.parseInt(steps[i])) : parent.get(steps[i]);
        }
        String last = steps[steps.length - 1];
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value.apply(nodes));
        } else {
            ((ObjectNode) parent).set(last, value.apply(nodes));
        }
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Attempt(what + " in body field " + field, path, query, text, "application/json");
    }

    /** The paths (a.b.0.c) of every value in a plausible body. */
    private static List<String> leaves(com.fasterxml.jackson.databind.JsonNode node, String prefix) {
        List<String> leaves = new ArrayList<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                com.fasterxml.jackson.databind.JsonNode child = node.get(name);
                String path = prefix.isEmpty() ? name : prefix + "." + name;
                if (child.isContainerNode() && !child.isEmpty()) {
                    leaves.addAll(leaves(child, path));
                }
                leaves.add(path);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                com.fasterxml.jackson.databind.JsonNode child = node.get(i);
                if (child.isContainerNode()) {
                    leaves.addAll(leaves(child, prefix + "." + i));
                }
                leaves.add(prefix + "." + i);
            }
        }
        return leaves;
    }

    /** A value of the type that would pass, so that the one bad value is what the endpoint sees. */
    private com.fasterxml.jackson.databind.JsonNode plausible(Type type, String name) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord()) {
            ObjectNode object = nodes.objectNode();
            for (RecordComponent component : raw.getRecordComponents()) {
                object.set(component.getName(), plausible(component.getGenericType(), component.getName()));
            }
            return object;
        }
        if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            return nodes.arrayNode().add(plausible(p.getActualTypeArguments()[0], name));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return nodes.objectNode();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return nodes.booleanNode(true);
        }
        if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
            return nodes.numberNode(1);
        }
        if (raw.isEnum()) {
            return nodes.textNode(((Enum<?>) raw.getEnumConstants()[0]).name());
        }
        return nodes.textNode(plausibleText(name, raw));
    }

    private static String plausibleText(String name, Class<?> type) {
        String lower = name.toLowerCase();
        if (type == UUID.class || lower.endsWith("userid") || lower.equals("id")) {
            return UUID.randomUUID().toString();
        }
        if (type.isEnum()) {
            return ((Enum<?>) type.getEnumConstants()[0]).name();
        }
        if (type == long.class || type == int.class || Number.class.isAssignableFrom(type)) {
            return "1";
        }
        if (lower.contains("email") || lower.equals("to")) {
            return "fuzz-" + UUID.randomUUID().toString().substring(0, 8) + "@fuzz-co.example";
        }
        if (lower.contains("password")) {
            return GOOD_PASSWORD;
        }
        if (lower.equals("language")) {
            return "en";
        }
        if (lower.equals("code")) {
            return "123456";
        }
        return "plausible text";
    }

    private static String plausiblePathValue(String name, Class<?> type) {
        if (name.equals("caseNumber")) {
            return "CASE-999999";
        }
        if (name.equals("token")) {
            return "t" + UUID.randomUUID().toString().replace("-", "");
        }
        return plausibleText(name, type);
    }

    private static Map<String, String> with(Map<String, String> values, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return copy;
    }

    // ---- sending and judging

    /** Sends the attempt and records what is wrong with the answer. */
    private HttpResponse<String> send(Endpoint endpoint, Attempt attempt, String token) throws Exception {
        String path = endpoint.pattern();
        for (var variable : attempt.pathVariables().entrySet()) {
            path = path.replace("{" + variable.getKey() + "}", encode(variable.getValue()));
        }
        StringBuilder query = new StringBuilder();
        attempt.query().forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&")
                .append(encode(name)).append('=').append(encode(value)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + query))
                .timeout(Duration.ofSeconds(30))
                .method(endpoint.method().name(), attempt.body() == null ? HttpRequest.BodyPublishers.noBody()
                        // the bytes as a client sends them: lone surrogates become '?' in UTF-8, so
                        // they reach the server only as JSON escapes (written by Jackson above)
                        : HttpRequest.BodyPublishers.ofString(attempt.body(), StandardCharsets.UTF_8));
        if (attempt.body() != null) {
            request.header("Content-Type", attempt.contentType());
        }
        request.header("Accept", "application/json, application/problem+json, text/html");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        sent++;
        String who = token == null ? "anonymous" : "signed in";
        String answer = response.statusCode() + " " + abbreviate(response.body());
        if (response.statusCode() >= 500) {
            failures.add(endpoint.describe() + " (" + who + ", " + attempt.what() + "): " + answer);
        } else if (path.startsWith("/api/") && response.statusCode() >= 400 && !isProblemWithCode(response)) {
            failures.add(endpoint.describe() + " (" + who + ", " + attempt.what() + "): no problem detail with a code: "
                    + answer);
        }
        return response;
    }

    private boolean isProblemWithCode(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return false;
        }
        try {
            var problem = json.readTree(response.body());
            return problem.path("code").isTextual() && problem.path("status").isInt();
        } catch (Exception notJson) {
            return false;
        }
    }

    /** Percent-encodes UTF-8, except a lone surrogate, which goes as the bytes Java's CESU-8 would give it. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (Character.isSurrogate(c)) {
                out.append(String.format("%%%02X%%%02X%%%02X", 0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F),
                        0x80 | (c & 0x3F)));
            } else {
                out.append(URLEncoder.encode(String.valueOf(c), StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return out.toString();
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
