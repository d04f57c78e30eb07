package com.partnerflow.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Completing a task through engine REST or Tasklist's API ({@code /task/{id}/complete},
 * {@code /submit-form}, {@code /resolve}): when a task listener refused the input with
 * {@link TaskInputRefused}, the answer is {@code 400 task-input-refused} whose {@code message}
 * (what Tasklist shows) and {@code detail} are the listener's sentence alone, instead of the engine's
 * "Cannot submit task form &lt;id&gt;: ENGINE-03051 …" answered 500. Every other answer passes
 * unchanged.
 */
public final class TaskRefusalFilter extends OncePerRequestFilter {

    private static final Pattern COMPLETION = Pattern.compile(".*/task/[^/]+/(complete|submit-form|resolve)/?$");

    private final ObjectMapper json;

    public TaskRefusalFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !COMPLETION.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, held);
        Object sentence = request.getAttribute(TaskInputRefused.REQUEST_ATTRIBUTE);
        if (sentence instanceof String refusal && held.getStatus() >= 400 && !response.isCommitted()) {
            held.resetBuffer();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, refusal);
            problem.setType(URI.create("urn:partnerflow:problem:task-input-refused"));
            problem.setProperty("code", "task-input-refused");
            problem.setProperty("message", refusal);
            held.setStatus(HttpStatus.BAD_REQUEST.value());
            held.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            held.getOutputStream().write(json.writeValueAsBytes(problem));
        }
        held.copyBodyToResponse();
    }
}
