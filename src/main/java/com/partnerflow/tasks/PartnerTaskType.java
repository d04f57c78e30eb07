package com.partnerflow.tasks;

/** The guide's three kinds of partner task. */
public enum PartnerTaskType {
    /** Partner Central onboarding, account setup and administration. */
    ACCOUNT,
    /** Build, market, sell and grow solutions; each has a {@link SolutionStage}. */
    SOLUTION,
    /** Enrol in and complete partner programmes. */
    PROGRAM
}
