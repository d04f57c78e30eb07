package com.partnerflow.links;

import java.util.Locale;
import java.util.Optional;

/** The answer given through a signed link; its name is the value of the process variable {@code linkDecision}. */
public enum LinkDecision {
    CONFIRM,
    DECLINE;

    /** The form and query value: {@code confirm} or {@code decline}. */
    public String choice() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code confirm} / {@code decline} (any case); anything else is no choice. */
    public static Optional<LinkDecision> fromChoice(String choice) {
        if (choice == null) {
            return Optional.empty();
        }
        for (LinkDecision decision : values()) {
            if (decision.choice().equalsIgnoreCase(choice.trim())) {
                return Optional.of(decision);
            }
        }
        return Optional.empty();
    }
}
