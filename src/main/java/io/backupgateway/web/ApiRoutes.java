package io.backupgateway.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The API's routes as the filters that act before the controllers see them, defined once
 * and matched on the path as routed (decoded and normalised by the container, the path
 * Spring MVC routes on), never on the raw request URI: an encoded segment cannot reach a
 * controller past the caller rate or the stored answer (docs/design.md 3.4, "Hostile
 * input").
 */
public final class ApiRoutes {

	private static final Pattern CREATE = Pattern.compile("/v1/teams/([^/]+)/instances/[^/]+/backups");

	private static final Pattern DELETE = Pattern.compile("/v1/teams/([^/]+)/backups/[^/]+");

	private static final Pattern TEAM = Pattern.compile("/v1/teams/([^/]+)(?:/.*)?");

	private ApiRoutes() {
	}

	/**
	 * The path the request is routed by: decoded, normalised, without the query.
	 * @param request the request
	 * @return the path
	 */
	public static String routedPath(HttpServletRequest request) {
		String servletPath = request.getServletPath();
		String pathInfo = request.getPathInfo();
		return (pathInfo != null) ? servletPath + pathInfo : servletPath;
	}

	/**
	 * Which route a request takes, if it is one the filters act on.
	 * @param request the request
	 * @return the route, or {@code null} for a path outside {@code /v1}
	 */
	public static @Nullable Route of(HttpServletRequest request) {
		String path = routedPath(request);
		if (!path.startsWith("/v1/")) {
			return null;
		}
		String method = request.getMethod();
		Matcher create = CREATE.matcher(path);
		if ("POST".equals(method) && create.matches()) {
			return new Route(Kind.CREATE, create.group(1));
		}
		Matcher delete = DELETE.matcher(path);
		if ("DELETE".equals(method) && delete.matches()) {
			return new Route(Kind.DELETE, delete.group(1));
		}
		Matcher team = TEAM.matcher(path);
		return new Route(Kind.READ, team.matches() ? team.group(1) : null);
	}

	/**
	 * What a request does.
	 */
	public enum Kind {

		/** {@code POST /v1/teams/{team}/instances/{instance_id}/backups}. */
		CREATE,

		/** {@code DELETE /v1/teams/{team}/backups/{backup_id}}. */
		DELETE,

		/**
		 * Every other request under {@code /v1}: reviews, exports, verify, lists, job
		 * lookups and the rest, counted by the read rate.
		 */
		READ;

		/**
		 * Create and delete: audited, and may reach the cloud.
		 * @return whether this is a write
		 */
		public boolean writes() {
			return this != READ;
		}

	}

	/**
	 * A matched route.
	 *
	 * @param kind what the request does
	 * @param team the team its path names, as routed, if it names one
	 */
	public record Route(Kind kind, @Nullable String team) {
	}

}
