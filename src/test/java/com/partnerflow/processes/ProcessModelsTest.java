package com.partnerflow.processes;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.support.IntegrationTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The conventions every model in processes/ must keep, checked on the files themselves. */
class ProcessModelsTest extends IntegrationTestBase {

    @Autowired
    RepositoryService repository;

    static List<Path> models() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            return files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
        }
    }

    @Test
    void everyModelIsDeployedUnderItsFileName() throws IOException {
        assertThat(models()).isNotEmpty();
        for (Path model : models()) {
            String key = model.getFileName().toString().replace(".bpmn", "");
            assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().count())
                    .as("deployed process %s", key).isEqualTo(1);
        }
    }

    @Test
    void everyModelHasHistoryTimeToLiveNamesAndADiagram() throws IOException {
        for (Path model : models()) {
            BpmnModelInstance instance = Bpmn.readModelFromFile(model.toFile());
            Bpmn.validateModel(instance);
            for (Process process : instance.getModelElementsByType(Process.class)) {
                assertThat(process.getCamundaHistoryTimeToLiveString()).as("%s historyTimeToLive", model).isNotBlank();
                assertThat(process.getName()).as("%s process name", model).isNotBlank();
            }
            for (FlowNode node : instance.getModelElementsByType(FlowNode.class)) {
                assertThat(node.getName()).as("%s: name of %s", model, node.getId()).isNotBlank();
                assertThat(instance.getModelElementsByType(BpmnShape.class))
                        .as("%s: shape of %s", model, node.getId())
                        .anyMatch(shape -> shape.getBpmnElement() == node);
            }
        }
    }
}
