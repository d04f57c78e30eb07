package com.partnerflow.config;

/**
 * A start refused by {@link StartupSettingsCheck}: what is wrong and what to set. Spring Boot
 * prints both as its "APPLICATION FAILED TO START" report ({@link StartupSettingsFailureAnalyzer}).
 */
public class StartupSettingsException extends RuntimeException {

    private final String description;
    private final String action;

    public StartupSettingsException(String description, String action) {
        super(description + "\n" + action);
        this.description = description;
        this.action = action;
    }

    public String description() {
        return description;
    }

    public String action() {
        return action;
    }
}
