package com.partnerflow.cases;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/** Loads the case (and the partner who opened it) that a process step works on. */
@Component
public class CaseContext {

    private final CaseRepository cases;
    private final PartnerDirectory directory;

    public CaseContext(CaseRepository cases, PartnerDirectory directory) {
        this.cases = cases;
        this.directory = directory;
    }

    public SupportCase caseOf(VariableScope scope) {
        return cases.find(UUID.fromString((String) scope.getVariable(CaseProcesses.CASE_ID))).orElseThrow();
    }

    public PartnerUser partnerOf(SupportCase supportCase) {
        return directory.findUser(supportCase.openedBy()).orElseThrow();
    }
}
