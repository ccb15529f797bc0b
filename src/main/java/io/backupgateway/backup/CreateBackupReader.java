package io.backupgateway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.backupgateway.failure.GatewayFailure.FieldError;
import io.backupgateway.failure.ProblemCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Reads a create-backup body in the order a caller can act on: media type (415), size
 * (413), JSON syntax (400), then fields and the upstream's rules (400, all broken rules
 * at once). Parsing is strict: duplicate keys, trailing content, unknown fields and
 * non-string values are refused rather than guessed at.
 */
final class CreateBackupReader {

	static final int MAX_BYTES = 16 * 1024;

	private static final Set<String> FIELDS = Set.of("name", "description");

	private final JsonMapper json = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/**
	 * Reads and checks the body.
	 * @param body the request body
	 * @return the fields as sent, and every broken rule
	 * @throws io.backupgateway.failure.GatewayFailure {@code unsupported-media-type},
	 * {@code payload-too-large} or {@code invalid-request} (malformed JSON)
	 */
	Parsed read(RequestBody body) {
		requireJson(body.contentType());
		if (body.contentLength() > MAX_BYTES) {
			throw tooLarge();
		}
		JsonNode root = parse(readAtMost(body));
		if (!root.isObject()) {
			throw new InvalidBackupRequest("The request body must be a JSON object.");
		}
		List<FieldError> errors = new ArrayList<>();
		for (String field : root.propertyNames()) {
			if (!FIELDS.contains(field)) {
				errors.add(new FieldError(field, "unknown field"));
			}
		}
		String name = string(root, "name", errors);
		String description = string(root, "description", errors);
		if (name != null) {
			errors.addAll(BackupRules.checkName(name));
		}
		if (description != null) {
			errors.addAll(BackupRules.checkDescription(description));
		}
		return new Parsed(name, description, List.copyOf(errors));
	}

	private static void requireJson(@Nullable String contentType) {
		if (contentType == null || contentType.isBlank()) {
			throw unsupported();
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			throw unsupported();
		}
		boolean json = "application".equals(type.getType())
				&& ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
		boolean utf8 = type.getParameter("charset") == null
				|| (type.getCharset() != null && StandardCharsets.UTF_8.equals(type.getCharset()));
		if (!json || !utf8) {
			throw unsupported();
		}
	}

	/**
	 * Reads the body, at most one byte more than allowed, within its deadline: each read
	 * waits at most the read timeout (the server's upload timeout), and no read starts
	 * once the deadline has passed (docs/design.md 3.4, "Hostile input").
	 */
	private static byte[] readAtMost(RequestBody body) {
		long deadline = System.nanoTime() + body.readTimeout().toNanos();
		byte[] buffer = new byte[MAX_BYTES + 1];
		int read = 0;
		try (InputStream in = body.stream().open()) {
			while (read < buffer.length) {
				if (System.nanoTime() - deadline > 0) {
					throw timedOut(body);
				}
				int n = in.read(buffer, read, buffer.length - read);
				if (n < 0) {
					break;
				}
				read += n;
			}
			if (read > MAX_BYTES) {
				throw tooLarge();
			}
			return Arrays.copyOf(buffer, read);
		}
		catch (IOException ex) {
			if (causedBy(ex, SocketTimeoutException.class)) {
				throw timedOut(body);
			}
			throw (InvalidBackupRequest) new InvalidBackupRequest("The request body could not be read.").initCause(ex);
		}
		catch (IllegalArgumentException ex) {
			// an unknown charset in the Content-Type
			throw unsupported();
		}
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static BodyTimedOut timedOut(RequestBody body) {
		return new BodyTimedOut(body.readTimeout().toMillis());
	}

	private JsonNode parse(byte[] bytes) {
		if (bytes.length == 0) {
			throw new InvalidBackupRequest("The request body is empty.");
		}
		try {
			JsonNode root = this.json.readTree(bytes);
			if (root == null || root.isMissingNode()) {
				throw new InvalidBackupRequest("The request body is empty.");
			}
			return root;
		}
		catch (JacksonException ex) {
			// the parser's own message quotes the input: our detail says what to fix
			throw new InvalidBackupRequest("The request body is not valid JSON.");
		}
	}

	private static @Nullable String string(JsonNode root, String field, List<FieldError> errors) {
		JsonNode value = root.get(field);
		if (value == null || value.isNull()) {
			errors.add(new FieldError(field, "is required"));
			return null;
		}
		if (!value.isString()) {
			errors.add(new FieldError(field, "must be a string"));
			return null;
		}
		return value.stringValue();
	}

	private static BodyNotJson unsupported() {
		return new BodyNotJson();
	}

	private static BodyTooLarge tooLarge() {
		return new BodyTooLarge(MAX_BYTES);
	}

	/**
	 * A body as sent, with every rule it breaks.
	 *
	 * @param name the name, if it was a string
	 * @param description the description, if it was a string
	 * @param errors the broken rules, empty for a valid body
	 */
	record Parsed(@Nullable String name, @Nullable String description, List<FieldError> errors) {

		CreateBackupRequest requireValid() {
			if (!this.errors.isEmpty() || this.name == null || this.description == null) {
				throw new InvalidBackupRequest("The request body breaks the backup rules.").withErrors(this.errors);
			}
			return new CreateBackupRequest(this.name, this.description);
		}

	}

}
