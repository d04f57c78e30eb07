package com.partnerflow.mail;

import java.util.Map;

/**
 * One templated message. {@code template} names {@code mail/<template>.txt} and
 * {@code mail/<template>.html}; the subject is the message {@code mail.<template>.subject}.
 */
public record OutgoingMail(String to, String language, String template, Map<String, Object> model) {

    @Override
    public String toString() { // the model may hold a security code: never print it
        return "OutgoingMail[to=" + to + ", template=" + template + "]";
    }
}
