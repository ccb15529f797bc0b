package io.backupgateway.access;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, with two rules of the gateway's own (docs/design.md
 * 3.4, "Hostile input"):
 * <ul>
 * <li>a path that percent-encodes a character that needs no encoding (a letter, a digit,
 * {@code - . _ ~}) is refused: no valid caller writes {@code backup%73}, and refusing it
 * leaves one spelling of every route for every rule to see;</li>
 * <li>a request that carries {@code Transfer-Encoding} is refused: a body must declare
 * its {@code Content-Length}. Tomcat drops a {@code Content-Length} sent beside
 * {@code Transfer-Encoding} before any code of the gateway runs, so refusing every
 * transfer coding is the one way to refuse that pair, the shape of request smuggling; no
 * body of this API (at most 16 KiB of JSON) needs one;</li>
 * <li>header names and values without control characters, checked by a loop instead of
 * the firewall's Unicode regular expression, which it runs on every read of a header: for
 * a bearer token of a thousand characters that was a tenth of a create's CPU
 * (docs/performance.md).</li>
 * </ul>
 */
final class GatewayFirewall extends StrictHttpFirewall {

	GatewayFirewall() {
		setAllowedHeaderNames(GatewayFirewall::withoutControlCharacters);
		setAllowedHeaderValues(GatewayFirewall::withoutControlCharacters);
	}

	@Override
	public FirewalledRequest getFirewalledRequest(HttpServletRequest request) throws RequestRejectedException {
		if (encodesNeedlessly(request.getRequestURI())) {
			throw new Refused("The path percent-encodes a letter, digit or one of - . _ ~, which never need encoding.");
		}
		if (request.getHeader("Transfer-Encoding") != null) {
			throw new Refused("A request body must be sent with Content-Length, not Transfer-Encoding.");
		}
		return super.getFirewalledRequest(request);
	}

	/**
	 * A refusal by one of the gateway's own rules, whose message quotes nothing the
	 * caller sent and may be answered as it is.
	 */
	static final class Refused extends RequestRejectedException {

		Refused(String message) {
			super(message);
		}

	}

	/**
	 * Whether a raw path percent-encodes an unreserved character (RFC 3986 section 2.3).
	 * @param rawPath the path as sent
	 * @return whether it does
	 */
	static boolean encodesNeedlessly(String rawPath) {
		for (int i = rawPath.indexOf('%'); i >= 0 && i + 2 < rawPath.length(); i = rawPath.indexOf('%', i + 1)) {
			int high = Character.digit(rawPath.charAt(i + 1), 16);
			int low = Character.digit(rawPath.charAt(i + 2), 16);
			if (high >= 0 && low >= 0 && unreserved((char) (high * 16 + low))) {
				return true;
			}
		}
		return false;
	}

	private static boolean unreserved(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	static boolean withoutControlCharacters(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) || !Character.isDefined(c)) {
				return false;
			}
		}
		return true;
	}

}
