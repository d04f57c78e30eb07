package com.partnerflow.certifications.system;

/** The certification system could not answer; a retried step tries again later. */
public class CertificationSystemUnavailable extends RuntimeException {

    public CertificationSystemUnavailable(String message) {
        super(message);
    }
}
