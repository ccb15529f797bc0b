package io.backupgateway.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The document as generators read it (docs/clients.md): every JSON answer is
 * {@code application/json} (the gateway always sends that, whatever the handler's
 * signature lets the generator guess), exports are streamed text, every answer declares
 * the headers the gateway sets, and each operation names the permissions a token needs as
 * OAuth2 scopes, the way generators and tools read them.
 */
class ContractCustomizer implements OpenApiCustomizer {

	static final String OAUTH2 = "oauth2";

	/**
	 * The permissions per operation: any one of the alternatives (OpenAPI security
	 * requirements are ORed); an empty list is "any valid token" (docs/design.md 4).
	 */
	static final Map<String, List<String>> PERMISSIONS = Map.ofEntries(
			Map.entry("createBackup", List.of("backup:create")), Map.entry("deleteBackup", List.of("backup:delete")),
			Map.entry("listTeamBackups", List.of()), Map.entry("listTeamInstances", List.of()),
			Map.entry("getJob", List.of()), Map.entry("getMe", List.of()),
			Map.entry("listAuditEntries", List.of("audit:read", "backup:create")),
			Map.entry("getAuditEntry", List.of("audit:read", "backup:create")),
			Map.entry("exportAuditEntries", List.of("audit:read", "backup:create")),
			Map.entry("verifyAuditChain", List.of("audit:read")), Map.entry("listAuditDigests", List.of("audit:read")),
			Map.entry("signAuditDigest", List.of("audit:read")), Map.entry("getAuditDigestKey", List.of("audit:read")));

	private static final Set<String> IDEMPOTENT = Set.of("createBackup", "deleteBackup");

	private static final Set<String> STREAMED = Set.of("text/csv", "application/x-ndjson");

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getComponents()
			.addSecuritySchemes(OAUTH2, new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
				.description("The same JWT as the bearer scheme, issued by the company's identity provider; "
						+ "its permissions claim carries these scopes")
				.flows(new OAuthFlows().clientCredentials(new OAuthFlow().tokenUrl("/token")
					.scopes(new Scopes().addString("backup:create", "create backups and read the own teams' trail")
						.addString("backup:delete", "delete the own teams' manual backups")
						.addString("audit:read", "read, export and verify every team's trail")))));
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			describe(operation, method);
			operation.getResponses().forEach((status, response) -> example(openApi, status, response));
		}));
	}

	private static void describe(Operation operation, PathItem.HttpMethod method) {
		String id = operation.getOperationId();
		List<String> permissions = PERMISSIONS.get(id);
		if (permissions == null) {
			throw new IllegalStateException("Operation " + id + " names no permissions in ContractCustomizer");
		}
		List<SecurityRequirement> security = new ArrayList<>();
		if (permissions.isEmpty()) {
			security.add(new SecurityRequirement().addList(OAUTH2, List.of()));
		}
		permissions.forEach((permission) -> security.add(new SecurityRequirement().addList(OAUTH2, permission)));
		operation.setSecurity(security);
		operation.addExtension("x-permissions", permissions);
		operation.getResponses().forEach((status, response) -> {
			jsonWhereGuessed(response);
			streamed(response);
			headers(id, status, response);
		});
	}

	/**
	 * Handlers that build a {@code ResponseEntity} leave the generator to guess
	 * {@code *}/{@code *}.
	 */
	private static void jsonWhereGuessed(ApiResponse response) {
		Content content = response.getContent();
		if (content == null || !content.containsKey("*/*")) {
			return;
		}
		MediaType any = content.remove("*/*");
		content.addMediaType("application/json", any);
	}

	/** An export is a stream of text, never one value a client must hold whole. */
	private static void streamed(ApiResponse response) {
		Content content = response.getContent();
		if (content == null) {
			return;
		}
		content.forEach((type, media) -> {
			if (STREAMED.contains(type)) {
				media.setSchema(new StringSchema().format("binary")
					.description("Streamed: one line per entry, in the order of the query"));
			}
		});
	}

	/** Text answers, by media type: what a client sees at the start of the stream. */
	private static final Map<String, String> TEXT_EXAMPLES = Map.of("text/csv",
			"""
					audit_id,occurred_at,action,actor,actor_name,team,instance_id,project_id,backup_name,description,outcome,\
					http_status,code,upstream_status,upstream_error_code,job_id,backup_id,job_status,request_id,idempotency_key,\
					client_ip,user_agent,duration_ms,grant,chain_seq,entry_hash,chain_hash
					""",
			"application/x-ndjson",
			"""
					{"audit_id":"0b0e5c8e-2d0b-4a6e-9d4a-1f2e3d4c5b6a","occurred_at":"2026-12-05T10:00:00.123456Z",\
					"action":"backup.create","actor":"alice","actor_name":"alice.smith","team":"payments",\
					"instance_id":"a4d8ea2584e047439a667703c0684119in06","project_id":"054e292c9880d4992f02c0196d3ea468",\
					"backup_name":"payments-pre-migration","description":"before schema v42","outcome":"accepted",\
					"http_status":202,"code":null,"upstream_status":202,"upstream_error_code":null,\
					"job_id":"8061ceaf-b319-4315-9338-7f3de8e26f05","backup_id":"646d88d0b03f4fd2ae944ae2a33bcb6abr06",\
					"job_status":"Completed","request_id":"3f9c1e52-6d0b-4c5e-9a31-7b1f2c4d5e6f","idempotency_key":null,\
					"client_ip":"10.0.3.17","user_agent":"portal/2.3","duration_ms":84,"grant":"configuration",\
					"chain_seq":41,"entry_hash":"5d41402abc4b2a76b9719d911017c592ae0f8e2d5d4c3b2a1f0e9d8c7b6a5f4e",\
					"chain_hash":"9c2d4e6f8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d"}
					""",
			"application/x-pem-file", """
					-----BEGIN PUBLIC KEY-----
					MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
					-----END PUBLIC KEY-----
					""");

	/** A whole answer for every success that has none of its own. */
	private static void example(OpenAPI openApi, String status, ApiResponse response) {
		if (!status.startsWith("2") || response.getContent() == null) {
			return;
		}
		response.getContent().forEach((type, media) -> {
			if (TEXT_EXAMPLES.containsKey(type) && media.getExample() == null) {
				media.setExample(TEXT_EXAMPLES.get(type));
			}
		});
		MediaType json = response.getContent().get("application/json");
		if (json != null && json.getExample() == null && json.getExamples() == null) {
			json.setExample(AnswerExamples.of(openApi, json.getSchema()));
		}
	}

	private static void headers(String id, String status, ApiResponse response) {
		response.addHeaderObject("X-Request-Id",
				new Header()
					.description("The request's id: the caller's own X-Request-Id when valid, else a fresh UUID")
					.required(true)
					.schema(new StringSchema().maxLength(128)));
		if ("401".equals(status)) {
			response.addHeaderObject("WWW-Authenticate",
					new Header().description("RFC 6750: Bearer, with the error and the resource metadata's URL")
						.required(true)
						.schema(new StringSchema()));
		}
		if (IDEMPOTENT.contains(id) && status.startsWith("2")) {
			response.addHeaderObject("Idempotent-Replayed",
					new Header().description("\"true\" when this is the first answer to an Idempotency-Key, replayed")
						.schema(new StringSchema()._enum(List.of("true"))));
		}
		if ("exportAuditEntries".equals(id) && "200".equals(status)) {
			response.addHeaderObject("Content-Disposition",
					new Header().description("attachment; filename=\"audit.csv\" or \"audit.ndjson\"")
						.schema(new StringSchema()));
		}
		if ("getAuditDigestKey".equals(id) && "200".equals(status)) {
			response.addHeaderObject("Key-Id",
					new Header().description("The key's id: the first 16 hex digits of the SHA-256 of its DER encoding")
						.schema(new StringSchema().pattern("^[0-9a-f]{16}$")));
		}
		if (response.getHeaders() != null && response.getHeaders().containsKey("Retry-After")) {
			response.getHeaders().get("Retry-After").schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO));
		}
	}

}
