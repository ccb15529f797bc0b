package io.backupgateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.backupgateway.failure.ProblemCode;

/**
 * The problems an endpoint may answer besides those every endpoint may
 * ({@code unauthenticated}, {@code identity-unavailable}, {@code internal-error}); the
 * OpenAPI document lists them with the problem schema and an example each.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ProblemResponses {

	ProblemCode[] value();

}
