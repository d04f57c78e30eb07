package com.partnerflow.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses a start that is not a deliberate choice: no profile at all (the jar would otherwise
 * run something nobody chose), {@code dev} together with {@code postgres}, or a production
 * ({@code postgres}) start lacking a setting it needs. Runs as soon as the configuration is read,
 * before any bean, database connection or engine exists (registered in META-INF/spring.factories),
 * and names every missing setting at once by the environment variable the README gives.
 *
 * <p>Settings are read as Spring's binder reads them, because that is how Camunda's starter
 * reads the admin password: an unresolved placeholder such as {@code ${PARTNERFLOW_ADMIN_PASSWORD}}
 * does not fail there but falls through as its literal text, which would become the password.
 */
public class StartupSettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    public static final String DEVELOPMENT = "dev";
    public static final String PRODUCTION = "postgres";
    static final int MIN_ADMIN_PASSWORD_LENGTH = 12;

    private static final Pattern UNRESOLVED_PLACEHOLDER = Pattern.compile("\\$\\{[^}]+}");

    /** When a setting is needed: always, or only with some feature on (read from the same binder). */
    private enum Needed {
        ALWAYS(binder -> true),
        WITH_SMTP_LOGIN(binder -> binder.bind("spring.mail.properties.mail.smtp.auth", Boolean.class).orElse(false)),
        WITH_INBOUND_MAIL(binder -> binder.bind("partnerflow.inbound-mail.enabled", Boolean.class).orElse(false));

        private final Predicate<Binder> applies;

        Needed(Predicate<Binder> applies) {
            this.applies = applies;
        }
    }

    /** One setting production needs: its property, the environment variable that sets it, and its rule. */
    private record Required(String property, String variable, String meaning, Needed needed,
                            Predicate<String> valid, String rule) {

        Required(String property, String variable, String meaning, Needed needed) {
            this(property, variable, meaning, needed, value -> true, null);
        }

        /** Null when fine or not needed, else one line of the report (never the value: it may be a secret). */
        String problem(Binder binder) {
            if (!needed.applies.test(binder)) {
                return null;
            }
            String value = binder.bind(property, String.class).orElse(null);
            if (value == null || value.isBlank() || UNRESOLVED_PLACEHOLDER.matcher(value).find()) {
                return variable + " (" + property + ") is not set: " + meaning;
            }
            return valid.test(value.trim()) ? null : variable + " (" + property + ") " + rule;
        }
    }

    private static final List<Required> PRODUCTION_SETTINGS = List.of(
            new Required("spring.datasource.url", "SPRING_DATASOURCE_URL",
                    "the JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://db:5432/partnerflow", Needed.ALWAYS,
                    url -> url.startsWith("jdbc:postgresql://"),
                    "must be a PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/partnerflow"),
            new Required("spring.datasource.username", "SPRING_DATASOURCE_USERNAME", "the database user", Needed.ALWAYS),
            new Required("spring.datasource.password", "SPRING_DATASOURCE_PASSWORD", "the database user's password",
                    Needed.ALWAYS),
            new Required("spring.mail.host", "SPRING_MAIL_HOST", "the SMTP server that sends the application's mail",
                    Needed.ALWAYS),
            // SPRING_MAIL_SMTP_AUTH is true unless set otherwise
            new Required("spring.mail.username", "SPRING_MAIL_USERNAME",
                    "the SMTP login (or SPRING_MAIL_SMTP_AUTH=false for a server that takes none)", Needed.WITH_SMTP_LOGIN),
            new Required("spring.mail.password", "SPRING_MAIL_PASSWORD", "the SMTP password", Needed.WITH_SMTP_LOGIN),
            new Required("partnerflow.public-base-url", "PARTNERFLOW_PUBLIC_BASE_URL",
                    "the address partners reach the application at, the start of every link in a mail, "
                            + "e.g. https://partners.example.com", Needed.ALWAYS,
                    StartupSettingsCheck::isAbsoluteHttpUrl,
                    "must be an absolute http:// or https:// address, e.g. https://partners.example.com"),
            new Required("partnerflow.mail.from", "PARTNERFLOW_MAIL_FROM",
                    "the sender of the application's mail, e.g. Partnerflow <no-reply@partners.example.com>",
                    Needed.ALWAYS),
            new Required("partnerflow.cases.support-address", "PARTNERFLOW_SUPPORT_ADDRESS",
                    "the support mailbox partners reply to, e.g. support@partners.example.com", Needed.ALWAYS),
            new Required("camunda.bpm.admin-user.password", "PARTNERFLOW_ADMIN_PASSWORD",
                    "the password of the first Camunda admin (at least " + MIN_ADMIN_PASSWORD_LENGTH + " characters)",
                    Needed.ALWAYS, password -> password.length() >= MIN_ADMIN_PASSWORD_LENGTH,
                    "is too short: the first Camunda admin's password needs at least " + MIN_ADMIN_PASSWORD_LENGTH
                            + " characters"),
            // PARTNERFLOW_INBOUND_MAIL_ENABLED=true
            new Required("partnerflow.inbound-mail.host", "PARTNERFLOW_INBOUND_MAIL_HOST",
                    "the IMAP server of the support mailbox", Needed.WITH_INBOUND_MAIL),
            new Required("partnerflow.inbound-mail.username", "PARTNERFLOW_INBOUND_MAIL_USERNAME",
                    "the support mailbox's login", Needed.WITH_INBOUND_MAIL),
            new Required("partnerflow.inbound-mail.password", "PARTNERFLOW_INBOUND_MAIL_PASSWORD",
                    "the support mailbox's password", Needed.WITH_INBOUND_MAIL));

    @Override
    public int getOrder() {
        // after logging is set up, so the refusal is reported like any failed start
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment());
    }

    static void check(ConfigurableEnvironment environment) {
        boolean development = environment.matchesProfiles(DEVELOPMENT);
        boolean production = environment.matchesProfiles(PRODUCTION);
        if (!development && !production) {
            throw new StartupSettingsException("No profile chosen: Partnerflow starts only on a profile named on purpose.",
                    "Choose one: SPRING_PROFILES_ACTIVE=postgres for production (then also set "
                            + PRODUCTION_SETTINGS.stream().filter(setting -> setting.needed() != Needed.WITH_INBOUND_MAIL)
                                    .map(Required::variable).collect(Collectors.joining(", "))
                            + "; see README, Configuration), or SPRING_PROFILES_ACTIVE=dev for a local trial "
                            + "(embedded database and mail server, admin/admin, the dev mailbox). "
                            + "mvn spring-boot:run chooses dev.");
        }
        if (development && production) {
            throw new StartupSettingsException("The profiles dev and postgres were both chosen: dev brings development "
                    + "tools (the users admin/admin and agent/agent, /dev/mailbox showing every security code, "
                    + "/dev/clock, seed data) that must never run in production.",
                    "Choose one: SPRING_PROFILES_ACTIVE=postgres for production, or dev for a local trial.");
        }
        if (production) {
            Binder binder = Binder.get(environment);
            List<String> problems = PRODUCTION_SETTINGS.stream().map(setting -> setting.problem(binder))
                    .filter(Objects::nonNull).toList();
            if (!problems.isEmpty()) {
                throw new StartupSettingsException("The production profile (postgres) lacks settings it needs:\n  - "
                        + String.join("\n  - ", problems),
                        "Set these environment variables (or the properties in brackets) and start again; "
                                + "README, Configuration, lists every setting.");
            }
        }
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }
}
