package com.partnerflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerflow.ratelimit.RateLimitGroup;
import com.partnerflow.support.ApiAnswerRecorder;
import com.partnerflow.support.ApiAnswerRecorder.Answer;
import com.partnerflow.support.IntegrationTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The error answers of the OpenAPI document are the ones the endpoints give. Every full-application
 * test's HTTP answer is recorded ({@link ApiAnswerRecorder}); this class runs after all others
 * (junit-platform.properties orders classes by {@link Order}) and checks, per documented operation:
 * every error status an endpoint answered is documented for it, with its {@code code} among the
 * documented ones; and every documented error status was answered at least once. So a documented
 * answer nobody can produce, and an answer the document does not know, both fail the build.
 *
 * <p>It needs the suite's answers: run alone it fails, naming the operations without any. Run it
 * with the classes that call the API ({@code mvn verify} runs all of them). The answers are
 * written to {@code target/api-answers.tsv}.
 */
@Order(Integer.MAX_VALUE)
class ApiErrorContractTest extends IntegrationTestBase {

    /** Answers of a path rather than of an operation, described once in the document's info. */
    private static final Set<String> OF_EVERY_PATH = Set.of("request-rejected", "bad-request", "not-found",
            "method-not-allowed");

    @Autowired
    TestRestTemplate http;

    /** A documented operation: its path as a pattern, and the codes of each documented error status. */
    record Operation(String method, String template, Pattern path, int variables, Map<Integer, Set<String>> errors) {

        String describe() {
            return method + " " + template;
        }
    }

    @Test
    void everyDocumentedErrorIsAnsweredAndEveryAnsweredErrorIsDocumented() throws IOException {
        List<Operation> operations = operations(OpenApiDocumentTest.document(http));
        assertThat(operations).as("operations in the document").hasSizeGreaterThan(60);
        Set<Answer> answers = ApiAnswerRecorder.answers();
        write(answers);

        Map<Operation, Map<Integer, Set<String>>> answered = new TreeMap<>(Comparator.comparing(Operation::describe));
        List<String> undocumented = new ArrayList<>();
        for (Answer answer : answers) {
            Optional<Operation> operation = operationOf(operations, answer);
            if (operation.isEmpty() || (answer.code() != null && OF_EVERY_PATH.contains(answer.code()))) {
                continue; // an unknown path or method, a refused address: of the path, not of an operation
            }
            if (answer.status() >= 400 && answer.code() == null) {
                // Tomcat's own refusals (api.TomcatProblemReport writes past the filter's view); that
                // every /api refusal carries a code is BadInputTest's check over real HTTP
                continue;
            }
            Operation op = operation.get();

            answered.computeIfAbsent(op, o -> new TreeMap<>()).computeIfAbsent(answer.status(), s -> new TreeSet<>())
                    .add(String.valueOf(answer.code()));
            if (answer.status() >= 400) {
                Set<String> codes = op.errors().get(answer.status());
                if (codes == null || !codes.contains(String.valueOf(answer.code()))) {
                    undocumented.add(op.describe() + " answered " + answer.status() + " " + answer.code()
                            + " (e.g. " + answer.method() + " " + abbreviate(answer.path()) + "), documented: "
                            + op.errors());
                }
            }
        }
        rateLimitsShareTheirGroup(operations, answered);
        List<String> neverAnswered = new ArrayList<>();
        for (Operation op : operations) {
            Map<Integer, Set<String>> seen = answered.getOrDefault(op, Map.of());
            if (seen.isEmpty()) {
                neverAnswered.add(op.describe() + ": no answer at all was recorded");
                continue;
            }
            op.errors().keySet().stream().filter(status -> !seen.containsKey(status))
                    .forEach(status -> neverAnswered.add(op.describe() + ": documented " + status + " "
                            + op.errors().get(status) + " was never answered"));
        }
        System.out.printf("ApiErrorContractTest: %d distinct answers, %d operations%n", answers.size(),
                operations.size());
        assertThat(undocumented.stream().distinct().sorted().toList())
                .as("answers the OpenAPI document does not list (add them to the handler's @ProblemAnswers)").isEmpty();
        assertThat(neverAnswered).as("documented answers no test produced (drive them in a test, or remove them;"
                + " run with the test classes that call the API, e.g. mvn verify)").isEmpty();
    }

    /**
     * Rate limits are one interceptor (ratelimit.RateLimitInterceptor) over the routes of
     * {@link RateLimitGroup}, the same list the document's {@code 429 too-many-requests} answers
     * come from: one route answering it (RateLimitApiTest exhausts the sign-in group) stands for
     * every route of every group. Without any such answer each route fails.
     */
    private static void rateLimitsShareTheirGroup(List<Operation> operations,
                                                  Map<Operation, Map<Integer, Set<String>>> answered) {
        List<Operation> routes = operations.stream().filter(op -> java.util.Arrays.stream(RateLimitGroup.values())
                .anyMatch(group -> group.routes().contains(op.method() + " " + op.template()))).toList();
        boolean limited = routes.stream().anyMatch(op ->
                answered.getOrDefault(op, Map.of()).getOrDefault(429, Set.of()).contains("too-many-requests"));
        if (limited) {
            routes.forEach(op -> answered.computeIfAbsent(op, o -> new TreeMap<>())
                    .computeIfAbsent(429, status -> new TreeSet<>()).add("too-many-requests"));
        }
    }

    static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            Map<Integer, Set<String>> errors = new TreeMap<>();
            op.getValue().path("responses").fields().forEachRemaining(response -> {
                int status = Integer.parseInt(response.getKey());
                if (status >= 400) {
                    Set<String> codes = new TreeSet<>();
                    response.getValue().findValues("enum").forEach(e -> e.forEach(c -> codes.add(c.asText())));
                    errors.put(status, codes);
                }
            });
            String template = path.getKey();
            operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), template, pattern(template),
                    template.split("\\{", -1).length - 1, errors));
        }));
        return operations;
    }

    /** The operation Spring MVC would choose: of the matching templates, the one with the fewest variables. */
    private static Optional<Operation> operationOf(List<Operation> operations, Answer answer) {
        String path = answer.path().split(";", 2)[0];
        return operations.stream().filter(op -> op.method().equals(answer.method()))
                .filter(op -> op.path().matcher(path).matches())
                .min(Comparator.comparingInt(Operation::variables));
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static void write(Set<Answer> answers) throws IOException {
        Path file = Path.of("target", "api-answers.tsv");
        Files.createDirectories(file.getParent());
        Files.write(file, answers.stream().map(a -> a.method() + "\t" + abbreviate(a.path()) + "\t" + a.status() + "\t"
                + a.code()).sorted().distinct().collect(Collectors.toList()));
    }

    private static String abbreviate(String path) {
        return path.length() > 120 ? path.substring(0, 120) + "…" : path;
    }
}
