package com.partnerflow.operations;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id, on every log line written while it is handled (MDC
 * {@value #MDC_KEY}) and in the response header {@value #HEADER}. A caller's own
 * {@code X-Request-Id} is kept when it is a plain token of at most 64 characters (letters,
 * digits, {@code . _ : -}), so a proxy's id joins up with ours and a forged one cannot inject
 * text into the logs; anything else is replaced by a new UUID. The id is removed from the thread
 * when the request ends, so no pooled thread carries it into other work.
 */
public class RequestIdFilter implements Filter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final String ATTRIBUTE = RequestIdFilter.class.getName();
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        // the error page and async dispatches of the same request keep its id
        String id = (String) request.getAttribute(ATTRIBUTE);
        if (id == null) {
            id = acceptable(request.getHeader(HEADER));
            request.setAttribute(ATTRIBUTE, id);
            response.setHeader(HEADER, id);
        }
        String outer = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (outer == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, outer);
            }
        }
    }

    static String acceptable(String offered) {
        return offered != null && ACCEPTABLE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }
}
