package io.backupgateway.backup;

import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.Test;
import portal.client.ApiClient;
import portal.client.ApiException;
import portal.client.ApiResponse;
import portal.client.api.AuditApi;
import portal.client.api.BackupsApi;
import portal.client.model.AuditEntry;
import portal.client.model.BackupAccepted;
import portal.client.model.CreateBackupRequest;
import portal.client.model.JobView;
import portal.client.model.Problem;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The gateway as a portal sees it through a client generated from docs/openapi.yaml
 * (openapi-generator, Java, java.net.http; docs/clients.md): a create answered with typed
 * ids, a retry with the same Idempotency-Key replayed, a refusal read as a typed problem
 * whose code the portal branches on, and a job and an audit entry read back typed.
 */
@GatewayIntegrationTest
class GeneratedClientIT {

	final BackupsApi backups;

	final AuditApi audit;

	final WireMockServer cloud;

	GeneratedClientIT(GatewayHttp http, WireMockServer cloud) {
		this.cloud = cloud;
		this.backups = new BackupsApi(client(http, TestJwts.member("payments")));
		this.audit = new AuditApi(client(http, TestJwts.token((claims) -> claims.claim("scope", "audit:read"))));
	}

	static ApiClient client(GatewayHttp http, String token) {
		ApiClient client = new ApiClient();
		client.updateBaseUri("http://127.0.0.1:" + http.port());
		client.setRequestInterceptor((request) -> request.header("Authorization", "Bearer " + token));
		return client;
	}

	@Test
	void aPortalCreatesRetriesAndReadsBackThroughTheGeneratedClient() throws ApiException {
		String key = "portal-" + UUID.randomUUID();
		CreateBackupRequest request = new CreateBackupRequest().name("payments-from-portal").description("nightly");

		ApiResponse<BackupAccepted> first = this.backups.createBackupWithHttpInfo("payments",
				CloudStub.PAYMENTS_INSTANCE, request, key, null);
		ApiResponse<BackupAccepted> again = this.backups.createBackupWithHttpInfo("payments",
				CloudStub.PAYMENTS_INSTANCE, request, key, null);

		assertThat(first.getStatusCode()).isEqualTo(202);
		BackupAccepted accepted = first.getData();
		assertThat(accepted.getJobId()).isEqualTo(CloudStub.JOB_ID);
		assertThat(accepted.getBackupId()).isEqualTo(CloudStub.BACKUP_ID);
		assertThat(again.getHeaders()).containsEntry("idempotent-replayed", java.util.List.of("true"));
		assertThat(again.getData()).isEqualTo(accepted);

		this.cloud.stubFor(get(urlPathMatching("/v3/[0-9a-f]{32}/jobs")).withQueryParam("id", equalTo(CloudStub.JOB_ID))
			.willReturn(okJson("""
					{"total_count": 1, "jobs": [{"id": "%s", "name": "BackupInstance", "status": "Running",
					  "start_time": "2026-12-05T06:44:01+0000", "end_time": "", "progress": "60%%",
					  "instance": {"id": "%s", "name": "payments-db"}, "fail_reason": null}]}
					""".formatted(CloudStub.JOB_ID, CloudStub.PAYMENTS_INSTANCE))));
		JobView job = this.backups.getJob("payments", accepted.getJobId(), null);
		assertThat(job.getJobId()).isEqualTo(accepted.getJobId());
		assertThat(job.getStatus()).isEqualTo(JobView.StatusEnum.RUNNING);
		assertThat(job.getFailReason()).isNull();
		assertThat(job.getEndedAt()).isNull();

		AuditEntry entry = this.audit.getAuditEntry(accepted.getAuditId().toString(), null);
		assertThat(entry.getOutcome()).isEqualTo(AuditEntry.OutcomeEnum.ACCEPTED);
		assertThat(entry.getGrant()).isEqualTo(AuditEntry.GrantEnum.CONFIGURATION);
		assertThat(entry.getIdempotencyKey()).isEqualTo(key);
	}

	@Test
	void aRefusalIsATypedProblemThePortalBranchesOn() throws Exception {
		ApiException refused = catchThrowableOfType(ApiException.class, () -> this.backups.createBackup("payments",
				CloudStub.PAYMENTS_INSTANCE, new CreateBackupRequest().name("ledger-x1").description(""), null, null));

		assertThat(refused.getCode()).isEqualTo(400);
		Problem problem = new ApiClient().getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
		assertThat(problem.getCode()).isEqualTo(Problem.CodeEnum.NAMING_POLICY);
		assertThat(problem.getErrors()).isNotEmpty();
		assertThat(problem.getRequestId()).isNotBlank();
	}

}
