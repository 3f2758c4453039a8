package dev.rolegate.sso.api;

import dev.rolegate.sso.SessionKeys;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

/** The public keys of the session JWTs (RFC 7517 JWK Set), public: apps verify tokens with it. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    @Inject
    SessionKeys keys;

    @Operation(operationId = "getJwks", summary = "Public keys of the session JWTs (JWK Set)")
    @GET
    @Produces("application/json")
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(keys.jwks()).cacheControl(cache).build();
    }
}
