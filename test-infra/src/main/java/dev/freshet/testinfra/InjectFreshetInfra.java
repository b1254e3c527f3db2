package dev.freshet.testinfra;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks an {@link dev.freshet.infra.InfraEndpoints} field of a {@code @QuarkusTest} to be filled by {@link FreshetInfraTestResource}. */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface InjectFreshetInfra {}
