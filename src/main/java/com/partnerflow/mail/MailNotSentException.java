package com.partnerflow.mail;

import jakarta.mail.AuthenticationFailedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;

/**
 * A mail that was not sent, said so that a person can act on it: its message becomes the failed
 * job's and, once the retries are used up, the incident's message in Cockpit (the stack trace
 * stays in the job's details). It names the server and the kind of mail, never the recipient.
 * Messages of a server that could not be reached, or refused our login, start with
 * {@link #UNREACHABLE} or {@link #LOGIN_REFUSED}: {@link MailOutageRecovery} looks for those.
 */
public class MailNotSentException extends RuntimeException {

    public static final String UNREACHABLE = "Mail server unreachable: ";
    public static final String LOGIN_REFUSED = "Mail server refused the login: ";

    private MailNotSentException(String message, Throwable cause) {
        super(message, cause);
    }

    static MailNotSentException of(String template, String server, MailException failure) {
        Throwable root = rootCause(failure);
        String mail = "the " + template + " mail was not sent";
        if (failure instanceof MailAuthenticationException || has(failure, AuthenticationFailedException.class)) {
            return new MailNotSentException(LOGIN_REFUSED + server + " did not accept our user name and password; "
                    + mail + ". Check SPRING_MAIL_USERNAME and SPRING_MAIL_PASSWORD; it goes out by itself once the"
                    + " server accepts them, while its retries last (then retry this step in Cockpit).", failure);
        }
        String unreachable = unreachableReason(failure);
        if (unreachable != null) {
            return new MailNotSentException(UNREACHABLE + server + " " + unreachable + "; " + mail
                    + ". It goes out by itself once the server answers again, while its retries last"
                    + " (then retry this step in Cockpit).", failure);
        }
        SMTPSendFailedException refused = find(failure, SMTPSendFailedException.class);
        if (refused != null) {
            return new MailNotSentException("Mail refused by " + server + " (" + oneLine(refused.getMessage()) + "); "
                    + mail + ". Retried while its retries last; retry this step in Cockpit once the cause is fixed.",
                    failure);
        }
        return new MailNotSentException("Mail not sent through " + server + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + oneLine(root.getMessage())) + "); " + mail
                + ". Retried while its retries last; then retry this step in Cockpit.", failure);
    }

    /** Why the server could not be reached, or null when it was reached. */
    private static String unreachableReason(Throwable failure) {
        if (has(failure, UnknownHostException.class)) {
            return "is not a known host name";
        }
        if (has(failure, SocketTimeoutException.class)) {
            return "did not answer in time";
        }
        if (has(failure, NoRouteToHostException.class)) {
            return "could not be reached (no route to host)";
        }
        ConnectException refused = find(failure, ConnectException.class);
        if (refused != null) {
            String message = refused.getMessage() == null ? "" : oneLine(refused.getMessage());
            return message.isEmpty() || message.toLowerCase(Locale.ROOT).startsWith("connection refused")
                    ? "refused the connection" : "could not be reached (" + message + ")";
        }
        if (has(failure, org.eclipse.angus.mail.util.MailConnectException.class)) {
            return "could not be reached";
        }
        if (has(failure, java.net.SocketException.class) || has(failure, java.io.EOFException.class)) {
            return "closed the connection";
        }
        return null;
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        return find(failure, type) != null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t instanceof org.springframework.mail.MailSendException send) {
                for (Exception each : send.getMessageExceptions()) {
                    T found = find(each, type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            if (t instanceof jakarta.mail.MessagingException messaging && messaging.getNextException() != null
                    && messaging.getNextException() != messaging.getCause()) {
                T found = find(messaging.getNextException(), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
