package com.partnerflow.securitycode;

/** What an emailed code completes, and the mail template that carries it. */
public enum CodePurpose {
    /** The second step of signing in to an account with MFA switched on. */
    MFA_SIGN_IN("mfa-code"),
    /** Choosing a new password after "forgot password". */
    PASSWORD_RESET("password-reset-code");

    private final String template;

    CodePurpose(String template) {
        this.template = template;
    }

    public String template() {
        return template;
    }
}
