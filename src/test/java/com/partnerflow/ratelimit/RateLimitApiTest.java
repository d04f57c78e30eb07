package com.partnerflow.ratelimit;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.partnerflow.ratelimit.LoopbackHttp.Answer;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.TestProfiles;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Per-source limits over HTTP. Each test is its own sources (127.0.0.x: all of 127/8 is this
 * machine), so the tests do not share buckets. Sign-in here: 5 at once, one back every 12 min.
 *
 * <p>The suite's shared application context runs with limits it never reaches; these tests
 * tighten the sign-in limit on that context's {@link SourceRateLimits} for themselves and put the
 * suite's limits back afterwards (a second application context in the same JVM would take the
 * Camunda webapps and engine registry over from the shared one).
 */
@Tag("database")
class RateLimitApiTest extends IntegrationTestBase {

    private static final int CAPACITY = 5;

    @LocalServerPort
    int port;
    @Autowired
    SourceRateLimits limits;
    @Autowired
    RateLimitSettings settings;
    @Autowired
    DataSource dataSource;
    @Autowired
    com.partnerflow.config.ScheduledLocks scheduledLocks;

    @BeforeEach
    void tightSignInLimit() {
        limits.use(tightSignIn());
    }

    private RateLimitSettings tightSignIn() {
        Map<String, RateLimitSettings.Limit> groups = new HashMap<>(settings.groups());
        groups.put(RateLimitGroup.SIGN_IN.key(), new RateLimitSettings.Limit(CAPACITY, Duration.ofHours(1)));
        return new RateLimitSettings(groups);
    }

    @AfterEach
    void suiteLimitsBack() {
        limits.use(settings);
    }

    @Test
    void thirtySignInsForThirtyAddressesFromOneSourceAreCutOffAtTheCapacity() {
        String domain = newDomain();
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // a client's own X-Forwarded-For does not make it another source
            answers.add(LoopbackHttp.postJson("127.0.0.2", port, "/api/sessions",
                    "{\"email\":\"user" + i + "@" + domain + "\",\"password\":\"Wrong#2026a\"}",
                    Map.of("X-Forwarded-For", "203.0.113." + i)));
        }

        assertThat(answers.subList(0, CAPACITY)).extracting(Answer::status).containsOnly(401);
        assertThat(answers.subList(CAPACITY, 30)).extracting(Answer::status).containsOnly(429);
        for (Answer refused : answers.subList(CAPACITY, 30)) {
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body()).contains("\"code\":\"too-many-requests\"");
            // one request comes back every 12 minutes
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(700L, 720L);
        }
    }

    @Test
    void anotherSourceAndAnotherGroupAreNotAffected() {
        String domain = newDomain();
        for (int i = 0; i < CAPACITY; i++) {
            assertThat(signInFrom("127.0.0.3", "a" + i + "@" + domain).status()).isEqualTo(401);
        }
        assertThat(signInFrom("127.0.0.3", "late@" + domain).status()).isEqualTo(429);

        assertThat(signInFrom("127.0.0.4", "other@" + domain).status()).isEqualTo(401);
        Answer reset = LoopbackHttp.postJson("127.0.0.3", port, "/api/password-resets",
                "{\"email\":\"a0@" + domain + "\"}", Map.of());
        assertThat(reset.status()).isEqualTo(202);
    }

    /**
     * Two nodes on one PostgreSQL: a second bucket store built on the same database (as another
     * node builds its own) sees what this application's requests used up, and the other way round.
     */
    @Test
    void onPostgresTheBucketsAreSharedByEveryNode() throws Exception {
        assumeTrue(TestProfiles.onPostgres(), "the buckets are in the database on PostgreSQL only");
        ProxyManager<String> otherNodesStore = new RateLimitStoreConfiguration().rateLimitBuckets(dataSource);
        assertThat(otherNodesStore).isNotInstanceOf(io.github.bucket4j.caffeine.CaffeineProxyManager.class);
        SourceRateLimits otherNode = new SourceRateLimits(otherNodesStore, tightSignIn(), scheduledLocks);
        String domain = newDomain();

        for (int i = 0; i < CAPACITY; i++) {
            assertThat(signInFrom("127.0.0.5", "a" + i + "@" + domain).status()).isEqualTo(401);
        }
        assertThat(otherNode.tryAcquire(RateLimitGroup.SIGN_IN, "127.0.0.5")).isPresent();

        for (int i = 0; i < CAPACITY; i++) {
            assertThat(otherNode.tryAcquire(RateLimitGroup.SIGN_IN, "127.0.0.6")).isEmpty();
        }
        assertThat(signInFrom("127.0.0.6", "b@" + domain).status()).isEqualTo(429);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM rate_limit_bucket WHERE id LIKE 'sign-in/%/127.0.0.6'")
                .query(Long.class).single()).isEqualTo(1);
    }

    private Answer signInFrom(String source, String email) {
        return LoopbackHttp.postJson(source, port, "/api/sessions",
                "{\"email\":\"" + email + "\",\"password\":\"Wrong#2026a\"}", Map.of());
    }
}
