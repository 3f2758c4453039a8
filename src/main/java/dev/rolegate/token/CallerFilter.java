package dev.rolegate.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.platform.problem.ProblemMappers;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@code /v1} request from its bearer JWT and keeps the resulting
 * {@link Caller} in the request's routing context for {@link CallerContext}; {@code admin.OperationFilter}
 * runs after it.
 *
 * <p>Verification is SmallRye JWT's ({@link JWTParser}: RS256 signature with the configured
 * {@code mp.jwt.verify.publickey[.location]}, issuer, expiry, RFC 7519 §7.2). It runs inline on
 * the calling thread, so checks stay on the event loop. A verified token is cached, keyed by the
 * whole token string, until it expires (at most 10 minutes): services present the same token on
 * every call, and an RSA verification costs far more than the check it guards. No token, a bad
 * token, or one without {@code sub}: 401 problem+json. Tokens are never logged.
 */
public class CallerFilter {

    /** Routing-context key under which the authenticated {@link Caller} is kept for the request. */
    static final String CALLER = Caller.class.getName();

    private static final String BEARER = "Bearer ";

    private record Verified(Caller caller, long expiresAtEpochSecond) {
    }

    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    @Inject
    JWTParser parser;

    /** True for the paths this filter authenticates (and {@code admin.OperationFilter} authorizes): {@code /v1} and below. */
    public static boolean guards(String path) {
        return path.startsWith("/v1/") || path.equals("/v1");
    }

    /**
     * True for the console's paths that need a console session ({@code console.ConsoleFilter}
     * authenticates them from the session cookie, {@code admin.OperationFilter} authorizes them):
     * {@code /console/{account}} and below, except {@code /console/{account}/open}, which turns a
     * one-time link into a session, and {@code /console/{account}/sso/login}, which starts a
     * single sign-on login to the console (the IdP's answer, not a cookie, is its credential).
     */
    public static boolean consoleSession(String path) {
        if (!path.startsWith("/console/")) {
            return false;
        }
        int end = path.indexOf('/', "/console/".length());
        if (end < 0) {
            return true;
        }
        String rest = path.substring(end);
        return !rest.equals("/open") && !rest.equals("/sso/login");
    }

    /**
     * Makes {@code caller} the authenticated caller of this request, for an authenticator of
     * another kind than bearer tokens (the console's session cookie). Call it only after the
     * request's credential was verified.
     */
    public static void authenticated(RoutingContext routing, Caller caller) {
        routing.put(CALLER, caller);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request, RoutingContext routing) {
        if (!guards(request.getUriInfo().getPath())) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse("A bearer token is required (Authorization: Bearer <JWT>).");
        }
        String token = header.substring(BEARER.length()).trim();
        long now = System.currentTimeMillis() / 1000;
        Verified entry = verified.getIfPresent(token);
        if (entry == null || entry.expiresAtEpochSecond() <= now) {
            entry = verify(token);
            if (entry == null || entry.expiresAtEpochSecond() <= now) {
                return refuse("The bearer token is invalid or expired.");
            }
            verified.put(token, entry);
        }
        routing.put(CALLER, entry.caller());
        return null;
    }

    private Verified verify(String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            String subject = jwt.getSubject();
            if (subject == null || subject.isBlank() || jwt.getExpirationTime() <= 0) {
                return null;
            }
            Object account = jwt.getClaim("account");
            Object scope = jwt.getClaim("scope");
            Caller caller = new Caller(subject,
                    Optional.ofNullable(account == null ? null : stringOf(account)),
                    Caller.parseScopes(scope == null ? null : stringOf(scope)));
            return new Verified(caller, jwt.getExpirationTime());
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static String stringOf(Object claim) {
        // JSON string claims may come as JsonString, whose toString() keeps the quotes
        return claim instanceof jakarta.json.JsonString s ? s.getString() : claim.toString();
    }

    private static Response refuse(String detail) {
        Response r = ProblemMappers.response(ProblemException.unauthenticated(detail).problem());
        r.getHeaders().putSingle("WWW-Authenticate", "Bearer");
        return r;
    }
}
