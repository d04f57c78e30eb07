package com.partnerflow.api;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error a caller can cause and act on, answered as RFC 9457 problem details. {@code code} is a
 * stable machine-readable reason; {@code properties} carry the figures the caller needs
 * (attempts left, when to retry, ...).
 */
public class ApiProblem extends ErrorResponseException {

    private static final java.util.Set<String> RESERVED = java.util.Set.of("type", "title", "status", "detail",
            "instance", "code");

    public ApiProblem(HttpStatus status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ApiProblem(HttpStatus status, String code, String detail, Map<String, ?> properties) {
        super(status, problem(status, code, detail, properties), null);
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail, Map<String, ?> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:partnerflow:problem:" + code));
        problem.setProperty("code", code);
        properties.forEach((name, value) -> {
            if (RESERVED.contains(name)) { // RFC 9457's own members keep their meaning (status stays the number)
                throw new IllegalArgumentException("'" + name + "' is a member of every problem detail");
            }
            problem.setProperty(name, value);
        });
        return problem;
    }

    public String code() {
        return (String) getBody().getProperties().get("code");
    }
}
