package dev.rolegate.platform.local;

import dev.rolegate.platform.problem.ProblemException;
import io.smallrye.jwt.build.Jwt;
import jakarta.ws.rs.POST;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;

/**
 * {@code POST /dev/token}: mints a bearer token signed with the dev-only key. Answers 404 unless
 * {@code rolegate.dev.token-endpoint=true}, which only the dev profile sets.
 */
@Path("/dev/token")
public class DevTokenResource {

    /**
     * @param sub     the token subject (a user id for admin tokens); default {@code dev}
     * @param account the account claim; may be null for platform tokens
     * @param scope   space-separated scopes, e.g. {@code rbac:admin}
     * @param ttl     lifetime in seconds, 1..86400; default 3600
     */
    public record DevTokenRequest(String sub, String account, String scope, Long ttl) {
    }

    public record DevTokenResponse(String token) {
    }

    @Inject
    @ConfigProperty(name = "rolegate.dev.token-endpoint", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    // dev-only (404 elsewhere): not part of the published API
    @Operation(hidden = true)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public DevTokenResponse mint(DevTokenRequest request) {
        if (!enabled) {
            throw ProblemException.notFound("not_found", "No such resource.");
        }
        if (request == null || request.scope() == null || request.scope().isBlank()) {
            throw ProblemException.invalid("/scope", "scope is required, e.g. \"rbac:admin\"");
        }
        long ttl = request.ttl() == null ? 3600 : request.ttl();
        if (ttl < 1 || ttl > 86_400) {
            throw ProblemException.invalid("/ttl", "ttl must be between 1 and 86400 seconds");
        }
        var claims = Jwt.issuer(issuer)
                .subject(request.sub() == null ? "dev" : request.sub())
                .claim("scope", request.scope())
                .expiresIn(Duration.ofSeconds(ttl));
        if (request.account() != null) {
            claims.claim("account", request.account());
        }
        return new DevTokenResponse(claims.sign());
    }
}
