package com.partnerflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.partnerflow.PartnerflowApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.util.TestSocketUtils;

/**
 * The start refuses what must not run: no profile chosen, dev together with postgres, and a
 * production ("postgres") start lacking a setting it needs. Each start is refused while the
 * configuration is read, before a bean exists; the settings are passed as command-line
 * properties named like the environment variables the README gives, as an operator sets them.
 * Every start here is also kept harmless should the check be missing (random ports, databases
 * and mail servers that do not exist), so a failing test cannot leave an application running.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupSettingsTest {

    /** A complete production configuration; each test takes one thing away. */
    private static Map<String, String> production() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://db.invalid:5432/partnerflow");
        settings.put("SPRING_DATASOURCE_USERNAME", "partnerflow");
        settings.put("SPRING_DATASOURCE_PASSWORD", "db-secret");
        settings.put("SPRING_MAIL_HOST", "smtp.invalid");
        settings.put("SPRING_MAIL_USERNAME", "mailer");
        settings.put("SPRING_MAIL_PASSWORD", "mail-secret");
        settings.put("PARTNERFLOW_PUBLIC_BASE_URL", "https://partners.example.com");
        settings.put("PARTNERFLOW_MAIL_FROM", "Partnerflow <no-reply@partners.example.com>");
        settings.put("PARTNERFLOW_SUPPORT_ADDRESS", "support@partners.example.com");
        settings.put("PARTNERFLOW_ADMIN_PASSWORD", "a-long-admin-secret");
        return settings;
    }

    private static void start(String profiles, Map<String, String> settings) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(PartnerflowApplication.class);
        if (profiles != null) {
            application.profiles(profiles.split(","));
        }
        Map<String, String> args = new LinkedHashMap<>(settings);
        args.put("server.port", "0");
        args.put("partnerflow.dev-mail.smtp-port", String.valueOf(TestSocketUtils.findAvailableTcpPort()));
        args.put("partnerflow.dev-mail.imap-port", String.valueOf(TestSocketUtils.findAvailableTcpPort()));
        if (profiles == null) {
            // what ran here before the check: the development profile, on its file database
            args.put("spring.datasource.url", "jdbc:h2:mem:startup-" + System.nanoTime());
        }
        application.run(args.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new)).close();
    }

    @Test
    void withoutAProfileTheStartIsRefusedAndSaysWhatToSet(CapturedOutput output) {
        assertThatThrownBy(() -> start(null, Map.of()))
                .isInstanceOf(StartupSettingsException.class)
                .hasMessageContaining("No profile chosen")
                .hasMessageContaining("SPRING_PROFILES_ACTIVE=postgres")
                .hasMessageContaining("SPRING_PROFILES_ACTIVE=dev")
                .hasMessageContaining("PARTNERFLOW_ADMIN_PASSWORD");
        // as the operator sees it: Spring Boot's failure report, not a stack trace
        assertThat(output).contains("APPLICATION FAILED TO START").contains("SPRING_PROFILES_ACTIVE=postgres");
    }

    @Test
    void developmentAndProductionCannotBeCombined() {
        assertThatThrownBy(() -> start("dev,postgres", production()))
                .isInstanceOf(StartupSettingsException.class)
                .hasMessageContaining("dev and postgres");
        assertThatThrownBy(() -> start("postgres,dev", production()))
                .isInstanceOf(StartupSettingsException.class)
                .hasMessageContaining("dev and postgres");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PARTNERFLOW_ADMIN_PASSWORD", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD", "SPRING_MAIL_HOST", "SPRING_MAIL_USERNAME", "SPRING_MAIL_PASSWORD",
            "PARTNERFLOW_PUBLIC_BASE_URL", "PARTNERFLOW_MAIL_FROM", "PARTNERFLOW_SUPPORT_ADDRESS"})
    void aProductionStartWithoutARequiredSettingIsRefusedNamingIt(String variable) {
        Map<String, String> missing = production();
        missing.remove(variable);
        assertThatThrownBy(() -> start("postgres", missing))
                .isInstanceOf(StartupSettingsException.class)
                .hasMessageContaining(variable + " ")
                .hasMessageContaining("is not set");

        Map<String, String> blank = production();
        blank.put(variable, "  ");
        assertThatThrownBy(() -> start("postgres", blank))
                .isInstanceOf(StartupSettingsException.class)
                .hasMessageContaining(variable + " ")
                .hasMessageContaining("is not set");
    }

    @Test
    void everyMissingSettingIsNamedAtOnce() {
        Map<String, String> settings = production();
        settings.remove("PARTNERFLOW_ADMIN_PASSWORD");
        settings.remove("SPRING_MAIL_HOST");
        assertThatThrownBy(() -> start("postgres", settings))
                .hasMessageContaining("PARTNERFLOW_ADMIN_PASSWORD")
                .hasMessageContaining("SPRING_MAIL_HOST")
                .hasMessageNotContaining("SPRING_DATASOURCE_URL");
    }

    @Test
    void aShortAdminPasswordIsRefused() {
        Map<String, String> settings = production();
        settings.put("PARTNERFLOW_ADMIN_PASSWORD", "Sh0rt#pass");
        assertThatThrownBy(() -> start("postgres", settings))
                .isInstanceOf(StartupSettingsException.class)
                .hasMessageContaining("PARTNERFLOW_ADMIN_PASSWORD")
                .hasMessageContaining("at least 12 characters")
                .hasMessageNotContaining("Sh0rt#pass"); // never echoes a secret
    }

    @Test
    void thePublicBaseUrlAndTheDatabaseUrlMustBeWhatTheyClaim() {
        Map<String, String> settings = production();
        settings.put("PARTNERFLOW_PUBLIC_BASE_URL", "partners.example.com");
        settings.put("SPRING_DATASOURCE_URL", "jdbc:h2:mem:oops");
        assertThatThrownBy(() -> start("postgres", settings))
                .hasMessageContaining("PARTNERFLOW_PUBLIC_BASE_URL")
                .hasMessageContaining("https://")
                .hasMessageContaining("SPRING_DATASOURCE_URL")
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void mailCredentialsAreOptionalWhenTheSmtpServerTakesNoLogin() {
        Map<String, String> settings = production();
        settings.remove("SPRING_MAIL_USERNAME");
        settings.remove("SPRING_MAIL_PASSWORD");
        settings.put("SPRING_MAIL_SMTP_AUTH", "false");
        settings.remove("PARTNERFLOW_ADMIN_PASSWORD");
        // refused only for the admin password: the mail settings are complete without a login
        assertThatThrownBy(() -> start("postgres", settings))
                .hasMessageContaining("PARTNERFLOW_ADMIN_PASSWORD")
                .hasMessageNotContaining("SPRING_MAIL_USERNAME");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PARTNERFLOW_INBOUND_MAIL_HOST", "PARTNERFLOW_INBOUND_MAIL_USERNAME",
            "PARTNERFLOW_INBOUND_MAIL_PASSWORD"})
    void withInboundMailOnItsServerAndLoginAreRequired(String variable) {
        Map<String, String> settings = production();
        settings.put("PARTNERFLOW_INBOUND_MAIL_ENABLED", "true");
        settings.put("PARTNERFLOW_INBOUND_MAIL_HOST", "imap.invalid");
        settings.put("PARTNERFLOW_INBOUND_MAIL_USERNAME", "support@partners.example.com");
        settings.put("PARTNERFLOW_INBOUND_MAIL_PASSWORD", "imap-secret");
        settings.remove(variable);
        assertThatThrownBy(() -> start("postgres", settings))
                .isInstanceOf(StartupSettingsException.class)
                .hasMessageContaining(variable + " ")
                .hasMessageContaining("is not set");
    }
}
