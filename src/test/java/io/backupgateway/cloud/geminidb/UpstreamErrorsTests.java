package io.backupgateway.cloud.geminidb;

import java.nio.charset.StandardCharsets;

import io.backupgateway.cloud.BackupCreated;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UpstreamErrorsTests {

	private final UpstreamErrors errors = new UpstreamErrors(JsonMapper.builder().build());

	@ParameterizedTest
	@ValueSource(ints = { 200, 201, 202, 204 })
	void anyTwoHundredWithIdsIsSuccess(int status) {
		BackupCreated created = this.errors
			.toCreated(answer(status, null, "{\"job_id\":\"j-1\",\"backup_id\":\"b-1\",\"extra\":1}"));
		assertThat(created).isEqualTo(new BackupCreated(status, "j-1", "b-1"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{}", "not json", "{\"job_id\":\"j\"}", "{\"job_id\":\"j\",\"backup_id\":7}",
			"{\"job_id\":\" \",\"backup_id\":\"b\"}" })
	void aTwoHundredWithoutIdsIsAnUpstreamError(String body) {
		assertThat(failure(answer(202, null, body)).code()).isEqualTo(ProblemCode.UPSTREAM_ERROR);
	}

	@ParameterizedTest
	@CsvSource({ "400, DBS.280277, upstream-rejected", "403, DBS.200019, upstream-rejected",
			"404, DBS.200002, upstream-rejected", "409, DBS.201201, upstream-rejected",
			"412, DBS.200047, upstream-rejected", "422, DBS.280001, upstream-rejected",
			"429, DBS.280443, upstream-throttled", "500, DBS.200998, upstream-error", "503, APIGW.0101, upstream-error",
			"405, APIGW.0101, upstream-error", "413, APIGW.0101, upstream-error", "302, X, upstream-error" })
	void mapsCloudErrorsAsTheDesignSays(int status, String code, String expected) {
		GatewayFailure failure = failure(
				answer(status, null, "{\"error_code\":\"" + code + "\",\"error_msg\":\"message from the cloud\"}"));
		assertThat(failure.code().slug()).isEqualTo(expected);
		assertThat(failure.members()).containsEntry("upstream_status", status)
			.containsEntry("upstream_error_code", code)
			.containsEntry("upstream_error_msg", "message from the cloud");
	}

	@Test
	void recognisesTokenErrors() {
		assertThat(this.errors.isTokenError(answer(401, null, "{\"error_code\":\"APIGW.0307\"}"))).isTrue();
		assertThat(this.errors.isTokenError(answer(401, null, ""))).isTrue();
		assertThat(this.errors.isTokenError(answer(403, null, "{\"error_code\":\"DBS.280056\"}"))).isTrue();
		assertThat(this.errors.isTokenError(answer(403, null, "{\"error_code\":\"DBS.200019\"}"))).isFalse();
		assertThat(this.errors.isTokenError(answer(400, null, "{\"error_code\":\"DBS.280056\"}"))).isFalse();
	}

	@Test
	void aTokenErrorThatSurvivesTheRetryIsAnUpstreamError() {
		assertThat(failure(answer(401, null, "{\"error_code\":\"APIGW.0307\"}")).code())
			.isEqualTo(ProblemCode.UPSTREAM_ERROR);
	}

	@Test
	void passesRetryAfterSecondsOn() {
		GatewayFailure throttled = failure(answer(429, "17", "{\"error_code\":\"DBS.280443\"}"));
		assertThat(throttled.retryAfterSeconds()).isEqualTo(17L);
	}

	@Test
	void ignoresARetryAfterThatIsNotSeconds() {
		GatewayFailure throttled = failure(answer(429, "Wed, 21 Oct 2026 07:28:00 GMT", ""));
		assertThat(throttled.retryAfterSeconds()).isNull();
	}

	@Test
	void clipsLongCloudMessages() {
		GatewayFailure failure = failure(answer(400, null, "{\"error_msg\":\"" + "m".repeat(2000) + "\"}"));
		assertThat((String) failure.members().get("upstream_error_msg")).hasSize(512);
	}

	/**
	 * What the caller is told: the cloud's answer read here, mapped by the create flow.
	 */
	private GatewayFailure failure(UpstreamAnswer answer) {
		return catchThrowableOfType(CloudFailure.class, () -> this.errors.toCreated(answer)).problem();
	}

	private static UpstreamAnswer answer(int status, @Nullable String retryAfter, String body) {
		return new UpstreamAnswer(status, retryAfter, body.getBytes(StandardCharsets.UTF_8));
	}

}
