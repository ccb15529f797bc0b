package io.backupgateway.cloud;

import io.backupgateway.config.InstanceId;
import io.backupgateway.testsupport.CloudStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cloud module on its own against the WireMock cloud: its beans (WebClient, IAM
 * tokens, breakers, GeminiDB client) wire up without any other module and create a backup
 * with a project-scoped token.
 */
@ApplicationModuleTest
@ActiveProfiles("module")
class CloudModuleTests {

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		CloudStub.register(registry);
	}

	final GeminiDb geminiDb;

	CloudModuleTests(GeminiDb geminiDb) {
		this.geminiDb = geminiDb;
	}

	@BeforeEach
	void reset() {
		CloudStub.reset();
	}

	@Test
	void createsABackupWithAnIamToken() {
		BackupCreated created = this.geminiDb.createBackup("eu-de-prod", new InstanceId(CloudStub.PAYMENTS_INSTANCE),
				"payments-x1", "d");
		assertThat(created.jobId()).isEqualTo(CloudStub.JOB_ID);
		assertThat(created.backupId()).isEqualTo(CloudStub.BACKUP_ID);
		CloudStub.server()
			.verify(1,
					postRequestedFor(urlPathEqualTo(CloudStub.BACKUPS_PATH.formatted(CloudStub.PAYMENTS_INSTANCE)))
						.withHeader("X-Auth-Token", equalTo(CloudStub.IAM_TOKEN))
						.withRequestBody(equalToJson("{\"name\":\"payments-x1\",\"description\":\"d\"}")));
	}

}
