package com.partnerflow.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageTestExecutionListener;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestExecutionListeners;

/**
 * The fast layer: one BPMN model driven step by step on the engine alone. The application's
 * beans (delegates, listeners, our repositories, the mailer) are real, on an in-memory H2 of its
 * own and the dev mail server on free ports, but there is no web server, no engine REST, no
 * webapps, no inbound mail reader and no job executor: a test runs each job itself
 * ({@code execute(job())}) and moves the engine clock for timers. Every class with this
 * annotation shares one context (about as quick to start as the engine itself), separate from
 * the full application's ({@link IntegrationTest}), which may live beside it in the same JVM:
 * hence the unique engine and application names and a database of its own.
 *
 * <p>Web environment NONE works only with engine REST's Jersey auto-configuration excluded (it
 * wants a JerseyApplicationPath otherwise); the webapps' is excluded for the same reason.
 *
 * <p>Runs in the H2 pass only (tag {@code process}): what it checks does not depend on the
 * database. Flow coverage is recorded like the full-application tests' and counted by the gate.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("process")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.autoconfigure.exclude="
                + "org.camunda.bpm.spring.boot.starter.rest.CamundaBpmRestJerseyAutoConfiguration,"
                + "org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "camunda.bpm.job-execution.enabled=false",
        "camunda.bpm.generate-unique-process-engine-name=true",
        "camunda.bpm.generate-unique-process-application-name=true",
        "camunda.bpm.webapp.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:partnerflow-process-test;DB_CLOSE_DELAY=-1",
        "partnerflow.inbound-mail.enabled=false",
})
@ActiveProfiles({"dev", "test"})
@ContextConfiguration(initializers = FreePortsInitializer.class)
@Import(ProcessEngineCoverageConfiguration.class)
@TestExecutionListeners(listeners = ProcessEngineCoverageTestExecutionListener.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public @interface ProcessTest {
}
