package com.partnerflow.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where Spring MVC's errors become the partner API's problem details: every answer
 * carries a stable {@code code} (and {@code fields} where fields are wrong). Spring's own
 * exceptions (malformed JSON, wrong types, an unknown path, a wrong method, a missing
 * Content-Type, ...) get the codes below; {@link ApiProblem}s bring theirs. Not limited to our
 * packages, so that errors raised before a handler is chosen (404, 405, 415) take this shape too.
 * None of these is logged with a stack trace: they are the caller's mistakes, not the server's.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    /** Fields are missing or invalid, or have the wrong type. */
    public static final String INVALID_REQUEST = "invalid-request";

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ex.getBody();
        problem.setDetail("The request has invalid fields");
        problem.setProperty("code", INVALID_REQUEST);
        problem.setProperty("fields", ex.getBindingResult().getFieldErrors().stream()
                .map(e -> field(e.getField(), String.valueOf(e.getDefaultMessage())))
                .toList());
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        ProblemDetail problem = ex.getBody();
        problem.setDetail("The request has invalid fields");
        problem.setProperty("code", INVALID_REQUEST);
        problem.setProperty("fields", ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> field(
                        error instanceof FieldError f ? f.getField() : result.getMethodParameter().getParameterName(),
                        messageOf(error))))
                .toList());
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** A path variable or query parameter that does not convert: a non-UUID id, an unknown enum value. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "?" : ex.getPropertyName();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The request has invalid fields");
        problem.setProperty("code", INVALID_REQUEST);
        problem.setProperty("fields", List.of(field(name, mustBe(ex.getRequiredType()))));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The request has invalid fields");
        problem.setProperty("code", INVALID_REQUEST);
        problem.setProperty("fields", List.of(field(ex.getParameterName(), "is required")));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** A body that is not JSON, is missing, or whose values have the wrong type or disallowed characters. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        Throwable cause = ex.getCause();
        if (cause instanceof InputTextWebConfiguration.DisallowedText disallowed) {
            problem = InputTextWebConfiguration.invalidCharacters(List.of(field(pathOf(disallowed),
                    disallowed.getOriginalMessage()))).getBody();
        } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problem.setDetail("The request has invalid fields");
            problem.setProperty("code", INVALID_REQUEST);
            problem.setProperty("fields", List.of(field(pathOf(mapping), mapping instanceof MismatchedInputException
                    mismatch ? mustBe(mismatch.getTargetType()) : "is not valid")));
        } else if (cause instanceof MismatchedInputException) {
            // the body as a whole has the wrong shape, e.g. a list where an object belongs
            problem.setDetail("The request body must be a JSON object with the documented fields");
            problem.setProperty("code", INVALID_REQUEST);
        } else if (cause instanceof JsonProcessingException) {
            problem.setDetail("The request body is not well-formed JSON (or is nested too deeply)");
            problem.setProperty("code", "malformed-json");
        } else {
            problem.setDetail("The request needs a JSON body");
            problem.setProperty("code", "body-missing");
        }
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** Every answer gets a {@code code}: Spring's standard errors get one from their status (405 method-not-allowed, ...). */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem) {
            if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
                problem.setProperty("code", codeOf(statusCode));
            }
            if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
                problem.setType(URI.create("urn:partnerflow:problem:" + problem.getProperties().get("code")));
            }
        }
        return answer;
    }

    /** {@code 404 not-found}, {@code 405 method-not-allowed}, {@code 415 unsupported-media-type}, ... */
    static String codeOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error-" + status.value() : known.name().toLowerCase().replace('_', '-');
    }

    private static Map<String, String> field(String name, String message) {
        return Map.of("field", name, "message", message);
    }

    /** {@code invitees[0].email}, as a caller would name it. */
    private static String pathOf(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : mapping.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** What a value of the type looks like, without naming our classes. */
    private static String mustBe(Class<?> type) {
        if (type == null) {
            return "is not valid";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "must be text";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "must be a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be a list";
        }
        return "must be an object";
    }

    private static String messageOf(MessageSourceResolvable error) {
        return String.valueOf(error.getDefaultMessage());
    }
}
