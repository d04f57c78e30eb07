package com.partnerflow.registration;

/** Names shared by processes/partner-registration.bpmn and the code that drives it. */
public final class RegistrationProcess {

    public static final String KEY = "partner-registration";
    public static final String REGISTRATION_ID = "registrationId";
    public static final String MSG_CODE_VERIFIED = "SecurityCodeVerified";
    public static final String MSG_NEW_CODE_REQUESTED = "NewSecurityCodeRequested";

    private RegistrationProcess() {
    }
}
