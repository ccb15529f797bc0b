package io.backupgateway.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the gateway serves is the one checked in as docs/openapi.yaml.
 * After a deliberate change, regenerate it with
 * {@code ./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.write=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "spring.datasource.url=jdbc:h2:mem:openapi;DB_CLOSE_DELAY=-1" })
@ActiveProfiles("test")
class OpenApiDocumentTests {

	static final Path CHECKED_IN = Path.of("docs/openapi.yaml");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		CloudStub.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void theCheckedInDocumentIsTheServedOne() throws IOException {
		GatewayHttp http = new GatewayHttp(this.port);
		HttpResponse<String> served = http.send(http.request("/v3/api-docs.yaml").GET().build());
		assertThat(served.statusCode()).isEqualTo(200);
		if (Boolean.getBoolean("openapi.write")) {
			Files.writeString(CHECKED_IN, served.body());
		}
		assertThat(served.body())
			.as("docs/openapi.yaml is out of date: regenerate it with "
					+ "./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.write=true")
			.isEqualTo(Files.readString(CHECKED_IN));
	}

	@Test
	void isOpenApi31WithTheBearerSchemeAndEveryOperationsProblems() {
		GatewayHttp http = new GatewayHttp(this.port);
		JsonNode document = GatewayHttp.json(http.send(http.request("/v3/api-docs").GET().build()));
		assertThat(document.get("openapi").stringValue()).startsWith("3.1");
		assertThat(document.at("/components/securitySchemes/bearer/scheme").stringValue()).isEqualTo("bearer");
		JsonNode create = document.at("/paths/~1v1~1teams~1{team}~1instances~1{instance_id}~1backups/post");
		assertThat(create.get("responses").propertyNames()).contains("202", "400", "401", "403", "404", "409", "413",
				"415", "500", "502", "503", "504");
		assertThat(create.at("/responses/503/content/application~1problem+json/examples").propertyNames())
			.contains("audit-unavailable", "credentials-unavailable", "upstream-throttled", "upstream-unavailable");
		assertThat(create.at("/requestBody/content/application~1json/schema/$ref").stringValue())
			.endsWith("CreateBackupRequest");
		assertThat(document.at("/components/schemas/BackupAccepted/properties").propertyNames())
			.containsExactlyInAnyOrder("job_id", "backup_id", "audit_id", "team", "instance_id", "name");
		JsonNode list = document.at("/paths/~1v1~1audit/get/parameters");
		assertThat(list.findValuesAsString("name")).contains("team", "instance_id", "actor", "action", "outcome",
				"from", "to", "limit", "cursor");
		document.get("paths").forEach((path) -> path.forEach((operation) -> {
			assertThat(operation.get("summary")).isNotNull();
			assertThat(operation.get("responses").has("401")).isTrue();
		}));
		assertThat(document.get("paths").propertyNames()).allMatch((path) -> path.startsWith("/v1/"));
	}

}
