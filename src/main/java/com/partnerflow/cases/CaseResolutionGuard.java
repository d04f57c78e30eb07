package com.partnerflow.cases;

/**
 * Lets the process that owns a case refuse the partner's resolution (withdrawal) at stages where
 * it can no longer be undone, e.g. a merge already handed to the certification system. Called in
 * the resolving transaction, before the case's process is told.
 */
public interface CaseResolutionGuard {

    /** @throws com.partnerflow.api.ApiProblem when the case cannot be resolved by the partner now */
    void checkResolvable(SupportCase supportCase);
}
