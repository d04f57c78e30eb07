package com.partnerflow.benchmark;

import com.partnerflow.directory.Role;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Median answer times over HTTP for a registered and an unknown address on sign-in (wrong
 * password), password-reset request, a new reset code right after the request, and
 * registration. Every request uses a fresh address, so no rate limit or lock interferes; the
 * two kinds alternate, and each request waits for the job executor to be idle, so the mail
 * sent for the previous request does not slow the next one down.
 * Not part of the test suite: {@code mvn -Pbenchmark -Dbpmnlint.skip=true
 * -Dtest=AccountEnumerationBenchmark test [-Dbenchmark.requests=200]}.
 */
class AccountEnumerationBenchmark extends IntegrationTestBase {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @Autowired
    TestRestTemplate http;

    @Test
    void registeredAndUnknownAddressesTakeAsLong() {
        int n = Integer.getInteger("benchmark.requests", 200);
        TestAccount account = accounts.newAccount();
        List<String> registered = new ArrayList<>();
        for (int i = 0; i < 4 * n + 40; i++) {
            SignedInUser user = accounts.addUser(account, "user" + i, Role.STANDARD_USER);
            registered.add(user.email());
        }
        int[] next = {0, 0};
        Function<Boolean, String> address = known -> known ? registered.get(next[0]++)
                : "nobody-" + next[1]++ + "@" + account.domain();

        // warm-up: JIT, connection pool, statement caches
        for (int i = 0; i < 10; i++) {
            signIn(address.apply(i % 2 == 0));
            reset(address.apply(i % 2 == 0));
        }

        report("sign-in, wrong password", n, known -> time(() -> signIn(address.apply(known))));
        report("password-reset request", n, known -> time(() -> reset(address.apply(known))));
        report("new reset code right after the request", n, known -> {
            String resetId = (String) reset(address.apply(known)).getBody().get("resetId");
            return time(() -> post("/api/password-resets/" + resetId + "/code", Map.of()));
        });
        report("registration request", n, known -> time(() -> post("/api/registrations", Map.of(
                "email", address.apply(known), "firstName", "Ann", "lastName", "Example",
                "password", GOOD_PASSWORD))));
    }

    /** Alternates which kind goes first; each request starts with the job executor idle. */
    private void report(String what, int n, Function<Boolean, Long> measure) {
        long[] known = new long[n];
        long[] unknown = new long[n];
        for (int i = 0; i < n; i++) {
            boolean knownFirst = i % 2 == 0;
            quiet();
            long first = measure.apply(knownFirst);
            quiet();
            long second = measure.apply(!knownFirst);
            known[i] = knownFirst ? first : second;
            unknown[i] = knownFirst ? second : first;
        }
        double k = median(known) / 1e6;
        double u = median(unknown) / 1e6;
        System.out.printf("BENCHMARK %-42s n=%d  registered %.2f ms  unknown %.2f ms  difference %+.1f%%%n",
                what, n, k, u, 100 * (k - u) / u);
    }

    /** The mail and timer jobs of the previous request are done, so they do not slow this one down. */
    private void quiet() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> management.createJobQuery().executable().count() == 0);
    }

    private static long time(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private ResponseEntity<Map<String, Object>> signIn(String email) {
        return post("/api/sessions", Map.of("email", email, "password", "Wrong#2026a"));
    }

    private ResponseEntity<Map<String, Object>> reset(String email) {
        return post("/api/password-resets", Map.of("email", email));
    }

    private ResponseEntity<Map<String, Object>> post(String path, Map<String, ?> body) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body), JSON);
    }
}
