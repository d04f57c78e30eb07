package com.partnerflow.registration;

/**
 * Names shared by processes/partner-registration.bpmn and the code that drives it. The
 * registration's id is also the id of its code request; the business key of both the
 * registration process and the security-code-delivery instance it calls is the masked address.
 */
public final class RegistrationProcess {

    public static final String KEY = "partner-registration";
    public static final String REGISTRATION_ID = "registrationId";
    /** The call activity running security-code-delivery.bpmn for the registration's code. */
    public static final String CALL_DELIVER_SECURITY_CODE = "Call_DeliverSecurityCode";

    private RegistrationProcess() {
    }
}
