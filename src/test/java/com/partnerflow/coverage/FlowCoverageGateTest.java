package com.partnerflow.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowCoverageGateTest {

    @TempDir
    Path dir;

    private Path models() throws IOException {
        Path models = Files.createDirectories(dir.resolve("processes"));
        Bpmn.writeModelToFile(models.resolve("choice.bpmn").toFile(), Bpmn.createExecutableProcess("choice")
                .startEvent("Start").sequenceFlowId("Flow_Start").exclusiveGateway("Gateway")
                .sequenceFlowId("Flow_Yes").endEvent("End_Yes")
                .moveToLastGateway().sequenceFlowId("Flow_No").endEvent("End_No").done());
        return models;
    }

    private void report(String testClass, String... takenIds) throws IOException {
        StringBuilder events = new StringBuilder();
        for (String id : takenIds) {
            events.append(events.isEmpty() ? "" : ",").append("{\"source\":\"FLOW_NODE\",\"type\":\"START\","
                    + "\"definitionKey\":\"" + id + "\",\"modelKey\":\"choice\"}");
        }
        Path report = Files.createDirectories(dir.resolve("coverage").resolve(testClass)).resolve("report.json");
        Files.writeString(report, "{\"suites\":[{\"id\":\"" + testClass + "\",\"runs\":[{\"id\":\"t\",\"events\":["
                + events + "]}]}],\"models\":[]}");
    }

    private List<String> check(Instant notBefore) throws IOException {
        return FlowCoverageGate.check(models(), notBefore, List.of(dir.resolve("coverage"), dir.resolve("absent")));
    }

    @Test
    void passesWhenTheClassesTogetherTakeEveryFlow() throws IOException {
        report("YesTest", "Start", "Gateway", "Flow_Yes", "End_Yes");
        report("NoTest", "Start", "Flow_Start", "Gateway", "Flow_No", "End_No");

        assertThat(check(Instant.EPOCH)).isEmpty();
    }

    @Test
    void failsNamingWhatNoTestTook() throws IOException {
        report("YesTest", "Start", "Gateway", "Flow_Yes", "End_Yes");

        List<String> problems = check(Instant.EPOCH);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("choice ").contains("never taken:").contains("Flow_No", "End_No")
                .doesNotContain("Flow_Yes");
    }

    @Test
    void reportsOfAnEarlierBuildDoNotCount() throws IOException {
        report("OldTest", "Start", "Flow_Start", "Gateway", "Flow_Yes", "End_Yes", "Flow_No", "End_No");
        Files.setLastModifiedTime(dir.resolve("coverage/OldTest/report.json"),
                FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

        assertThat(check(Instant.parse("2021-01-01T00:00:00Z"))).containsExactly(
                "no coverage report of this build in " + List.of(dir.resolve("coverage"), dir.resolve("absent")));
    }
}
