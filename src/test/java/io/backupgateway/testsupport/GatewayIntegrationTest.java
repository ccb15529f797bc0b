package io.backupgateway.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole gateway on a random port, with PostgreSQL ({@link TestDatabaseConnection}) as
 * the audit store and WireMock ({@link CloudStub}) as the identity provider, IAM and
 * GeminiDB. Every test class with this annotation shares one application context, and
 * gets what {@link GatewayTestSupport} gives.
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@ActiveProfiles("test")
@EnabledIf("io.backupgateway.testsupport.TestPostgres#available")
@ContextConfiguration(initializers = GatewayTestEnvironment.class)
@Import(TestDatabaseConnection.class)
@ExtendWith(GatewayTestSupport.class)
public @interface GatewayIntegrationTest {

}
