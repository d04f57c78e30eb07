package com.partnerflow.securitycode;

/** Names shared by processes/security-code-delivery.bpmn and the code that drives it. */
public final class CodeDeliveryProcess {

    public static final String KEY = "security-code-delivery";
    /** The one business variable: the id of the code_request row (messages are correlated on it; the business key is the masked address). */
    public static final String CODE_REQUEST_ID = "codeRequestId";
    /** MFA_SIGN_IN or PASSWORD_RESET: decides whether a notice follows the code's use. Not a secret. */
    public static final String PURPOSE = "purpose";
    public static final String MSG_CODE_USED = "CodeRequestCompleted";
    public static final String MSG_NEW_CODE = "CodeRequestNewCode";
    public static final String MSG_WITHDRAWN = "CodeRequestWithdrawn";

    private CodeDeliveryProcess() {
    }
}
