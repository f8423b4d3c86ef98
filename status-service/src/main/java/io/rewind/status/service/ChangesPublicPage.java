package io.rewind.status.service;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Marks a service method whose success changes what the public page shows: its cached JSON and HTML are dropped once
 * the returned {@code Uni} completes, which is after the method's transaction has committed.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface ChangesPublicPage {
}
