package com.partnerflow.cases;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.stereotype.Component;

/** Links into Tasklist that the agents' forms offer. */
@Component
public class TasklistLinks {

    private final String tasklist;

    public TasklistLinks(CamundaBpmProperties camunda) {
        this.tasklist = camunda.getWebapp().getApplicationPath() + "/app/tasklist/default/#/";
    }

    /**
     * Tasklist searching the caller's tasks whose process has this case number: Tasklist keeps its
     * search in the URL's {@code searchQuery} parameter, a JSON list of search pills. Only for case
     * numbers we issued ({@link SupportCase#format}), never for text a sender wrote.
     */
    public String tasksOfCase(String caseNumber) {
        String pills = "[{\"type\":\"processVariables\",\"operator\":\"eq\",\"value\":\"" + caseNumber
                + "\",\"name\":\"" + CaseProcesses.CASE_NUMBER + "\"}]";
        return tasklist + "?searchQuery=" + URLEncoder.encode(pills, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
