package com.partnerflow.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The guide's safeguard for what cannot be undone (removing a user, handing over the alliance
 * lead role, unlinking the marketplace account): the partner types the word {@value #WORD},
 * exactly so. Anything else is {@code 400 confirmation-required} and changes nothing.
 */
public final class ConfirmationWord {

    public static final String WORD = "confirm";

    private ConfirmationWord() {
    }

    /**
     * @param detail what the partner reads: which action needs the word
     * @throws ApiProblem {@code 400 confirmation-required}, with {@code expected: "confirm"}
     */
    public static void require(String given, String detail) {
        if (!WORD.equals(given)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "confirmation-required", detail, Map.of("expected", WORD));
        }
    }
}
