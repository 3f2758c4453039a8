package dev.rolegate.token;

import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.platform.problem.ProblemMappers;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@code /v1} request from its bearer JWT (verified by SmallRye JWT: RS256
 * signature, issuer, expiry) before any resource runs, and
 * keeps the resulting {@link Caller} in the request's routing context for {@link AccessGuard}
 * (reading the identity again on the event loop is not allowed with lazy authentication). No token, a bad token
 * or a token without {@code sub}: 401 problem+json. Runs without blocking, so checks can stay on
 * the event loop.
 */
public class CallerFilter {

    @Inject
    CurrentIdentityAssociation identities;

    /** Routing-context key under which the authenticated {@link Caller} is kept for the request. */
    static final String CALLER = Caller.class.getName();

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request, RoutingContext routing) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().onItemOrFailure().transform((identity, failure) -> {
            if (failure != null) {
                return refuse("The bearer token is invalid or expired.");
            }
            Caller caller = toCaller(identity);
            if (caller == null) {
                return refuse("A bearer token is required (Authorization: Bearer <JWT>).");
            }
            routing.put(CALLER, caller);
            return null;
        });
    }

    /** The caller of a verified identity, or null when anonymous or without a subject. */
    static Caller toCaller(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            return null;
        }
        Object account = jwt.getClaim("account");
        Object scope = jwt.getClaim("scope");
        return new Caller(subject,
                java.util.Optional.ofNullable(account == null ? null : stringOf(account)),
                Caller.parseScopes(scope == null ? null : stringOf(scope)));
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
