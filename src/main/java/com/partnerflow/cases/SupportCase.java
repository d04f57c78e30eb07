package com.partnerflow.cases;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

public record SupportCase(UUID id, long number, UUID accountId, UUID openedBy, String caseType, String questionType,
                          String specificQuestionType, String subject, String description, CaseStatus status,
                          Instant createdAt, Instant updatedAt, Instant resolvedAt) {

    /** CASE-000123: the number partners and agents quote. */
    public String caseNumber() {
        return format(number);
    }

    public static String format(long number) {
        return String.format(Locale.ROOT, "CASE-%06d", number);
    }

    /** @return the number in "CASE-000123" (case-insensitive), or -1 when it is not one */
    public static long parse(String caseNumber) {
        if (caseNumber == null || !caseNumber.toUpperCase(Locale.ROOT).matches("CASE-\\d{1,12}")) {
            return -1;
        }
        return Long.parseLong(caseNumber.substring(5));
    }
}
