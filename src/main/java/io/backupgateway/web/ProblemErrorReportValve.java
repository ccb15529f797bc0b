package io.backupgateway.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.backupgateway.failure.ProblemCode;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat refuses some requests before any filter or servlet runs (an encoded slash or a
 * NUL in the path, for instance). Its own error page is HTML; this valve answers those
 * with the same problem+json as every other error.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ProblemCode code = ProblemCode.forStatus(status);
		String requestId = UUID.randomUUID().toString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", code.type().toString());
		body.put("title", code.title());
		body.put("status", status);
		body.put("detail", (status < 500) ? "The request could not be processed." : "The request failed unexpectedly.");
		body.put("code", code.slug());
		body.put("request_id", requestId);
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setHeader("X-Request-Id", requestId);
			response.getOutputStream().write(JSON.writeValueAsBytes(body));
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone; nothing more to say
		}
	}

}
