package com.partnerflow.registration;

public enum RegistrationStatus {
    WAITING_FOR_CODE,
    /** Too many wrong codes: a new code must be requested. */
    LOCKED,
    REGISTERED,
    EXPIRED
}
