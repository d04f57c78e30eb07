package com.partnerflow.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.partnerflow.ratelimit.LoopbackHttp.Answer;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.TestProfiles;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Per-source limits over HTTP. Each test is its own sources (127.0.0.x: all of 127/8 is this
 * machine), so the tests do not share buckets. Sign-in here: 5 at once, one back every 12 min.
 *
 * <p>The tight limit needs an application context of its own. It gets its own H2 database and a
 * uniquely named engine, so that it never shares jobs, mail or the engine registry with the
 * suite's shared context, no Camunda webapps (they keep their runtime in static fields: a second
 * instance would take them over from the shared context), and it is closed after this class.
 */
@TestPropertySource(properties = {
        "partnerflow.rate-limits.groups.sign-in.capacity=5",
        "partnerflow.rate-limits.groups.sign-in.refill-period=PT1H",
        "spring.datasource.url=jdbc:h2:mem:partnerflow-ratelimit-test;DB_CLOSE_DELAY=-1",
        "camunda.bpm.generate-unique-process-engine-name=true",
        "camunda.bpm.generate-unique-process-application-name=true",
        "camunda.bpm.webapp.enabled=false"})
@DirtiesContext
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
        SourceRateLimits otherNode = new SourceRateLimits(otherNodesStore, settings);
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
