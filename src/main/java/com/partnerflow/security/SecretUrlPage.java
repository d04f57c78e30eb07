package com.partnerflow.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a controller whose page URLs carry a secret (a signed link's token, an invitation's): every
 * answer of its handlers, refusals and error pages included, gets {@link SecretUrlPageHeaders}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface SecretUrlPage {
}
