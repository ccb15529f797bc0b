package io.backupgateway.audit;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import io.backupgateway.audit.chain.ChainSealer;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed digests on PostgreSQL, as an auditor uses them (docs/audit.md "Signed digests"):
 * sign one, fetch the public key, export the trail and check it offline with the key
 * alone, also after the export was tampered with in each way the offline verifier must
 * catch.
 */
@GatewayIntegrationTest
class AuditDigestsIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Rewrites a chain end to end in an export, with the verifier's own arithmetic. */
	static final String REWRITE = """
			import json, sys
			sys.path.insert(0, 'docs')
			import verify_audit_export as v
			path, audit_id = sys.argv[1], sys.argv[2]
			entries = [json.loads(line) for line in open(path, encoding='utf-8') if line.strip()]
			previous = v.GENESIS
			for e in sorted((e for e in entries if e.get('chain_seq') is not None), key=lambda e: e['chain_seq']):
			    if e['audit_id'] == audit_id:
			        e['backup_name'] = 'rewritten-history'
			    e['entry_hash'] = v.sha256(v.canonical(e))
			    e['chain_hash'] = v.sha256(previous + e['entry_hash'])
			    previous = e['chain_hash']
			with open(path, 'w', encoding='utf-8') as out:
			    for e in entries:
			        out.write(json.dumps(e, ensure_ascii=False) + '\\n')
			""";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BeanFactory beans;

	@Autowired
	ChainSealer sealer;

	final GatewayHttp http;

	AuditDigestsIT(GatewayHttp http) {
		this.http = http;
	}

	@Test
	void digestsAreForAuditorsOnly() {
		String member = TestJwts.member("payments");
		assertThat(send("GET", "/v1/audit/digests", member).statusCode()).isEqualTo(403);
		assertThat(send("POST", "/v1/audit/digests", member).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/v1/audit/digest-key", member).statusCode()).isEqualTo(403);
		HttpResponse<String> badLimit = send("GET", "/v1/audit/digests?limit=0", auditor());
		assertThat(badLimit.statusCode()).isEqualTo(400);
		assertThat(json(badLimit).get("errors").get(0).get("field").stringValue()).isEqualTo("limit");
		assertThat(send("GET", "/v1/audit/digests?team=payments", auditor()).statusCode()).isEqualTo(400);
	}

	@Test
	void anAuditorSignsADigestAndTheChainVerifiesAgainstIt() {
		String id = seed();
		HttpResponse<String> signed = send("POST", "/v1/audit/digests", auditor());
		assertThat(signed.statusCode()).isEqualTo(201);
		JsonNode digest = json(signed);
		long chainSeq = digest.get("chain_seq").longValue();
		assertThat(chainSeq).as("the new entry is sealed before signing")
			.isGreaterThanOrEqualTo(this.jdbc.sql("select chain_seq from audit_entry where audit_id = ?")
				.param(UUID.fromString(id))
				.query(Long.class)
				.single());
		assertThat(digest.get("chain_hash").stringValue())
			.isEqualTo(this.jdbc.sql("select chain_hash from audit_entry where chain_seq = ?")
				.param(chainSeq)
				.query(String.class)
				.single());
		assertThat(digest.get("signature").stringValue()).isNotBlank();

		HttpResponse<String> key = send("GET", "/v1/audit/digest-key", auditor());
		assertThat(key.headers().firstValue("Content-Type")).hasValue("application/x-pem-file");
		assertThat(key.body()).startsWith("-----BEGIN PUBLIC KEY-----\n");
		assertThat(key.headers().firstValue("Key-Id")).hasValue(digest.get("key_id").stringValue());

		JsonNode newest = json(send("GET", "/v1/audit/digests?limit=1", auditor())).get("digests");
		assertThat(newest).hasSize(1);
		assertThat(newest.get(0)).isEqualTo(digest);

		JsonNode report = json(send("GET", "/v1/audit/verify", auditor()));
		assertThat(report.get("status").stringValue()).as(report.toString()).isEqualTo("intact");
		assertThat(report.get("digests_checked").longValue()).isPositive();
	}

	@Test
	void anExportIsCheckedOfflineWithTheDigestAndThePublicKeyAlone(@TempDir Path dir) throws Exception {
		String mine = seed();
		String second = seed();
		JsonNode digest = json(send("POST", "/v1/audit/digests", auditor()));
		seed(); // entries after the digest are checked by the chain alone
		long chainSeq = digest.get("chain_seq").longValue();
		Path digestFile = Files.writeString(dir.resolve("digest.json"), digest.toString());
		Path keyFile = Files.writeString(dir.resolve("key.pem"), send("GET", "/v1/audit/digest-key", auditor()).body());
		Path export = dir.resolve("audit.ndjson");
		String exported = send("GET", "/v1/audit/export?format=ndjson", auditor()).body();

		Files.writeString(export, exported);
		assertThat(verify(export, digestFile, keyFile)).startsWith("0 intact")
			.contains("matches digest " + digest.get("digest_id").stringValue());

		Files.writeString(export,
				exported.replace("\"backup_name\":\"payments-" + mine + "\"", "\"backup_name\":\"payments-changed\""));
		assertThat(verify(export, digestFile, keyFile)).startsWith("1 broken at " + mine + ": its content differs");

		Files.writeString(export, lines(exported, (line) -> !line.contains("\"audit_id\":\"" + mine + "\"")));
		assertThat(verify(export, digestFile, keyFile)).startsWith("1 broken at ")
			.contains("an entry before it is missing");

		Files.writeString(export, lines(exported, (line) -> chainSeqOf(line) < chainSeq));
		assertThat(verify(export, digestFile, keyFile))
			.startsWith("1 broken: entries after entry " + (chainSeq - 1) + " are missing");

		Files.writeString(export, exported);
		python("-c", REWRITE, export.toString(), second);
		assertThat(Files.readString(export)).contains("rewritten-history");
		assertThat(verify(export, null, null)).as("without a digest the rewritten chain holds").startsWith("0 intact");
		assertThat(verify(export, digestFile, keyFile)).startsWith("1 broken: the chain up to entry " + chainSeq)
			.contains("it was rewritten");

		Files.writeString(export, exported);
		Path otherKey = Files.writeString(dir.resolve("other.pem"),
				io.backupgateway.audit.chain.DigestKey.throwAway().publicKeyPem());
		assertThat(verify(export, digestFile, otherKey)).startsWith("1 broken: the digest was signed with key");
		Files.writeString(digestFile,
				digest.toString().replace("\"chain_seq\":" + chainSeq, "\"chain_seq\":" + (chainSeq - 1)));
		assertThat(verify(export, digestFile, keyFile)).startsWith("1 broken: the digest's signature does not match");
	}

	@Test
	void aCsvExportIsCheckedOfflineLikeAnNdjsonOne(@TempDir Path dir) throws Exception {
		String mine = seed();
		JsonNode digest = json(send("POST", "/v1/audit/digests", auditor()));
		seed();
		Path digestFile = Files.writeString(dir.resolve("digest.json"), digest.toString());
		Path keyFile = Files.writeString(dir.resolve("key.pem"), send("GET", "/v1/audit/digest-key", auditor()).body());
		Path export = dir.resolve("audit.csv");
		String exported = send("GET", "/v1/audit/export?format=csv", auditor()).body();
		assertThat(exported).startsWith("audit_id,").contains(",chain_seq,entry_hash,chain_hash\r\n");

		Files.writeString(export, exported);
		assertThat(verify(export, digestFile, keyFile)).startsWith("0 intact")
			.contains("matches digest " + digest.get("digest_id").stringValue());

		Files.writeString(export, exported.replace("payments-" + mine, "payments-changed"));
		assertThat(verify(export, digestFile, keyFile)).startsWith("1 broken at " + mine + ": its content differs");
	}

	private String verify(Path export, Path digest, Path key) throws IOException, InterruptedException {
		List<String> args = new ArrayList<>(List.of("docs/verify_audit_export.py", export.toString()));
		if (digest != null) {
			args.addAll(List.of("--digest", digest.toString(), "--public-key", key.toString()));
		}
		return python(args.toArray(String[]::new));
	}

	/** Runs python3; answers its exit status, a space, and what it printed. */
	private static String python(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("python3"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int status = process.waitFor();
		assertThat(status).as(printed).isIn(0, 1);
		return status + " " + printed;
	}

	private static String lines(String export, Predicate<String> keep) {
		StringBuilder kept = new StringBuilder();
		export.lines().filter(keep).forEach((line) -> kept.append(line).append('\n'));
		return kept.toString();
	}

	private static long chainSeqOf(String line) {
		JsonNode chainSeq = JSON.readTree(line).get("chain_seq");
		return chainSeq.isNull() ? Long.MAX_VALUE : chainSeq.longValue();
	}

	/** A finished entry of a team of its own; answers its audit id. */
	private String seed() {
		UUID id = UUID.randomUUID();
		SeededEntry.of("backup.create", "denied")
			.id(id)
			.team("digests")
			.backupName("payments-" + id)
			.answered(403, null)
			.requestId("digest-" + id)
			.insert(this.beans);
		return id.toString();
	}

	private HttpResponse<String> send(String method, String path, String token) {
		return this.http.send(this.http.request(path)
			.header("Authorization", "Bearer " + token)
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build());
	}

	static String auditor() {
		return TestJwts.token((claims) -> claims.subject("carol").claim("scope", "audit:read"));
	}

}
