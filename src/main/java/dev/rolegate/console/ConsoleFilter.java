package dev.rolegate.console;

import dev.rolegate.console.store.ConsoleStore;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.platform.problem.ProblemMappers;
import dev.rolegate.token.CallerFilter;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every console request made in a session ({@link CallerFilter#consoleSession(String)}:
 * {@code /console/{account}/...} but the link opener) from the session cookie
 * {@value #COOKIE}, and makes the session's admin the request's caller, so that
 * {@code admin.OperationFilter} authorizes it as that admin. Runs where {@link CallerFilter} runs
 * for {@code /v1}; {@code /v1} itself never reads this cookie (bearer tokens only).
 *
 * <ul>
 *   <li>No cookie, or a session unknown, ended or idle: 401 {@code console_session_required}
 *       (to a browser's page request, {@code GET} accepting {@code text/html}: a page saying so).
 *   <li>A session of another account than the path's: 404 {@code account_not_found}, as if the
 *       account did not exist (nothing of another account is reachable).
 *   <li>An unsafe method ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) without the
 *       session's anti-CSRF token in header {@value #CSRF_HEADER}, or sent cross-site (an
 *       {@code Origin} other than the service's public origin, or {@code Sec-Fetch-Site: cross-site}):
 *       403 {@code csrf_failed} (OWASP CSRF Prevention Cheat Sheet: synchronizer token plus
 *       origin verification). The session cookie is {@code SameSite=None} when {@code Secure}, so
 *       the console works in a vendor's iframe; the token is what stops a forged request.
 * </ul>
 */
public class ConsoleFilter {

    /** The session cookie's name. */
    public static final String COOKIE = "rolegate_console";
    /** The header every unsafe console request carries the session's anti-CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Routing-context key of the request's console session, for the pages. */
    public static final String SESSION = ConsoleStore.Session.class.getName();

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    ConsoleSessions sessions;

    @Inject
    @Location("console-session-required.html")
    Template sessionRequired;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request, RoutingContext routing) {
        String path = request.getUriInfo().getPath();
        if (!CallerFilter.consoleSession(path)) {
            return null;
        }
        String account = request.getUriInfo().getPathParameters().getFirst("account");
        Cookie cookie = request.getCookies().get(COOKIE);
        Optional<ConsoleStore.Session> found = sessions.resume(cookie == null ? null : cookie.getValue());
        if (found.isEmpty()) {
            if (wantsPage(request)) {
                return Response.status(401).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .entity(sessionRequired.render()).build();
            }
            return refuse(401, "console_session_required", "No console session",
                    "This page needs a console session: open a new console link from the application you came from.");
        }
        ConsoleStore.Session session = found.get();
        if (account == null || !account.equals(session.account())) {
            return ProblemMappers.response(ProblemException.accountNotFound(account == null ? "" : account).problem());
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && !sameOriginWithToken(request, session)) {
            return refuse(403, "csrf_failed", "Forbidden", "This change did not come from a console page of this session"
                    + " (header " + CSRF_HEADER + " missing or wrong, or sent from another site); reload the page and try again.");
        }
        routing.put(SESSION, session);
        CallerFilter.authenticated(routing, ConsoleSessions.callerOf(session));
        return null;
    }

    /** A browser navigating (GET that accepts HTML, not an htmx request) is shown a page, not problem+json. */
    private static boolean wantsPage(ContainerRequestContext request) {
        String accept = request.getHeaderString("Accept");
        return "GET".equals(request.getMethod()) && request.getHeaderString("HX-Request") == null
                && accept != null && accept.contains("text/html");
    }

    private boolean sameOriginWithToken(ContainerRequestContext request, ConsoleStore.Session session) {
        String origin = request.getHeaderString("Origin");
        if (origin != null && !origin.equals(sessions.publicOrigin())) {
            return false;
        }
        if ("cross-site".equals(request.getHeaderString("Sec-Fetch-Site"))) {
            return false;
        }
        return ConsoleSessions.csrfMatches(session, request.getHeaderString(CSRF_HEADER));
    }

    private static Response refuse(int status, String code, String title, String detail) {
        return ProblemMappers.response(Problem.of(status, code, title, detail, List.of()));
    }
}
