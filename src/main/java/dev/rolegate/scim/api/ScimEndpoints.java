package dev.rolegate.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.rolegate.platform.Attribution;
import dev.rolegate.platform.Responses;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.scim.ScimFailure;
import dev.rolegate.scim.ScimMetrics;
import dev.rolegate.scim.ScimSchemas;
import dev.rolegate.scim.ScimTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What every SCIM endpoint does around its work: authenticate the account's SCIM bearer token
 * ({@link ScimTokens}; a missing, bad, revoked or other account's token is 401), run the work,
 * answer {@code application/scim+json}, turn a refusal into the SCIM Error schema (RFC 7644
 * §3.12, {@code status} as a string), and count the request
 * ({@code rolegate_scim_requests_total}, {@code rolegate_scim_errors_total}). Tokens and request
 * bodies are never logged.
 */
@ApplicationScoped
public class ScimEndpoints {

    private static final Logger LOG = Logger.getLogger(ScimEndpoints.class);
    private static final String BEARER = "Bearer ";

    @Inject
    ScimTokens tokens;

    @Inject
    ScimMetrics metrics;

    @ConfigProperty(name = "rolegate.sso.public-base-url")
    String publicBaseUrl;

    /** The SCIM base URL of an account, as IdPs are configured with it: {@code <public base>/scim/v2/{account}}. */
    public String baseUrl(String account) {
        return publicBaseUrl.replaceAll("/+$", "") + "/scim/v2/" + account;
    }

    /**
     * Authenticates, runs {@code work} with the request's attribution and answers what it returns
     * (a {@link Response}, or a JSON body for 200).
     *
     * @param resource {@code User}, {@code Group} or {@code discovery}, for the metrics
     */
    public Response answer(String account, String authorization, String resource, String method, Function<Attribution, Object> work) {
        try {
            Attribution by = authenticate(account, authorization);
            Object out = work.apply(by);
            metrics.answered(resource, method);
            if (out instanceof Response response) {
                return response;
            }
            return Response.ok(out, ScimSchemas.MEDIA_TYPE).build();
        } catch (ScimFailure failure) {
            return refuse(resource, method, failure);
        } catch (ProblemException problem) {
            return refuse(resource, method, translate(problem));
        }
    }

    /**
     * A body in the SCIM media type with {@code status}, its ETag, and for a write the
     * {@code Rolegate-Revision} it made (the consistency token a check may then name).
     *
     * @param revision the write's revision, or 0 for a read
     */
    public static Response status(int status, JsonNode body, String location, String version, long revision) {
        Response.ResponseBuilder out = Response.status(status).type(ScimSchemas.MEDIA_TYPE).entity(body);
        if (revision > 0) {
            out.header(Responses.REVISION_HEADER, revision);
        }
        if (location != null) {
            out.header("Location", location);
        }
        if (version != null) {
            out.header("ETag", version);
        }
        return out.build();
    }

    private Attribution authenticate(String account, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ScimFailure(401, null, "A SCIM bearer token of this account is required (Authorization: Bearer <token>).");
        }
        Optional<String> token = tokens.authenticate(account, authorization.substring(BEARER.length()).trim());
        if (token.isEmpty()) {
            throw new ScimFailure(401, null, "The bearer token is not an active SCIM token of this account.");
        }
        Object requestId = org.jboss.logging.MDC.get("requestId");
        return new Attribution("scim-token:" + token.get(), requestId == null ? null : requestId.toString());
    }

    private Response refuse(String resource, String method, ScimFailure failure) {
        metrics.refused(resource, method, failure);
        LOG.debugf("SCIM %s %s refused: %d %s", method, resource, failure.status(), failure.scimType());
        ObjectNode body = (ObjectNode) JsonUtils.valueToNode(failure.toErrorResponse());
        Response.ResponseBuilder out = Response.status(failure.status()).type(ScimSchemas.MEDIA_TYPE).entity(body);
        if (failure.status() == 401) {
            out.header("WWW-Authenticate", "Bearer realm=\"rolegate-scim\"");
        }
        return out.build();
    }

    /** A refusal of the shared write path (a role gone, the last owner) in SCIM's terms. */
    private static ScimFailure translate(ProblemException problem) {
        int status = problem.problem().status();
        String detail = problem.problem().detail();
        return switch (status) {
            case 404, 409, 403, 412 -> new ScimFailure(status, null, detail);
            case 400, 422 -> ScimFailure.invalidValue(detail);
            default -> new ScimFailure(status >= 500 ? 500 : 400, null, detail);
        };
    }
}
