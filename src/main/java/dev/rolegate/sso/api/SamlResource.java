package dev.rolegate.sso.api;

import dev.rolegate.platform.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.sso.AcsAdmission;
import dev.rolegate.sso.AcsOutcome;
import dev.rolegate.sso.SamlConfigService;
import dev.rolegate.sso.SamlLoginMetrics;
import dev.rolegate.sso.SamlLoginService;
import dev.rolegate.sso.SamlLoginStart;
import dev.rolegate.sso.SpEndpoints;
import dev.rolegate.sso.SsoConfig;
import dev.rolegate.sso.SsoLoginRefused;
import dev.rolegate.sso.saml.AuthnRequestForm;
import dev.rolegate.sso.saml.AuthnRequestMessage;
import dev.rolegate.sso.saml.AuthnRequestRedirect;
import dev.rolegate.sso.saml.SamlFailure;
import dev.rolegate.sso.saml.SamlValidationException;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The browser- and IdP-facing SP endpoints of an account, public (no bearer token):
 * SP metadata, the start of an SP-initiated login (HTTP-Redirect or HTTP-POST binding) and the
 * assertion consumer service (HTTP-POST binding). A refused login gets one generic 400 problem
 * whatever the reason: nothing from the response is echoed; the typed reason is in the log.
 * Before any of that, the ACS bounds the work an unauthenticated post may cause
 * ({@link AcsAdmission}): 413 {@code saml_response_too_large}, 503 {@code saml_busy}.
 */
@Path("/saml/{account}")
public class SamlResource {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    @Inject
    SamlLoginMetrics loginMetrics;

    @Inject
    SamlConfigService configs;

    @Inject
    SamlLoginService logins;

    @Inject
    SpEndpoints endpoints;

    @Inject
    SsoConfig config;

    @Inject
    AcsAdmission admission;

    /** Served for every existing account from its creation, before an IdP is configured; 404 {@code account_not_found} otherwise. */
    @Operation(operationId = "getSamlSpMetadata", summary = "Service provider metadata (XML) of an account, before and after an IdP is set")
    @GET
    @Path("metadata")
    @Produces("application/samlmetadata+xml")
    public Response metadata(@PathParam("account") String account) {
        if (!ACCOUNT_ID.matcher(account).matches()) {
            throw ProblemException.notFound("account_not_found", "No such account.");
        }
        return Response.ok(configs.spMetadata(account)).type("application/samlmetadata+xml").build();
    }

    @Operation(operationId = "startSamlLogin", summary = "Start an SP-initiated SAML login (redirect to the IdP)")
    @GET
    @Path("login")
    public Response login(@PathParam("account") String account, @QueryParam("relayState") String relayState) {
        requireAccountId(account);
        SamlLoginStart start = logins.start(account, relayState);
        AuthnRequestMessage message = start.message();
        Response.ResponseBuilder answer = message instanceof AuthnRequestRedirect redirect
                ? Response.status(302).location(URI.create(redirect.location()))
                : Response.ok(((AuthnRequestForm) message).html(), MediaType.TEXT_HTML_TYPE);
        // SameSite=None: the IdP posts the answer cross-site; Secure is then required by browsers
        return answer.header("Cache-Control", "no-store")
                .header("Set-Cookie", start.setCookie(acsPath(account), config.requestLifetime()))
                .build();
    }

    /**
     * Size first (nothing decoded), then a validation slot of the account, then the login; XML
     * parsing and signature verification run on a worker thread, never on the event loop.
     */
    @Operation(operationId = "samlAssertionConsumer", summary = "Assertion consumer service: receives the IdP's SAMLResponse")
    @POST
    @Path("acs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Blocking
    public Response acs(@PathParam("account") String account, @FormParam("SAMLResponse") String samlResponse,
                        @FormParam("RelayState") String relayState, @Context HttpHeaders headers) {
        requireAccountId(account);
        if (samlResponse == null || samlResponse.isBlank()) {
            loginMetrics.invalid(SamlFailure.MALFORMED);
            throw loginFailed();
        }
        try {
            admission.requireSize(samlResponse);
        } catch (ProblemException e) {
            loginMetrics.invalid(SamlFailure.TOO_LARGE);
            throw e;
        }
        Map<String, String> cookies = bindingCookies(headers);
        AcsOutcome outcome = admission.validating(account, () -> {
            try {
                return logins.acs(account, samlResponse, relayState, cookies);
            } catch (SamlValidationException e) {
                // already logged with its typed reason and ids
                loginMetrics.invalid(e.reason());
                throw e.reason() == SamlFailure.TOO_LARGE ? admission.tooLarge() : loginFailed();
            } catch (SsoLoginRefused e) {
                loginMetrics.refused(e.reason());
                throw switch (e.reason()) {
                    case SAML_DISABLED -> SamlConfigService.disabled();
                    case NOT_AN_ADMIN -> new NotAnAdmin();
                    default -> loginFailed();
                };
            }
        });
        loginMetrics.accepted();
        // 303 for the console's pages: the browser GETs them whatever the method of the post
        int status = outcome instanceof AcsOutcome.AppLogin ? 302 : 303;
        return Response.status(status).location(URI.create(outcome.location())).header("Cache-Control", "no-store").build();
    }

    /**
     * A console login of someone who may not open the console: a page that says so (the browser
     * came from the IdP, not from a console page), 403.
     */
    static final class NotAnAdmin extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAnAdmin() {
            super("not_an_admin", null, false, false);
        }
    }

    @jakarta.ws.rs.ext.Provider
    public static final class NotAnAdminPage implements jakarta.ws.rs.ext.ExceptionMapper<NotAnAdmin> {

        @Inject
        @io.quarkus.qute.Location("sso-console-refused.html")
        io.quarkus.qute.Template page;

        @Override
        public Response toResponse(NotAnAdmin refused) {
            return Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Cache-Control", "no-store").header("Content-Security-Policy", "default-src 'none'; style-src 'self'")
                    .entity(page.render()).build();
        }
    }

    private String acsPath(String account) {
        return URI.create(endpoints.acsUrl(account)).getRawPath();
    }

    private static Map<String, String> bindingCookies(HttpHeaders headers) {
        Map<String, String> cookies = new HashMap<>();
        headers.getCookies().forEach((name, cookie) -> {
            if (name.startsWith(SamlLoginStart.COOKIE_PREFIX)) {
                cookies.put(name, cookie.getValue());
            }
        });
        return cookies;
    }

    private static void requireAccountId(String account) {
        if (!ACCOUNT_ID.matcher(account).matches()) {
            throw ProblemException.notFound("saml_not_configured", "This account has no SAML configuration.");
        }
    }

    private static ProblemException loginFailed() {
        return new ProblemException(Problem.of(400, "sso_login_failed", "Login failed",
                "The single sign-on response could not be accepted. Try again from your application, "
                        + "or ask your administrator.", List.of()));
    }
}
