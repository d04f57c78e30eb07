package com.partnerflow.mail;

/** "alice@acme.example" → "a***@acme.example": enough for the right person to recognise it, too little to learn it. */
public final class EmailAddresses {

    private EmailAddresses() {
    }

    public static String masked(String email) {
        int at = email.indexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }
}
