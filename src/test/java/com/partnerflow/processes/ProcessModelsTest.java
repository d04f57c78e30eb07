package com.partnerflow.processes;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.certifications.MergeStageListener;
import com.partnerflow.config.AgentTaskGrants;
import com.partnerflow.config.StaffGroups;
import com.partnerflow.support.IntegrationTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/** The conventions every model in processes/ must keep, checked on the files themselves. */
class ProcessModelsTest extends IntegrationTestBase {

    /** The bean an expression calls: {@code ${bean}} or {@code ${bean.method(…)}}. */
    private static final Pattern BEAN = Pattern.compile("^[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:[.(].*)?}$");

    @Autowired
    RepositoryService repository;
    @Autowired
    ConfigurableApplicationContext context;

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

    /**
     * From an activity id seen in Cockpit to the Java behind it in one search: for every service
     * task and every execution or task listener in processes/, the id of the element it serves
     * (the process id for a process-level listener) appears in the Java source of the bean its
     * expression calls (the bean's class, or the configuration class of its @Bean method).
     */
    @Test
    void everyActivityIdAppearsInTheJavaOfTheBeanItCalls() throws IOException {
        Set<String> missing = new LinkedHashSet<>(); // a task listener on create and complete counts once
        int checked = 0;
        for (Path model : models()) {
            BpmnModelInstance instance = Bpmn.readModelFromFile(model.toFile());
            List<String[]> uses = new ArrayList<>(); // {element id, expression}
            for (ServiceTask task : instance.getModelElementsByType(ServiceTask.class)) {
                assertThat(task.getCamundaClass()).as("%s: %s names a class, not a bean", model, task.getId()).isNull();
                uses.add(new String[] {task.getId(), task.getCamundaDelegateExpression() != null
                        ? task.getCamundaDelegateExpression() : task.getCamundaExpression()});
            }
            for (CamundaExecutionListener l : instance.getModelElementsByType(CamundaExecutionListener.class)) {
                uses.add(new String[] {ownerId(l), l.getCamundaDelegateExpression() != null
                        ? l.getCamundaDelegateExpression() : l.getCamundaExpression()});
            }
            for (CamundaTaskListener l : instance.getModelElementsByType(CamundaTaskListener.class)) {
                uses.add(new String[] {ownerId(l), l.getCamundaDelegateExpression() != null
                        ? l.getCamundaDelegateExpression() : l.getCamundaExpression()});
            }
            for (String[] use : uses) {
                checked++;
                String elementId = use[0];
                Matcher bean = BEAN.matcher(String.valueOf(use[1]));
                if (!bean.matches()) {
                    missing.add(model.getFileName() + " " + elementId + ": no bean expression (" + use[1] + ")");
                    continue;
                }
                Path source = sourceOf(bean.group(1));
                if (!Files.readString(source).contains(elementId)) {
                    missing.add(model.getFileName() + " " + elementId + " -> " + bean.group(1) + " in " + source);
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(missing).as("activity ids the Java of their bean does not name").isEmpty();
    }

    /** The merge's stage table names exactly the activities that carry its listener. */
    @Test
    void theMergeStageListenerKnowsEveryActivityItListensAt() {
        BpmnModelInstance merge = Bpmn.readModelFromFile(Path.of("processes/certification-account-merge.bpmn").toFile());
        Set<String> listenedAt = new LinkedHashSet<>();
        for (CamundaExecutionListener l : merge.getModelElementsByType(CamundaExecutionListener.class)) {
            if ("${mergeStageListener}".equals(l.getCamundaDelegateExpression())) {
                assertThat(l.getCamundaEvent()).isEqualTo("start");
                listenedAt.add(ownerId(l));
            }
        }
        assertThat(listenedAt).containsExactlyInAnyOrderElementsOf(MergeStageListener.STAGE_STARTING_AT.keySet());
    }

    private static String ownerId(ModelElementInstance listener) {
        ModelElementInstance owner = listener.getParentElement().getParentElement(); // extensionElements' parent
        return ((BaseElement) owner).getId();
    }

    /** src/main/java/…/X.java of the bean's class, or of the configuration class declaring its @Bean method. */
    private Path sourceOf(String beanName) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        BeanDefinition definition = beans.getMergedBeanDefinition(beanName);
        Class<?> type = ClassUtils.getUserClass(definition.getFactoryBeanName() != null
                ? beans.getType(definition.getFactoryBeanName()) : beans.getType(beanName));
        while (type.getEnclosingClass() != null) {
            type = type.getEnclosingClass();
        }
        Path source = Path.of("src/main/java", type.getName().replace('.', '/') + ".java");
        assertThat(source).as("source of bean %s", beanName).exists();
        return source;
    }

    /** What lets config.AgentTaskGrants grant the agents per process instead of per task. */
    @Test
    void theUserTasksOfTheAgentsProcessesAreOfferedToTheAgentsAloneAndNoOtherModelHasOne() throws IOException {
        Set<String> withUserTasks = new LinkedHashSet<>();
        for (Path model : models()) {
            BpmnModelInstance instance = Bpmn.readModelFromFile(model.toFile());
            for (UserTask task : instance.getModelElementsByType(UserTask.class)) {
                withUserTasks.add(instance.getModelElementsByType(Process.class).iterator().next().getId());
                assertThat(task.getCamundaCandidateGroups()).as("candidate groups of %s in %s", task.getId(), model)
                        .isEqualTo(StaffGroups.SUPPORT_AGENTS);
                assertThat(task.getCamundaCandidateUsers()).as("candidate users of %s", task.getId()).isNull();
                assertThat(task.getCamundaAssignee()).as("assignee of %s", task.getId()).isNull();
            }
        }
        assertThat(withUserTasks).containsExactlyInAnyOrderElementsOf(AgentTaskGrants.PROCESSES);
    }
}
