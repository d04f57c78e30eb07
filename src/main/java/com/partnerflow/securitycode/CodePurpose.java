package com.partnerflow.securitycode;

/**
 * What an emailed code completes. Each purpose has one {@link SecurityCodeMail} bean, written by
 * the capability that uses it; this block knows nothing else about them.
 */
public enum CodePurpose {
    /** The second step of signing in to an account with MFA switched on. */
    MFA_SIGN_IN,
    /** Choosing a new password after "forgot password". */
    PASSWORD_RESET,
    /** Proving the mailbox of a new registration (partner-registration.bpmn calls the delivery). */
    REGISTRATION
}
