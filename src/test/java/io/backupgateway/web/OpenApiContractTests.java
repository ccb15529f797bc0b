package io.backupgateway.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.backupgateway.testsupport.ContractCheck;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document generators read (docs/openapi.yaml) says what the gateway sends: every
 * JSON success is {@code application/json} with an example that its own schema accepts,
 * every member of an answer is required, enumerations are closed, exports are streamed,
 * and the check that holds the full tests' answers to it (ContractCheck) refuses what the
 * document does not describe.
 */
class OpenApiContractTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final ContractCheck contract = ContractCheck.document();

	@Test
	void everySuccessIsTypedWithAnExampleItsSchemaAccepts() {
		List<String> checked = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : this.contract.raw().path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
					JsonNode content = response.getValue().path("content");
					assertThat(content.has("*/*")).as("%s %s", operation.getKey(), path.getKey()).isFalse();
					JsonNode json = content.path("application/json");
					if (!response.getKey().startsWith("2") || json.isMissingNode()) {
						continue;
					}
					List<JsonNode> examples = new ArrayList<>();
					if (json.has("example")) {
						examples.add(json.path("example"));
					}
					json.path("examples").forEach((named) -> examples.add(named.path("value")));
					assertThat(examples).as("an example for %s %s", operation.getKey(), path.getKey()).isNotEmpty();
					for (JsonNode example : examples) {
						assertThat(this.contract.validate(json.path("schema"), example))
							.as("the example %s of %s %s", example, operation.getKey(), path.getKey())
							.isEmpty();
					}
					checked.add(operation.getValue().path("operationId").stringValue());
				}
			}
		}
		assertThat(checked).contains("createBackup", "deleteBackup", "listAuditEntries", "getAuditEntry", "getMe",
				"listTeamInstances", "getJob", "listAuditDigests", "signAuditDigest", "verifyAuditChain",
				"listTeamBackups");
	}

	@Test
	void everyMemberOfAnAnswerIsRequiredAndOnlyNullablesMayBeNull() {
		JsonNode entry = this.contract.raw().path("components").path("schemas").path("AuditEntry");
		assertThat(entry.path("required")).hasSize(entry.path("properties").size());
		assertThat(entry.path("properties").path("outcome").path("enum")).hasSize(8);
		assertThat(entry.path("properties").path("job_status").path("type").toString()).contains("null");
		assertThat(entry.path("properties").path("occurred_at").path("format").stringValue()).isEqualTo("date-time");
		JsonNode job = this.contract.raw().path("components").path("schemas").path("JobView");
		assertThat(job.path("properties").path("fail_reason").path("type").toString()).contains("null");
		assertThat(job.path("properties").path("job_id").path("type").stringValue()).isEqualTo("string");
	}

	@Test
	void theCheckRefusesWhatTheDocumentDoesNotSay() {
		JsonNode schema = JSON.readTree("{\"$ref\": \"#/components/schemas/BackupDeleting\"}");
		assertThat(this.contract.validate(schema, JSON.readTree(
				"{\"job_id\": \"2f1c7e0a-9b3d-4c8e-a6f1-0d2e4b6c8a90\", \"audit_id\": \"0b0e5c8e-2d0b-4a6e-9d4a-1f2e3d4c5b6a\"}")))
			.isEmpty();
		assertThat(this.contract.validate(schema,
				JSON.readTree("{\"job_id\": \"2f1c7e0a\", \"audit_id\": \"0b0e\", \"extra\": 1}")))
			.as("a member the document does not name")
			.isNotEmpty();
		assertThat(this.contract.validate(schema, JSON.readTree("{\"job_id\": null, \"audit_id\": \"0b0e\"}")))
			.as("a null where the document says a value")
			.isNotEmpty();
		assertThat(this.contract.validate(schema, JSON.readTree("{\"audit_id\": \"0b0e\"}"))).as("a member left out")
			.isNotEmpty();
	}

	@Test
	void exportsAreStreamedTextAndOperationsNameTheirPermissions() {
		JsonNode export = this.contract.raw().path("paths").path("/v1/audit/export").path("get");
		JsonNode content = export.path("responses").path("200").path("content");
		assertThat(content.path("text/csv").path("schema").path("format").stringValue()).isEqualTo("binary");
		assertThat(content.path("application/x-ndjson").path("schema").path("format").stringValue())
			.isEqualTo("binary");
		JsonNode create = this.contract.raw()
			.path("paths")
			.path("/v1/teams/{team}/instances/{instance_id}/backups")
			.path("post");
		assertThat(create.path("security").toString()).contains("backup:create");
		assertThat(create.path("responses").path("202").path("headers").has("Idempotent-Replayed")).isTrue();
		assertThat(
				this.contract.raw().path("components").path("securitySchemes").path("oauth2").path("flows").toString())
			.contains("backup:create", "backup:delete", "audit:read");
	}

}
