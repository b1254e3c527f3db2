package dev.freshet.testinfra;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a plain JUnit test class the shared test servers: declare an
 * {@link dev.freshet.infra.InfraEndpoints} parameter on a constructor, a lifecycle method or a test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(FreshetInfraExtension.class)
public @interface WithFreshetInfra {}
