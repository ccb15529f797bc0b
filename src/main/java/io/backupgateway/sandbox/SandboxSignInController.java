package io.backupgateway.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.backupgateway.config.SecuritySettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The stand-in identity provider's browser sign-in, for the audit console (docs/design.md
 * 3.7): an authorization endpoint that shows a page to pick a person (no password: the
 * sandbox is a closed world) and a token endpoint that checks the client, the code, the
 * redirect URI and the PKCE verifier before it issues an ID token with the same claims as
 * the API's sandbox tokens. Only in the sandbox.
 */
@RestController
@Profile("sandbox")
class SandboxSignInController {

	/** Who can sign in, with the teams and permissions each gets. */
	static final Map<String, Person> PEOPLE = people();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final Map<String, Issued> codes = new ConcurrentHashMap<>();

	private final SandboxKeys keys;

	private final SecuritySettings security;

	private final String clientId;

	private final String clientSecret;

	private final int port;

	SandboxSignInController(SandboxKeys keys, SecuritySettings security,
			@Value("${spring.security.oauth2.client.registration.idp.client-id:}") String clientId,
			@Value("${spring.security.oauth2.client.registration.idp.client-secret:}") String clientSecret,
			@Value("${server.port}") int port) {
		this.keys = keys;
		this.security = security;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.port = port;
	}

	record Person(String name, List<String> teams, String permissions, String description) {
	}

	private record Pending(String redirectUri, @Nullable String state, @Nullable String nonce, String challenge) {
	}

	private record Issued(Person person, String redirectUri, @Nullable String nonce, String challenge,
			Instant expiresAt) {
	}

	private static Map<String, Person> people() {
		Map<String, Person> people = new LinkedHashMap<>();
		people.put("alice", new Person("alice", List.of("payments"), "backup:create backup:delete",
				"member of payments: reads her team's trail"));
		people.put("bob",
				new Person("bob", List.of("search"), "backup:create", "member of search: reads his team's trail"));
		people.put("carol", new Person("carol", List.of(), "audit:read", "auditor: reads every team's trail"));
		people.put("dave", new Person("dave", List.of("payments"), "", "no permission: sees no trail"));
		return Map.copyOf(people);
	}

	@GetMapping(path = "/sandbox/authorize", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> authorize(@RequestParam MultiValueMap<String, String> query) {
		String problem = checkRequest(query);
		if (problem != null) {
			return page(HttpStatus.BAD_REQUEST, "<p>" + HtmlUtils.htmlEscape(problem) + "</p>");
		}
		String id = random();
		this.pending.put(id, new Pending(query.getFirst("redirect_uri"), query.getFirst("state"),
				query.getFirst("nonce"), query.getFirst("code_challenge")));
		StringBuilder list = new StringBuilder("<ul>");
		for (Person person : List.of(PEOPLE.get("alice"), PEOPLE.get("bob"), PEOPLE.get("carol"), PEOPLE.get("dave"))) {
			list.append("<li><a href=\"/sandbox/authorize/as?request=")
				.append(id)
				.append("&amp;person=")
				.append(person.name())
				.append("\">Sign in as ")
				.append(person.name())
				.append("</a> (")
				.append(HtmlUtils.htmlEscape(person.description()))
				.append(")</li>");
		}
		list.append("</ul>");
		return page(HttpStatus.OK, "<p>The sandbox's identity provider: pick who you are.</p>" + list);
	}

	@GetMapping(path = "/sandbox/authorize/as")
	ResponseEntity<String> signInAs(@RequestParam String request, @RequestParam String person) {
		Pending asked = this.pending.remove(request);
		Person chosen = PEOPLE.get(person);
		if (asked == null || chosen == null) {
			return page(HttpStatus.BAD_REQUEST, "<p>This sign-in request is unknown or used. Start again.</p>");
		}
		String code = random();
		this.codes.put(code, new Issued(chosen, asked.redirectUri(), asked.nonce(), asked.challenge(),
				Instant.now().plusSeconds(60)));
		UriComponentsBuilder back = UriComponentsBuilder.fromUriString(asked.redirectUri()).queryParam("code", code);
		if (asked.state() != null) {
			back.queryParam("state", asked.state());
		}
		return ResponseEntity.status(HttpStatus.FOUND).location(back.encode().build().toUri()).build();
	}

	@PostMapping(path = "/sandbox/oauth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> token(@RequestParam MultiValueMap<String, String> form,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization)
			throws JOSEException {
		if (!clientAuthenticated(form, authorization)) {
			return error(HttpStatus.UNAUTHORIZED, "invalid_client");
		}
		Issued issued = this.codes.remove(String.valueOf(form.getFirst("code")));
		if (!"authorization_code".equals(form.getFirst("grant_type")) || issued == null
				|| issued.expiresAt().isBefore(Instant.now())
				|| !issued.redirectUri().equals(form.getFirst("redirect_uri"))
				|| !issued.challenge().equals(s256(form.getFirst("code_verifier")))) {
			return error(HttpStatus.BAD_REQUEST, "invalid_grant");
		}
		Instant now = Instant.now();
		Person person = issued.person();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
			.subject(person.name())
			.audience(this.clientId)
			.claim("azp", this.clientId)
			.claim("preferred_username", person.name())
			.claim(this.security.teamsClaim(), person.teams())
			.claim(this.security.permissionsClaim(), person.permissions())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(3600)));
		if (issued.nonce() != null) {
			claims.claim("nonce", issued.nonce());
		}
		SignedJWT idToken = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.keys.signingKey().getKeyID()).build(),
				claims.build());
		idToken.sign(new RSASSASigner(this.keys.signingKey()));
		return ResponseEntity.ok()
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(Map.of("access_token", random(), "token_type", "Bearer", "expires_in", 3600, "scope", "openid",
					"id_token", idToken.serialize()));
	}

	/** Checks what a real provider checks before it shows its page. */
	private @Nullable String checkRequest(MultiValueMap<String, String> query) {
		if (!"code".equals(query.getFirst("response_type"))) {
			return "Only the authorization code flow is offered.";
		}
		if (this.clientId.isEmpty() || !this.clientId.equals(query.getFirst("client_id"))) {
			return "Unknown client.";
		}
		String redirect = query.getFirst("redirect_uri");
		if (redirect == null || !loopback(redirect) || !redirect.endsWith("/console/login/oauth2/code/idp")) {
			return "The redirect URI is not the console's on this machine.";
		}
		if (!"S256".equals(query.getFirst("code_challenge_method")) || query.getFirst("code_challenge") == null) {
			return "PKCE with S256 is required.";
		}
		return null;
	}

	private boolean clientAuthenticated(MultiValueMap<String, String> form, @Nullable String authorization) {
		String expected = this.clientId + ":" + this.clientSecret;
		if (authorization != null && authorization.startsWith("Basic ")) {
			String given = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
			return MessageDigest.isEqual(
					java.net.URLDecoder.decode(given, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8),
					expected.getBytes(StandardCharsets.UTF_8));
		}
		return this.clientId.equals(form.getFirst("client_id")) && MessageDigest.isEqual(
				String.valueOf(form.getFirst("client_secret")).getBytes(StandardCharsets.UTF_8),
				this.clientSecret.getBytes(StandardCharsets.UTF_8));
	}

	private String issuer() {
		return "http://127.0.0.1:" + this.port + "/sandbox";
	}

	private static boolean loopback(String uri) {
		try {
			String host = URI.create(uri).getHost();
			return "localhost".equals(host) || "127.0.0.1".equals(host);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String s256(@Nullable String verifier) {
		if (verifier == null) {
			return "";
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String random() {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static ResponseEntity<String> page(HttpStatus status, String body) {
		String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox sign-in</title>"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body><main>"
				+ "<h1>Sandbox sign-in</h1>" + body + "</main></body></html>";
		return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code) {
		return ResponseEntity.status(status).body(Map.of("error", code));
	}

}
