package io.backupgateway.audit.review;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.backupgateway.testsupport.GatewayHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit console in a real browser (docs/design.md 3.7): headless Chromium, driven by
 * Selenium through Debian's ChromeDriver, against the sandbox, signing in through the
 * sandbox's identity provider as an auditor and as a team member. Skipped where there is
 * no browser, except on CI, where a missing browser fails the build.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("sandbox")
@EnabledIf("browserOrCi")
class ConsoleBrowserIT {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final int PORT = freePort();

	static final Path WORK = temporaryDirectory();

	static final String PAYMENTS_INSTANCE = "a4d8ea2584e047439a667703c0684119in06";

	static final String SEARCH_INSTANCE = "8436a91546294036b75931e879882200in06";

	static ChromeDriver browser;

	static WebDriverWait waiting;

	final GatewayHttp http = new GatewayHttp(PORT);

	final String base = "http://localhost:" + PORT;

	Path downloads;

	static boolean browserOrCi() {
		return (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) || "true".equals(System.getenv("CI"));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:console-browser;DB_CLOSE_DELAY=-1");
		registry.add("gateway.audit.signing-key", () -> WORK.resolve("key/audit-signing-key.pem").toUri().toString());
	}

	@BeforeAll
	static void startTheBrowser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// as this machine's Chromium must run: no sandbox as root, nothing that calls out
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + WORK.resolve("profile"), "--window-size=1280,900");
		options.setExperimentalOption("prefs",
				Map.of("download.default_directory", WORK.resolve("downloads").toString(),
						"download.prompt_for_download", false, "safebrowsing.enabled", false));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		waiting = new WebDriverWait(browser, Duration.ofSeconds(15));
	}

	@AfterAll
	static void stopTheBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void aFreshBrowserSession() throws IOException {
		browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
		browser.get(this.base + "/console/signed-out");
		browser.manage().deleteAllCookies();
		this.downloads = WORK.resolve("downloads");
		Files.createDirectories(this.downloads);
		try (Stream<Path> files = Files.list(this.downloads)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
	}

	@Test
	void anAuditorSearchesPagesOpensAnEntryExportsVerifiesDownloadsEvidenceAndSignsOut() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 1; i <= 3; i++) {
			create("payments", PAYMENTS_INSTANCE, "payments-" + run + "-" + i);
		}
		create("search", SEARCH_INSTANCE, "search-v" + Math.abs(run.hashCode() % 1000));
		Instant from = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

		signInAs("carol");
		assertThat(text(By.cssSelector(".who"))).contains("carol", "auditor");
		assertThat(text(By.tagName("footer"))).contains("UTC");
		everyFieldHasALabel();

		// filter by keyboard: type, then Enter submits the form
		WebElement team = browser.findElement(By.id("team"));
		team.sendKeys("payments");
		browser.findElement(By.id("limit")).sendKeys("2", Keys.ENTER);
		waiting.until(ExpectedConditions.urlContains("team=payments"));
		List<String> firstPage = column(3);
		assertThat(firstPage).hasSize(2).containsOnly("payments");
		String firstEntry = browser.findElement(By.cssSelector("#entries tbody tr td:nth-child(6)")).getText();
		browser.findElement(By.id("next-page")).click();
		waiting.until(ExpectedConditions.urlContains("cursor="));
		assertThat(column(3)).isNotEmpty().containsOnly("payments");
		assertThat(column(6)).doesNotContain(firstEntry);

		// readable at 200 % zoom: at half the width nothing but the tables scrolls
		// sideways
		browser.manage().window().setSize(new org.openqa.selenium.Dimension(640, 900));
		assertThat((Boolean) ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
		browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

		// an entry, every field and its place in the chain
		browser.findElement(By.cssSelector("#entries tbody tr td:last-child a")).click();
		waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("entry")));
		assertThat(text(By.id("field-team"))).isEqualTo("payments");
		assertThat(text(By.id("field-grant"))).isEqualTo("configuration");
		assertThat(browser.getCurrentUrl()).endsWith(text(By.id("field-audit_id")));
		assertThat(text(By.id("job-end"))).contains(text(By.id("field-job_id")));

		// an export of the current filters, as the API's
		browser.navigate().back();
		browser.findElement(By.id("export-csv")).click();
		Path csv = downloaded("audit.csv");
		List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertThat(rows.get(0)).startsWith("audit_id,occurred_at,action");
		assertThat(rows.subList(1, rows.size())).isNotEmpty()
			.allSatisfy((row) -> assertThat(row).contains(",payments,"));

		// the trail: verify on request, the digests, the key
		browser.findElement(By.linkText("Trail and evidence")).click();
		browser.findElement(By.id("verify")).click();
		waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("verify-status")));
		assertThat(text(By.id("verify-status"))).isEqualTo("intact");
		assertThat(text(By.id("public-key"))).startsWith("-----BEGIN PUBLIC KEY-----");

		// an evidence bundle, checked by the verifier it carries
		browser.findElement(By.id("evidence-from")).sendKeys(from.toString());
		browser.findElement(By.id("evidence-to")).sendKeys(Instant.now().plus(10, ChronoUnit.MINUTES).toString());
		browser.findElement(By.id("evidence")).click();
		Path bundle = unzip(downloaded("audit-evidence-"));
		assertThat(Files.readString(bundle.resolve("audit.ndjson"))).contains("payments-" + run + "-1");
		assertThat(verifier(bundle)).contains("intact", "matches digest");
		Path ndjson = bundle.resolve("audit.ndjson");
		Files.writeString(ndjson, Files.readString(ndjson).replace("payments-" + run + "-1", "payments-" + run + "-9"));
		assertThat(verifier(bundle, 1)).contains("broken", "its content differs from what was sealed");

		// signing out ends the session: the console asks for a sign-in again
		browser.findElement(By.cssSelector(".who button")).click();
		waiting.until(ExpectedConditions.urlContains("/console/signed-out"));
		browser.get(this.base + "/console/");
		waiting.until(ExpectedConditions.urlContains("/sandbox/authorize"));
	}

	@Test
	void aMemberReadsItsTeamIsRefusedAnotherAndItsSessionIsNoApiCredential() {
		create("payments", PAYMENTS_INSTANCE, "payments-member-" + UUID.randomUUID().toString().substring(0, 8));

		signInAs("alice");
		assertThat(column(3)).isNotEmpty().containsOnly("payments");
		Cookie session = browser.manage().getCookieNamed("BACKUP_GATEWAY_CONSOLE");
		assertThat(session).isNotNull();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Lax");
		assertThat(session.getPath()).isEqualTo("/console");

		browser.findElement(By.id("team")).sendKeys("search");
		browser.findElement(By.id("search")).click();
		waiting.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
		assertThat(text(By.tagName("h1"))).isEqualTo("No access");
		assertThat(text(By.id("denied"))).contains("not a member of team 'search'");
		assertThat(browser.findElements(By.linkText("Trail and evidence"))).isEmpty();

		HttpResponse<String> api = this.http.send(this.http.request("/v1/audit")
			.header("Cookie", "BACKUP_GATEWAY_CONSOLE=" + session.getValue())
			.GET()
			.build());
		assertThat(api.statusCode()).isEqualTo(401);
	}

	@Test
	void someoneWithoutPermissionSeesNoAccess() {
		signInAs("dave");
		assertThat(text(By.tagName("h1"))).isEqualTo("No access");
	}

	private void signInAs(String person) {
		browser.get(this.base + "/console/");
		waiting.until(ExpectedConditions.urlContains("/sandbox/authorize"));
		browser.findElement(By.linkText("Sign in as " + person)).click();
		waiting.until(ExpectedConditions.urlContains("/console/"));
		waiting.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
	}

	private void everyFieldHasALabel() {
		List<WebElement> fields = browser.findElements(By.cssSelector("main input:not([type=hidden]), main select"));
		assertThat(fields).isNotEmpty().allSatisfy((field) -> {
			String id = field.getAttribute("id");
			assertThat(id).isNotBlank();
			assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']"))).hasSize(1);
		});
	}

	private static List<String> column(int index) {
		return browser.findElements(By.cssSelector("#entries tbody tr td:nth-child(" + index + ")"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	private static String text(By locator) {
		return browser.findElement(locator).getText();
	}

	/** Waits until a download whose name starts so is complete. */
	private Path downloaded(String prefix) {
		return waiting.until((driver) -> {
			try (Stream<Path> files = Files.list(this.downloads)) {
				List<Path> all = files.toList();
				if (all.stream().anyMatch((file) -> file.getFileName().toString().endsWith(".crdownload"))) {
					return null;
				}
				return all.stream()
					.filter((file) -> file.getFileName().toString().startsWith(prefix))
					.findFirst()
					.orElse(null);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static Path unzip(Path zip) throws IOException {
		Path into = Files.createTempDirectory(WORK, "bundle");
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				Files.copy(in, into.resolve(entry.getName()));
			}
		}
		return into;
	}

	private static String verifier(Path bundle) throws IOException, InterruptedException {
		return verifier(bundle, 0);
	}

	private static String verifier(Path bundle, int exitStatus) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(List.of("python3", "verify_audit_export.py", "audit.ndjson",
				"--digest", "digest-end.json", "--public-key", "digest-end-key.pem"));
		if (Files.exists(bundle.resolve("digest-start.json"))) {
			command.addAll(List.of("--from-digest", "digest-start.json", "--from-public-key", "digest-start-key.pem"));
		}
		Process process = new ProcessBuilder(command).directory(bundle.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isEqualTo(exitStatus);
		return output;
	}

	private void create(String team, String instance, String name) {
		HttpResponse<String> token = this.http
			.send(this.http.request("/sandbox/token?teams=" + team).POST(HttpRequest.BodyPublishers.noBody()).build());
		HttpResponse<String> created = this.http.post(backupsOf(team, instance),
				json(token).get("access_token").stringValue(), body(name, "d"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("console-browser");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
