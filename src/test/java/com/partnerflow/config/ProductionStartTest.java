package com.partnerflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.partnerflow.PartnerflowApplication;
import com.partnerflow.certifications.DevClockController;
import com.partnerflow.certifications.system.DevCertificationSeed;
import com.partnerflow.mail.DevMailboxController;
import com.partnerflow.marketplace.DevMarketplaceSeed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.client.NoOpResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/**
 * A production start as an operator makes it: profile postgres, every setting given as the README
 * names it, on a real PostgreSQL. It starts; and although every development switch is forced on
 * (as a mistyped or leftover environment would), no development tool exists: no dev mail server,
 * no /dev pages, no seed users, no seed data.
 */
class ProductionStartTest {

    @Test
    void startsWithEverySettingAndHasNoDevelopmentToolsEvenWhenTheirSwitchesAreOn() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             ConfigurableApplicationContext context = new SpringApplicationBuilder(PartnerflowApplication.class)
                     .profiles("postgres")
                     .run(args(postgres))) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            RestTemplate http = new RestTemplateBuilder().rootUri("http://localhost:" + port)
                    .errorHandler(new NoOpResponseErrorHandler()).build();

            // up and answering (health itself is DOWN: there is no SMTP server behind SPRING_MAIL_HOST here)
            ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
            assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            // anonymous: the status only, and no metrics (operations.ActuatorAccessFilter)
            assertThat(health.getBody()).isEqualTo("{\"status\":\"DOWN\",\"groups\":[\"liveness\",\"readiness\"]}");
            assertThat(http.getForEntity("/actuator/health/readiness", String.class).getBody())
                    .isEqualTo("{\"status\":\"DOWN\"}");
            assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
            assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode())
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
            for (String devPage : List.of("/dev/mailbox", "/dev/mailbox/messages", "/dev/clock",
                    "/v3/api-docs", "/v3/api-docs/partner-api", "/swagger-ui.html", "/swagger-ui/index.html")) {
                ResponseEntity<String> answer = http.getForEntity(devPage, String.class);
                assertThat(answer.getStatusCode()).as(devPage).isEqualTo(HttpStatus.NOT_FOUND);
            }
            assertThat(context.getBeanNamesForType(GreenMail.class)).isEmpty();
            assertThat(context.getBeanNamesForType(DevMailboxController.class)).isEmpty();
            assertThat(context.getBeanNamesForType(DevClockController.class)).isEmpty();
            assertThat(context.getBeanNamesForType(DevMarketplaceSeed.class)).isEmpty();
            assertThat(context.getBeanNamesForType(DevCertificationSeed.class)).isEmpty();

            IdentityService identity = context.getBean(IdentityService.class);
            assertThat(identity.createUserQuery().userId("agent").count()).isZero();
            assertThat(identity.checkPassword("admin", "a-long-admin-secret")).isTrue();
            assertThat(identity.checkPassword("admin", "${PARTNERFLOW_ADMIN_PASSWORD}")).isFalse();

            JdbcClient jdbc = context.getBean(JdbcClient.class);
            for (String seeded : List.of("cert_system_account", "mp_seller_account", "partner_task_catalogue")) {
                assertThat(jdbc.sql("select count(*) from " + seeded).query(Long.class).single()).as(seeded).isZero();
            }

            // the planner settings agents' task lists need at 100,000 open cases (README "Performance"):
            // custom plans in a signed-in staff user's commands only, cached plans for the rest
            assertThat(jdbc.sql("SHOW jit").query(String.class).single()).isEqualTo("off");
            assertThat(jdbc.sql("SHOW plan_cache_mode").query(String.class).single()).isEqualTo("auto");
            CommandExecutor commands = ((ProcessEngineConfigurationImpl) context.getBean(ProcessEngine.class)
                    .getProcessEngineConfiguration()).getCommandExecutorTxRequired();
            Command<String> planCacheMode = command -> {
                try (var statement = command.getDbSqlSession().getSqlSession().getConnection().createStatement();
                     var result = statement.executeQuery("SHOW plan_cache_mode")) {
                    result.next();
                    return result.getString(1);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(commands.execute(planCacheMode)).as("the job executor's, the partner API's").isEqualTo("auto");
            identity.setAuthentication("admin", List.of("camunda-admin"));
            try {
                assertThat(commands.execute(planCacheMode)).as("a staff user's").isEqualTo("force_custom_plan");
            } finally {
                identity.clearAuthentication();
            }
            assertThat(commands.execute(planCacheMode)).as("after it, on the same pool").isEqualTo("auto");
            assertThat(jdbc.sql("SELECT stxname FROM pg_statistic_ext WHERE stxrelid = 'act_ru_authorization'::regclass"
                    + " AND stxexprs IS NOT NULL").query(String.class).list())
                    .containsExactlyInAnyOrderElementsOf(AuthorizationStatistics.BITS.keySet());
            // jobs are acquired through an index on their due date, and the locked ones are found
            // through a partial index of their own (config.JobAcquisitionIndex)
            assertThat(jdbc.sql("SELECT count(*) FROM pg_indexes WHERE indexname = ?").param(JobAcquisitionIndex.INDEX)
                    .query(Long.class).single()).isOne();
            assertThat(jdbc.sql("SELECT indexdef FROM pg_indexes WHERE indexname = ?")
                    .param(JobAcquisitionIndex.LOCKED_INDEX).query(String.class).single())
                    .containsIgnoringCase("WHERE (lock_owner_ IS NOT NULL)");
            assertThat(jdbc.sql("SELECT count(*) FROM act_ru_job WHERE duedate_ IS NULL").query(Long.class).single()).isZero();
        }
    }

    private static String[] args(EmbeddedPostgres postgres) {
        return new String[] {
                "--SPRING_DATASOURCE_URL=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--SPRING_DATASOURCE_USERNAME=postgres",
                "--SPRING_DATASOURCE_PASSWORD=unused-by-trust-auth",
                "--SPRING_MAIL_HOST=127.0.0.1",
                "--SPRING_MAIL_PORT=" + TestSocketUtils.findAvailableTcpPort(),
                "--SPRING_MAIL_USERNAME=mailer",
                "--SPRING_MAIL_PASSWORD=mail-secret",
                "--PARTNERFLOW_PUBLIC_BASE_URL=https://partners.example.com",
                "--PARTNERFLOW_MAIL_FROM=Partnerflow <no-reply@partners.example.com>",
                "--PARTNERFLOW_SUPPORT_ADDRESS=support@partners.example.com",
                "--PARTNERFLOW_ADMIN_PASSWORD=a-long-admin-secret",
                "--server.port=0",
                // The suite's shared application runs in this JVM too, and Camunda keeps its engine
                // registry and the webapps' runtime in static fields: an engine of the same name, or
                // webapps, would take them over and leave engine REST without its "default" engine
                // once this application closes.
                "--camunda.bpm.generate-unique-process-engine-name=true",
                "--camunda.bpm.generate-unique-process-application-name=true",
                "--camunda.bpm.webapp.enabled=false",
                // every development switch forced on, on the command line, which beats the profile's files
                "--partnerflow.dev-mail.enabled=true",
                "--partnerflow.dev-mail.smtp-port=" + TestSocketUtils.findAvailableTcpPort(),
                "--partnerflow.dev-mail.imap-port=" + TestSocketUtils.findAvailableTcpPort(),
                "--partnerflow.dev-users.enabled=true",
                "--partnerflow.dev-clock.enabled=true",
                "--partnerflow.dev-seed.enabled=true",
                "--partnerflow.certifications.local.seed-dev-data=true"};
    }
}
