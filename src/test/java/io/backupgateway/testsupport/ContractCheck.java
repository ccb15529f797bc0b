package io.backupgateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds every answer a full test receives to the OpenAPI document (docs/openapi.yaml,
 * which another test keeps equal to the served one): a status the operation does not
 * declare, a content type it does not list, a header it promises but does not send, or a
 * JSON body its schema does not describe (a member it omits, a null where it says a
 * value, a value outside an enumeration) fails the test that received it. Schemas are
 * checked closed: a member the document does not name is a failure too.
 */
public final class ContractCheck {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<Integer, ContractCheck> BY_PORT = new ConcurrentHashMap<>();

	private static final Pattern TEMPLATE = Pattern.compile("\\{[^/}]+}");

	private final JsonNode document;

	private final ObjectNode definitions;

	private final List<Route> routes = new ArrayList<>();

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private record Route(String method, Pattern path, int templates, JsonNode operation, String template) {
	}

	ContractCheck(JsonNode document) {
		this.document = document;
		this.definitions = closed(rewritten(document.path("components").path("schemas").deepCopy()));
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			String template = path.getKey();
			Pattern pattern = Pattern
				.compile(TEMPLATE.matcher(Pattern.quote(template)).replaceAll((match) -> "\\\\E[^/]+\\\\Q"));
			int templates = (int) TEMPLATE.matcher(template).results().count();
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				this.routes.add(new Route(operation.getKey().toUpperCase(Locale.ROOT), pattern, templates,
						operation.getValue(), template));
			}
		}
		this.routes.sort(Comparator.comparingInt(Route::templates));
	}

	/** The document as checked in. */
	public static ContractCheck document() {
		return BY_PORT.computeIfAbsent(0, (ignored) -> {
			try {
				return new ContractCheck(YamlDocument.read(Files.readString(Path.of("docs/openapi.yaml"))));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/**
	 * Checks an answer of the gateway against the document.
	 * @param request what was sent
	 * @param response what came back
	 */
	public static void check(HttpRequest request, HttpResponse<String> response) {
		document().verify(request.method(), request.uri(), response);
	}

	void verify(String method, URI uri, HttpResponse<String> response) {
		Route route = route(method, uri.getRawPath());
		if (route == null) {
			return;
		}
		String where = method + " " + route.template() + " -> " + response.statusCode();
		JsonNode declared = route.operation().path("responses").path(String.valueOf(response.statusCode()));
		assertThat(declared.isMissingNode())
			.as("%s: a status the document does not declare (%s)", where, response.body())
			.isFalse();
		for (Map.Entry<String, JsonNode> header : declared.path("headers").properties()) {
			if (header.getValue().path("required").asBoolean(false)) {
				assertThat(response.headers().firstValue(header.getKey())).as("%s: header %s", where, header.getKey())
					.isPresent();
			}
		}
		String type = response.headers().firstValue("Content-Type").map(ContractCheck::mediaType).orElse(null);
		JsonNode content = declared.path("content");
		if (type == null || content.isMissingNode() || response.body().isEmpty()) {
			return;
		}
		assertThat(content.has(type))
			.as("%s: content type %s, the document lists %s", where, type, content.propertyNames())
			.isTrue();
		if (type.endsWith("json") && !type.equals("application/x-ndjson")) {
			List<Error> errors = validate(content.path(type).path("schema"), JSON.readTree(response.body()));
			assertThat(errors).as("%s: the answer %s does not match its schema", where, response.body()).isEmpty();
		}
	}

	/**
	 * Validates a value against a schema of the document.
	 * @param schema the schema, as the document writes it
	 * @param value the value
	 * @return what does not match
	 */
	public List<Error> validate(JsonNode schema, JsonNode value) {
		String key = schema.toString();
		Schema compiled = this.schemas.computeIfAbsent(key, (ignored) -> {
			ObjectNode root = (ObjectNode) closed(rewritten(schema.deepCopy()));
			root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
			root.set("$defs", this.definitions);
			return this.registry.getSchema(root.toString());
		});
		return compiled.validate(value);
	}

	/** Every operation's answers, for tests that walk the document. */
	public JsonNode raw() {
		return this.document;
	}

	private @Nullable Route route(String method, String path) {
		for (Route route : this.routes) {
			if (route.method().equals(method) && route.path().matcher(path).matches()) {
				return route;
			}
		}
		return null;
	}

	private static String mediaType(String header) {
		int parameters = header.indexOf(';');
		return ((parameters >= 0) ? header.substring(0, parameters) : header).trim().toLowerCase(Locale.ROOT);
	}

	/** References into the document's components become references into {@code $defs}. */
	private static JsonNode rewritten(JsonNode node) {
		if (node instanceof ObjectNode object) {
			JsonNode ref = object.get("$ref");
			if (ref != null && ref.isString()) {
				object.put("$ref", ref.stringValue().replace("#/components/schemas/", "#/$defs/"));
			}
			object.properties().forEach((member) -> rewritten(member.getValue()));
		}
		else if (node instanceof ArrayNode array) {
			array.forEach(ContractCheck::rewritten);
		}
		return node;
	}

	/**
	 * An object schema names every member the gateway may send: nothing else is allowed.
	 */
	private static ObjectNode closed(JsonNode node) {
		close(node);
		return (ObjectNode) node;
	}

	private static void close(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.has("properties") && !object.has("additionalProperties")) {
				object.put("additionalProperties", false);
			}
			for (Iterator<Map.Entry<String, JsonNode>> members = object.properties().iterator(); members.hasNext();) {
				close(members.next().getValue());
			}
		}
		else if (node instanceof ArrayNode array) {
			array.forEach(ContractCheck::close);
		}
	}

	/** Reads the YAML document with every scalar as the document's text says. */
	static final class YamlDocument {

		private YamlDocument() {
		}

		static JsonNode read(String yaml) {
			org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
			options.setCodePointLimit(16 * 1024 * 1024);
			// timestamps stay text: an example's "2026-12-05T10:00:00Z" is a string
			org.yaml.snakeyaml.resolver.Resolver resolver = new org.yaml.snakeyaml.resolver.Resolver() {
				@Override
				public void addImplicitResolver(org.yaml.snakeyaml.nodes.Tag tag, Pattern regexp, String first,
						int limit) {
					if (!tag.equals(org.yaml.snakeyaml.nodes.Tag.TIMESTAMP)) {
						super.addImplicitResolver(tag, regexp, first, limit);
					}
				}
			};
			org.yaml.snakeyaml.Yaml parser = new org.yaml.snakeyaml.Yaml(
					new org.yaml.snakeyaml.constructor.SafeConstructor(options),
					new org.yaml.snakeyaml.representer.Representer(new org.yaml.snakeyaml.DumperOptions()),
					new org.yaml.snakeyaml.DumperOptions(), options, resolver);
			Object loaded = parser.load(yaml);
			return JSON.valueToTree(loaded);
		}

	}

}
