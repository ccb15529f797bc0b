package io.backupgateway.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.backupgateway.failure.GatewayFailure.FieldError;
import org.jspecify.annotations.Nullable;

/**
 * Query parameters as the API reads them everywhere: each known one at most once, an
 * unknown one refused, an empty one absent (docs/design.md 3.3).
 */
public final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * The field errors for unknown and repeated parameters.
	 * @param parameters all query parameters
	 * @param known which names the endpoint accepts
	 * @return one error per bad parameter; empty when all are fine
	 */
	public static List<FieldError> unknownOrRepeated(Map<String, String[]> parameters, Predicate<String> known) {
		List<FieldError> errors = new ArrayList<>();
		for (var parameter : parameters.entrySet()) {
			if (!known.test(parameter.getKey())) {
				errors.add(new FieldError(parameter.getKey(), "unknown parameter"));
			}
			else if (parameter.getValue().length > 1) {
				errors.add(new FieldError(parameter.getKey(), "may be given once"));
			}
		}
		return errors;
	}

	/**
	 * A parameter's value.
	 * @param parameters all query parameters
	 * @param name the parameter
	 * @return its first value, or {@code null} when absent or empty
	 */
	public static @Nullable String single(Map<String, String[]> parameters, String name) {
		String[] values = parameters.get(name);
		return (values != null && values.length > 0 && !values[0].isEmpty()) ? values[0] : null;
	}

}
