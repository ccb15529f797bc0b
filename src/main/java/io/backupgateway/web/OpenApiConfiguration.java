package io.backupgateway.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.backupgateway.failure.ProblemCode;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The OpenAPI 3.1 document at {@code /v3/api-docs}: the bearer scheme, the problem
 * schema, and every error an operation can answer, with an example per code.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM = "Problem";

	static final String BEARER = "bearer";

	/**
	 * Every operation can answer these: a path the firewall refuses (an encoded
	 * character, docs/design.md 3.4), a caller over its rate, a token that cannot be
	 * checked, a bug.
	 */
	static final List<ProblemCode> ALWAYS = List.of(ProblemCode.INVALID_REQUEST, ProblemCode.UNAUTHENTICATED,
			ProblemCode.RATE_LIMITED, ProblemCode.IDENTITY_UNAVAILABLE, ProblemCode.INTERNAL_ERROR);

	@Bean
	OpenAPI gatewayOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Backup Gateway")
				.version("v1")
				.description("""
						Creates manual backups of GeminiDB Cassandra instances for the teams that own them, \
						without handing out cloud credentials, and keeps an audit trail of every attempt. \
						Callers authenticate with an OAuth2 JWT; errors are RFC 9457 problem details with a \
						stable `code`.""")
				.contact(new Contact().name("Platform team"))
				.license(new License().name("Proprietary").identifier("LicenseRef-Proprietary")))
			.servers(List.of(new Server().url("/").description("this gateway")))
			.tags(List.of(new Tag().name("backups").description("Create backups and follow their jobs"),
					new Tag().name("audit").description("Review, export and verify the audit trail"),
					new Tag().name("caller").description("Who the caller is and what it may use")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("An OAuth2 access token from the company's identity provider"))
				.addSchemas(PROBLEM, problemSchema()));
	}

	/** Schemas follow the JSON the gateway writes: snake_case names. */
	@Bean
	@Order(1)
	ModelResolver snakeCaseModelResolver() {
		return new ModelResolver(Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	/**
	 * Required and nullable members from the records: registered after the resolver, so
	 * it comes first in the chain and sees what the resolver made.
	 */
	@Bean
	@Order(2)
	RecordSchemas recordSchemas() {
		return new RecordSchemas();
	}

	@Bean
	ContractCustomizer contractCustomizer() {
		return new ContractCustomizer();
	}

	@Bean
	OperationCustomizer problemResponses() {
		return (operation, handler) -> {
			List<ProblemCode> codes = new ArrayList<>();
			ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
			if (declared != null) {
				codes.addAll(List.of(declared.value()));
			}
			ALWAYS.stream().filter((code) -> !codes.contains(code)).forEach(codes::add);
			Map<Integer, List<ProblemCode>> byStatus = new TreeMap<>();
			codes
				.forEach((code) -> byStatus.computeIfAbsent(code.status().value(), (s) -> new ArrayList<>()).add(code));
			byStatus.forEach((status, group) -> operation.getResponses()
				.addApiResponse(String.valueOf(status), problemResponse(group)));
			operation.addParametersItem(new HeaderParameter().name("X-Request-Id")
				.required(false)
				.description("1 to 128 visible ASCII characters; echoed, otherwise generated")
				.schema(new StringSchema().maxLength(128)));
			return operation;
		};
	}

	private static ApiResponse problemResponse(List<ProblemCode> codes) {
		Map<String, Example> examples = new LinkedHashMap<>();
		for (ProblemCode code : codes) {
			Map<String, Object> example = new LinkedHashMap<>();
			example.put("type", code.type().toString());
			example.put("title", code.title());
			example.put("status", code.status().value());
			example.put("detail", code.title() + ".");
			example.put("instance", "/v1/...");
			example.put("code", code.slug());
			example.put("request_id", "3f9c1e52-6d0b-4c5e-9a31-7b1f2c4d5e6f");
			examples.put(code.slug(), new Example().summary(code.title()).value(example));
		}
		StringBuilder description = new StringBuilder();
		codes.forEach((code) -> description.append(description.isEmpty() ? "" : "; ")
			.append('`')
			.append(code.slug())
			.append("`: ")
			.append(code.title()));
		ApiResponse response = new ApiResponse().description(description.toString())
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)).examples(examples)));
		if (codes.stream()
			.anyMatch((code) -> code == ProblemCode.UPSTREAM_THROTTLED || code == ProblemCode.UPSTREAM_UNAVAILABLE
					|| code == ProblemCode.RATE_LIMITED || code == ProblemCode.IDENTITY_UNAVAILABLE)) {
			response.addHeaderObject("Retry-After",
					new Header().description("Seconds to wait before trying again").schema(new IntegerSchema()));
		}
		return response;
	}

	private static Schema<?> problemSchema() {
		ObjectSchema fieldError = new ObjectSchema();
		fieldError.addProperty("field", new StringSchema().description("The field, path variable or parameter"));
		fieldError.addProperty("message", new StringSchema().description("What is wrong with it"));
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details with the gateway's extensions");
		problem.addProperty("type",
				new StringSchema().format("uri-reference").description("`/problems/<code>`, not meant to be resolved"));
		problem.addProperty("title", new StringSchema());
		problem.addProperty("status", new IntegerSchema());
		problem.addProperty("detail", new StringSchema());
		problem.addProperty("instance", new StringSchema().format("uri-reference").description("The request path"));
		problem.addProperty("code", new StringSchema().description("The stable error code callers branch on")
			._enum(java.util.Arrays.stream(ProblemCode.values()).map(ProblemCode::slug).toList()));
		problem.addProperty("request_id", new StringSchema().description("The request's X-Request-Id"));
		problem.addProperty("errors",
				new ArraySchema().items(fieldError).description("Validation errors, one per broken rule"));
		problem.addProperty("upstream_status",
				new IntegerSchema().description("The cloud's HTTP status, when it answered"));
		problem.addProperty("upstream_error_code", new StringSchema().description("The cloud's error_code"));
		problem.addProperty("upstream_error_msg", new StringSchema().description("The cloud's error_msg"));
		problem.required(List.of("type", "title", "status", "code", "request_id"));
		return problem;
	}

}
