package io.backupgateway.audit.review;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.backupgateway.access.Caller;
import io.backupgateway.access.ConsoleSession;
import io.backupgateway.audit.chain.ChainReport;
import io.backupgateway.audit.chain.ChainVerifier;
import io.backupgateway.audit.chain.DigestSigner;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.web.ConnectionValve;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit console's pages (docs/design.md 3.7): the API's reviews for people, rendered
 * on the server, with the same filters, access rules, bounds and code underneath. Every
 * refusal is a page of its own with the status the API would answer; no page needs
 * JavaScript. Only while the console is on.
 */
@Controller
@Hidden
@RequestMapping("/console")
@ConditionalOnProperty(name = "spring.security.oauth2.client.registration.idp.client-id")
class ConsolePages {

	/** The search form's fields, in the order of docs/design.md 3.3. */
	static final List<String> FILTER_FIELDS = List.of("team", "instance_id", "actor", "action", "outcome", "from", "to",
			"request_id", "backup_id", "job_id", "backup_name");

	static final String LAST_VERIFY = "console.lastVerify";

	private final AuditQueries queries;

	private final AuditStream stream;

	private final ChainVerifier verifier;

	private final ExportSlots slots;

	private final DigestSigner signer;

	private final ConsoleSession sessions;

	private final EvidenceBundles bundles;

	ConsolePages(AuditQueries queries, AuditStream stream, ChainVerifier verifier, ExportSlots slots,
			DigestSigner signer, ConsoleSession sessions, EvidenceBundles bundles) {
		this.queries = queries;
		this.stream = stream;
		this.verifier = verifier;
		this.slots = slots;
		this.signer = signer;
		this.sessions = sessions;
		this.bundles = bundles;
	}

	@GetMapping({ "", "/" })
	String search(@AuthenticationPrincipal OidcUser person, HttpServletRequest request, Model model) {
		Caller caller = this.sessions.caller(person);
		Map<String, String[]> parameters = filled(request.getParameterMap());
		model.addAttribute("caller", caller);
		model.addAttribute("values", values(parameters));
		AuditAccess.requireReader(caller);
		AuditFilter filter = AuditFilter.parse(parameters, Set.of("limit", "cursor"));
		Set<String> teams = AuditAccess.visibleTeams(caller, filter);
		int limit = AuditFilter.limit(parameters);
		String cursorText = AuditFilter.single(parameters, "cursor");
		AuditCursor cursor = (cursorText != null) ? AuditCursor.decode(cursorText) : null;
		List<AuditEntry> entries = this.queries.page(filter, teams, cursor, limit + 1);
		String next = null;
		if (entries.size() > limit) {
			entries = new ArrayList<>(entries.subList(0, limit));
			next = link("/console/", parameters, Map.of("cursor", AuditCursor.after(entries.get(limit - 1)).encode()));
		}
		model.addAttribute("entries", entries);
		model.addAttribute("next", next);
		model.addAttribute("first", (cursor != null) ? link("/console/", parameters, Map.of("cursor", "")) : null);
		model.addAttribute("csv",
				link("/console/export", parameters, Map.of("format", "csv", "cursor", "", "limit", "")));
		model.addAttribute("ndjson",
				link("/console/export", parameters, Map.of("format", "ndjson", "cursor", "", "limit", "")));
		return "console/search";
	}

	@GetMapping("/entries/{auditId}")
	String entry(@AuthenticationPrincipal OidcUser person, @PathVariable String auditId, Model model) {
		Caller caller = this.sessions.caller(person);
		model.addAttribute("caller", caller);
		AuditAccess.requireReader(caller);
		AuditEntry entry = AuditIds.parse(auditId)
			.flatMap(this.queries::byId)
			.filter((found) -> AuditAccess.mayRead(caller, found))
			.orElseThrow(AuditEntryNotFound::new);
		model.addAttribute("entry", entry);
		model.addAttribute("fields", fields(entry));
		model.addAttribute("jobEnd", jobEnd(entry, caller).orElse(null));
		return "console/entry";
	}

	@GetMapping("/export")
	void export(@AuthenticationPrincipal OidcUser person, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Caller caller = this.sessions.caller(person);
		if (ExportWriter.export(this.stream, this.slots, caller, filled(request.getParameterMap()),
				response) == AuditStream.End.DEADLINE) {
			// the client must not take a cut export for a whole one
			ConnectionValve.abortAfterAnswer(request);
		}
	}

	@GetMapping("/trail")
	String trail(@AuthenticationPrincipal OidcUser person, HttpSession session, Model model) {
		Caller caller = this.sessions.caller(person);
		model.addAttribute("caller", caller);
		AuditAccess.requireAuditor(caller);
		model.addAttribute("lastVerify", session.getAttribute(LAST_VERIFY));
		model.addAttribute("digests", this.signer.newest(10));
		model.addAttribute("publicKey", this.signer.key().publicKeyPem());
		model.addAttribute("keyId", this.signer.key().keyId());
		return "console/trail";
	}

	@PostMapping("/trail/verify")
	String verify(@AuthenticationPrincipal OidcUser person, HttpSession session) {
		Caller caller = this.sessions.caller(person);
		AuditAccess.requireAuditor(caller);
		String subject = String.valueOf(caller.subject());
		this.slots.acquire(subject);
		try {
			ChainReport report = this.verifier.verify();
			session.setAttribute(LAST_VERIFY, new VerifyResult(report, Instant.now()));
		}
		finally {
			this.slots.release(subject);
		}
		return "redirect:/console/trail";
	}

	@PostMapping("/evidence")
	void evidence(@AuthenticationPrincipal OidcUser person, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Caller caller = this.sessions.caller(person);
		AuditAccess.requireAuditor(caller);
		Map<String, String[]> parameters = filled(request.getParameterMap());
		AuditFilter range = AuditFilter.parse(parameters, Set.of("_csrf"));
		String subject = String.valueOf(caller.subject());
		this.slots.acquire(subject);
		try {
			this.bundles.write(range, response);
		}
		finally {
			this.slots.release(subject);
		}
	}

	@RequestMapping("/denied")
	ModelAndView denied() {
		ModelAndView page = new ModelAndView("console/denied");
		page.setStatus(HttpStatus.FORBIDDEN);
		return page;
	}

	@GetMapping("/signed-out")
	String signedOut() {
		return "console/signed-out";
	}

	@GetMapping(path = "/assets/console.css", produces = "text/css")
	@ResponseBody
	ResponseEntity<byte[]> stylesheet() throws IOException {
		try (InputStream css = new ClassPathResource("console/console.css").getInputStream()) {
			return ResponseEntity.ok()
				.contentType(MediaType.parseMediaType("text/css;charset=UTF-8"))
				.header("Cache-Control", "max-age=3600")
				.body(StreamUtils.copyToByteArray(css));
		}
	}

	/** Every refusal as a page: the status the API would answer, and why. */
	@ExceptionHandler(GatewayFailure.class)
	ModelAndView refused(GatewayFailure failure) {
		ModelAndView page = new ModelAndView(
				(failure.code().status() == HttpStatus.FORBIDDEN) ? "console/denied" : "console/problem");
		page.setStatus(failure.code().status());
		page.addObject("status", failure.code().status().value());
		page.addObject("code", failure.code().slug());
		page.addObject("detail", failure.detail());
		Object errors = failure.members().get("errors");
		page.addObject("errors", (errors instanceof List<?> list) ? list : List.of());
		return page;
	}

	/**
	 * The last {@code verify} this person ran.
	 *
	 * @param report its report
	 * @param at when it ran
	 */
	record VerifyResult(ChainReport report, Instant at) implements java.io.Serializable {
	}

	/** The entry's {@code backup.job} entry, when its job has ended. */
	private Optional<AuditEntry> jobEnd(AuditEntry entry, Caller caller) {
		if (entry.jobId() == null || "backup.job".equals(entry.action())) {
			return Optional.empty();
		}
		AuditFilter ends = new AuditFilter(null, null, null, "backup.job", null, null, null, null, null, entry.jobId(),
				null);
		Set<String> teams = caller.has(Caller.AUDIT_READ) ? null : caller.teams();
		return this.queries.page(ends, teams, null, 1).stream().findFirst();
	}

	/**
	 * Every member of the entry, in the order of docs/design.md 3.3, then the chain's.
	 */
	private static Map<String, @Nullable String> fields(AuditEntry entry) {
		Map<String, @Nullable String> fields = new LinkedHashMap<>();
		@Nullable String[] values = entry.values();
		for (int i = 0; i < AuditEntry.FIELDS.length; i++) {
			fields.put(AuditEntry.FIELDS[i], values[i]);
		}
		fields.put("chain_seq", (entry.chainSeq() != null) ? entry.chainSeq().toString() : null);
		fields.put("entry_hash", entry.entryHash());
		fields.put("chain_hash", entry.chainHash());
		return fields;
	}

	/** A form sends every field, empty or not: an empty one is no filter. */
	static Map<String, String[]> filled(Map<String, String[]> parameters) {
		Map<String, String[]> filled = new LinkedHashMap<>();
		parameters.forEach((name, values) -> {
			String[] kept = java.util.Arrays.stream(values).filter((value) -> !value.isBlank()).toArray(String[]::new);
			if (kept.length > 0 && !"_csrf".equals(name)) {
				filled.put(name, kept);
			}
		});
		return filled;
	}

	private static Map<String, String> values(Map<String, String[]> parameters) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String field : FILTER_FIELDS) {
			String[] given = parameters.get(field);
			values.put(field, (given != null && given.length > 0) ? given[0] : "");
		}
		String[] limit = parameters.get("limit");
		values.put("limit", (limit != null && limit.length > 0) ? limit[0] : "");
		return values;
	}

	/** The current query with some parameters replaced ({@code ""}: dropped). */
	private static String link(String path, Map<String, String[]> parameters, Map<String, String> replaced) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
		parameters.forEach((name, values) -> {
			if (!replaced.containsKey(name)) {
				uri.queryParam(name, (Object[]) values);
			}
		});
		replaced.forEach((name, value) -> {
			if (!value.isEmpty()) {
				uri.queryParam(name, value);
			}
		});
		return uri.encode().build().toUriString();
	}

}
