package com.partnerflow.links;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * One yes/no question to ask through a signed link.
 *
 * @param purpose           the question as the page states it, e.g. "Confirm the merge of your certification account"
 * @param expectedEmail     whom the link is sent to; the page shows it masked ("a***@acme.example")
 * @param processInstanceId the process to notify
 * @param messageName       the message its catch event waits for, e.g. "LinkAnswered"
 * @param validity          how long the link works from now (engine clock)
 */
public record NewLink(String purpose, String expectedEmail, String processInstanceId, String messageName,
                      Duration validity) {

    static final int MAX_PURPOSE_LENGTH = 500;

    public NewLink {
        require(purpose != null && !purpose.isBlank(), "a purpose (the question shown on the page) is required");
        require(purpose.length() <= MAX_PURPOSE_LENGTH, "the purpose is longer than " + MAX_PURPOSE_LENGTH + " characters");
        require(expectedEmail != null && expectedEmail.matches("[^@\\s]+@[^@\\s]+"),
                "the expected answerer's email address is missing or malformed");
        require(expectedEmail.length() <= 320, "the expected email address is longer than 320 characters");
        require(processInstanceId != null && !processInstanceId.isBlank() && processInstanceId.length() <= 64,
                "a process instance id (at most 64 characters) is required");
        require(messageName != null && !messageName.isBlank() && messageName.length() <= 255,
                "a message name (at most 255 characters) is required");
        require(validity != null && !validity.isNegative() && !validity.isZero(), "the validity must be a positive duration");
        purpose = purpose.strip();
        expectedEmail = expectedEmail.strip();
    }

    /** The question for the process instance the delegate is running in. */
    public static NewLink forProcess(DelegateExecution execution, String purpose, String expectedEmail,
                                     String messageName, Duration validity) {
        return new NewLink(purpose, expectedEmail, execution.getProcessInstanceId(), messageName, validity);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("Cannot issue a signed link: " + problem);
        }
    }
}
