package com.partnerflow.signin;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * The partner API's answers to callers without a valid session ({@code 401}) and to callers
 * without a permission ({@code 403}), as RFC 9457 problem details like {@code api.ApiProblem}.
 * These arise in the security filter chain, outside Spring MVC's exception handling.
 */
@Component
public class PartnerApiProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final ObjectMapper json;

    public PartnerApiProblems(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        ProblemDetail problem;
        if (exception instanceof BadCredentialsException) {
            // RFC 6750: a token was given but is not (or no longer) valid
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problem = problem(HttpStatus.UNAUTHORIZED, "invalid-token",
                    "The session token is unknown, expired or revoked: sign in again (POST /api/sessions).");
        } else {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problem = problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "Sign in first (POST /api/sessions) and send the token as 'Authorization: Bearer <token>'.");
        }
        write(request, response, problem);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        String permission = missingPermission(exception);
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "access-denied",
                "You are signed in but lack the permission: " + permission + ".");
        problem.setProperty("permission", permission);
        write(request, response, problem);
    }

    /** Spring Security's firewall refused the request (a path it cannot match safely, a NUL, ...). */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException exception)
            throws IOException {
        write(request, response, problem(HttpStatus.BAD_REQUEST, "request-rejected",
                "The request was rejected: its address is not in a normalised form or holds characters that are not"
                        + " allowed."));
    }

    /** What the denied caller lacks, as precisely as the exception tells. */
    static String missingPermission(AccessDeniedException exception) {
        if (exception instanceof MissingPermissionException missing) {
            return missing.permission();
        }
        if (exception instanceof AuthorizationDeniedException denied) {
            if (denied.getAuthorizationResult() instanceof AuthorityAuthorizationDecision authorities) {
                return authorities.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .map(a -> a.startsWith("ROLE_") ? "role " + a.substring("ROLE_".length()) : a)
                        .collect(Collectors.joining(" or "));
            }
            if (denied.getAuthorizationResult() instanceof ExpressionAuthorizationDecision expression) {
                return expression.getExpression().getExpressionString();
            }
        }
        return exception.getMessage();
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:partnerflow:problem:" + code));
        problem.setProperty("code", code);
        return problem;
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException notAUri) {
            // a rejected request's address may not even be a URI: answer without an instance
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
