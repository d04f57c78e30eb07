package com.partnerflow.cluster;

import com.partnerflow.PartnerflowApplication;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One node of a test cluster: the application in its production profile ({@code postgres}) in
 * this JVM, configured as the README's "Running a cluster" says, on the cluster's one database,
 * SMTP server and support mailbox. Only what two applications in one JVM need differs from a real
 * node: an application name and a port of its own, no webapps (their runtime is static), and an
 * engine name other than the suite's "default" (Camunda's engine registry is static too; both
 * nodes use the same name, as a real cluster would).
 */
final class ClusterNode implements AutoCloseable {

    /** The servers every node uses. */
    record Cluster(String jdbcUrl, int smtpPort, int imapPort, String supportAddress) {
    }

    final String name;
    final ConfigurableApplicationContext context;
    final int port;
    private volatile boolean alive = true;

    private ClusterNode(String name, ConfigurableApplicationContext context) {
        this.name = name;
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static ClusterNode start(String name, Cluster cluster, List<String> extra) {
        List<String> args = new ArrayList<>(List.of(
                // the production settings, as the README names them
                "--SPRING_DATASOURCE_URL=" + cluster.jdbcUrl() + "?ApplicationName=" + name,
                "--SPRING_DATASOURCE_USERNAME=postgres",
                "--SPRING_DATASOURCE_PASSWORD=unused-by-trust-auth",
                "--SPRING_MAIL_HOST=127.0.0.1",
                "--SPRING_MAIL_PORT=" + cluster.smtpPort(),
                "--SPRING_MAIL_USERNAME=mailer",
                "--SPRING_MAIL_PASSWORD=mail-secret",
                "--SPRING_MAIL_SMTP_AUTH=false",
                "--SPRING_MAIL_STARTTLS=false",
                "--PARTNERFLOW_PUBLIC_BASE_URL=https://partners.example.com",
                "--PARTNERFLOW_MAIL_FROM=Partnerflow <no-reply@partners.example.com>",
                "--PARTNERFLOW_SUPPORT_ADDRESS=" + cluster.supportAddress(),
                "--PARTNERFLOW_ADMIN_PASSWORD=a-long-admin-secret",
                "--PARTNERFLOW_INBOUND_MAIL_ENABLED=true",
                "--PARTNERFLOW_INBOUND_MAIL_HOST=127.0.0.1",
                "--PARTNERFLOW_INBOUND_MAIL_PORT=" + cluster.imapPort(),
                "--PARTNERFLOW_INBOUND_MAIL_PROTOCOL=imap",
                "--PARTNERFLOW_INBOUND_MAIL_USERNAME=" + cluster.supportAddress(),
                "--PARTNERFLOW_INBOUND_MAIL_PASSWORD=any",
                "--PARTNERFLOW_INBOUND_MAIL_POLL_INTERVAL=PT1S",
                // what each node has of its own
                "--server.port=0",
                "--spring.application.name=partnerflow-" + name,
                // the engine's host name goes into the job log (ACT_HI_JOB_LOG.HOSTNAME_): which node ran a job
                "--camunda.bpm.generic-properties.properties.hostname=" + name,
                // two nodes in one JVM: see the class comment
                "--camunda.bpm.process-engine-name=cluster",
                "--camunda.bpm.webapp.enabled=false",
                // quicker than production, so the test is short (production: 30 s lock, 2-5 s waits)
                "--camunda.bpm.job-execution.lock-time-in-millis=10000",
                "--camunda.bpm.job-execution.wait-time-in-millis=100",
                "--camunda.bpm.job-execution.max-wait=1000",
                "--partnerflow.cases.held-reply-retry=PT1S",
                "--partnerflow.mail.outage-check=PT1S",
                // all load comes from 127.0.0.1; sign-in keeps a limit the test reaches
                "--partnerflow.rate-limits.groups.registration.capacity=1000000",
                "--partnerflow.rate-limits.groups.registration.refill-period=PT1S",
                "--partnerflow.rate-limits.groups.code-requests.capacity=1000000",
                "--partnerflow.rate-limits.groups.code-requests.refill-period=PT1S",
                "--partnerflow.rate-limits.groups.sign-in.capacity=8",
                "--partnerflow.rate-limits.groups.sign-in.refill-period=PT1H"));
        args.addAll(extra);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PartnerflowApplication.class)
                .profiles("postgres")
                .run(args.toArray(String[]::new));
        return new ClusterNode(name, context);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    boolean isAlive() {
        return alive;
    }

    /**
     * Dies as a node does when its machine fails: its database connections are cut (their
     * transactions roll back; the jobs it locked stay locked until the lock expires), its HTTP
     * port stops answering, and only then is what is left of it shut down.
     */
    void kill() {
        alive = false;
        DataSource dataSource = context.getBean(DataSource.class);
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.close(); // aborts the connections in use: no commit after this
        }
        ((WebServerApplicationContext) context).getWebServer().stop();
        context.close();
    }

    @Override
    public void close() {
        if (alive) {
            alive = false;
            context.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
