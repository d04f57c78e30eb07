package com.partnerflow.config;

import com.icegreen.greenmail.util.GreenMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.core.env.Environment;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Prints where everything is once the application is up. */
@Component
public class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    @EventListener
    public void onReady(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : env.getProperty("server.port", Integer.class, 8080);
        String base = "http://localhost:" + port;
        StringBuilder report = new StringBuilder()
                .append("\n  Partnerflow is up (profiles: ").append(String.join(",", env.getActiveProfiles().length > 0
                        ? env.getActiveProfiles() : env.getDefaultProfiles())).append(")")
                .append("\n  Partner API        ").append(base).append("/api")
                .append("\n  Camunda webapps    ").append(base).append("/camunda  (Cockpit, Tasklist, Admin)")
                .append("\n  Engine REST API    ").append(base).append("/engine-rest  (process admins, HTTP Basic)")
                .append("\n  Metrics, health    ").append(base).append("/actuator/prometheus, /actuator/health/readiness")
                .append("\n  Database           ").append(describeDatabase(env.getProperty("spring.datasource.url")))
                .append("\n  Outgoing mail      ").append(env.getProperty("spring.mail.host")).append(':')
                .append(env.getProperty("spring.mail.port"));
        // the dev mail server exists only in the dev profile (see DevelopmentOnly)
        if (event.getApplicationContext().getBeanProvider(GreenMail.class).getIfAvailable() != null) {
            report.append("\n  Dev mailbox        ").append(base).append("/dev/mailbox  (SMTP ")
                    .append(env.getProperty("partnerflow.dev-mail.smtp-port")).append(", IMAP ")
                    .append(env.getProperty("partnerflow.dev-mail.imap-port")).append(")");
        }
        log.info(report.toString());
    }

    /**
     * What an operator needs of the JDBC URL: the kind of database and where it is, never what
     * may follow it (user, password, ssl keys as URL parameters): {@code postgresql //db:5432/partnerflow}.
     */
    static String describeDatabase(String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            return "(DataSource bean)";
        }
        String rest = url.substring("jdbc:".length());
        int kindEnd = rest.indexOf(':');
        if (kindEnd < 0) {
            return "(unrecognised JDBC URL)";
        }
        String kind = rest.substring(0, kindEnd);
        String location = rest.substring(kindEnd + 1);
        int parameters = indexOfAny(location, "?;&");
        if (parameters >= 0) {
            location = location.substring(0, parameters);
        }
        int credentials = location.lastIndexOf('@');
        if (credentials >= 0) {
            location = location.substring(0, location.startsWith("//") ? 2 : 0) + location.substring(credentials + 1);
        }
        return kind + " " + location;
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
