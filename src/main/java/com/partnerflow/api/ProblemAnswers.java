package com.partnerflow.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem answers a handler gives beyond those the OpenAPI document derives from its shape
 * (see {@link OpenApiConfiguration}: bad input, no session, rate limits): each entry is a status
 * and the {@code code}s answered with it, e.g. {@code "409 case-closed case-not-running"}. On a
 * controller class, the entries apply to each of its handlers. {@code ApiErrorContractTest}
 * checks the entries against what the endpoints answer.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ProblemAnswers {

    /** {@code "<status> <code> [<code> ...]"}. */
    String[] value();
}
