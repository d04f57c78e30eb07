package com.partnerflow.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * A bean an injected expression can reach ({@code ${expressionProbe.touch('marker')}}): it records
 * each marker it is called with, so a test proves whether the engine evaluated the expression.
 */
@Component("expressionProbe")
public class ExpressionProbe {

    private final Set<String> touched = ConcurrentHashMap.newKeySet();

    public String touch(String marker) {
        touched.add(marker);
        return "nobody";
    }

    public boolean wasTouched(String marker) {
        return touched.contains(marker);
    }

    /** An expression that records {@code marker} when evaluated. */
    public static String expressionFor(String marker) {
        return "${expressionProbe.touch('" + marker + "')}";
    }
}
