package com.partnerflow.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Shows a refused start as Spring Boot's "APPLICATION FAILED TO START" report, without a stack trace. */
public class StartupSettingsFailureAnalyzer extends AbstractFailureAnalyzer<StartupSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StartupSettingsException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
