package dev.rolegate.console.web;

import dev.rolegate.admin.AdminGuard;
import dev.rolegate.platform.OneTimeSecrets;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.sso.SamlConfigService;
import dev.rolegate.sso.SamlLoginService;
import dev.rolegate.sso.SamlLoginStart;
import dev.rolegate.sso.SamlTestLogin;
import dev.rolegate.sso.SpEndpoints;
import dev.rolegate.sso.SsoConfig;
import dev.rolegate.sso.api.SamlConfigRequest;
import dev.rolegate.sso.api.SamlConfigResource;
import dev.rolegate.sso.api.SamlConfigResponse;
import dev.rolegate.sso.saml.AuthnRequestForm;
import dev.rolegate.sso.saml.AuthnRequestRedirect;
import dev.rolegate.token.AdminOperation;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The console's single sign-on setup (issue 14), a wizard in the order an admin works at Okta,
 * Entra ID or Google Workspace: (1) Rolegate's SP entityID, ACS URL and metadata to copy into the
 * IdP; (2) the IdP metadata to paste and (3) the attribute names and group → role mapping, saved
 * as {@code PUT /v1/accounts/{account}/sso/saml} saves them (a new configuration stays off);
 * (4) a test login, whose result (attributes received, the user and roles it would bring) is shown
 * to this console session, then the switch that turns SAML logins on. Also the public start of a
 * console login by single sign-on, {@code /console/{account}/sso/login}.
 */
@Path("/console/{account}")
public class SsoPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance wizard(SamlConfigResponse config, Form form, FormErrors errors, String notice,
                                              String saved, String consoleLoginUrl);

        static native TemplateInstance testResult(SamlConfigResponse config, SamlTestLogin result);

        static native TemplateInstance toIdp(String action, String samlRequest);
    }

    /**
     * What the form shows and sends, as text fields.
     *
     * @param idpMetadataXml the IdP's metadata XML
     * @param groupRoles one mapping per line: {@code group = role, role}
     * @param defaultRoles role names separated by commas
     * @param redirectUrls the application's URLs that receive the login code, one per line
     */
    public record Form(String idpMetadataXml, String emailAttribute, String displayNameAttribute, String groupsAttribute,
                       String groupRoles, String defaultRoles, boolean jitProvisioning, String redirectUrls) {

        static Form of(SamlConfigResponse c) {
            if (!c.configured()) {
                return new Form("", "email", "displayName", "groups", "", "", true, "");
            }
            StringBuilder mapping = new StringBuilder();
            c.groupRoles().forEach((group, roles) -> mapping.append(group).append(" = ").append(String.join(", ", roles)).append('\n'));
            return new Form(c.idpMetadataXml(), orEmpty(c.emailAttribute()), orEmpty(c.displayNameAttribute()),
                    orEmpty(c.groupsAttribute()), mapping.toString().strip(), String.join(", ", c.defaultRoles()),
                    c.jitProvisioning(), String.join("\n", c.redirectUrls()));
        }
    }

    @Inject
    SamlConfigService configs;

    @Inject
    SamlLoginService logins;

    @Inject
    SpEndpoints endpoints;

    @Inject
    SsoConfig config;

    @Inject
    AdminGuard guard;

    @Inject
    ConsoleView view;

    /** The wizard, each step filled from the stored configuration. */
    @GET
    @Path("sso")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.sso.put")
    public TemplateInstance show(@PathParam("account") String account) {
        SamlConfigResponse c = configs.get(account);
        return Templates.wizard(c, Form.of(c), FormErrors.NONE, null, null, consoleLoginUrl(account));
    }

    /**
     * Saves steps 2 and 3 as {@code PUT .../sso/saml} would, with the same checks and the same
     * no-escalation ceiling; a new configuration is saved turned off, an existing one keeps its
     * switch. A refusal re-renders the form with each error under its field, and nothing is saved.
     */
    @POST
    @Path("sso")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.sso.put")
    public Response save(@PathParam("account") String account, @RestForm String idpMetadataXml,
                         @RestForm String emailAttribute, @RestForm String displayNameAttribute,
                         @RestForm String groupsAttribute, @RestForm String groupRoles, @RestForm String defaultRoles,
                         @RestForm String jitProvisioning, @RestForm String redirectUrls) {
        Form sent = new Form(orEmpty(idpMetadataXml), orEmpty(emailAttribute), orEmpty(displayNameAttribute),
                orEmpty(groupsAttribute), orEmpty(groupRoles), orEmpty(defaultRoles), jitProvisioning != null,
                orEmpty(redirectUrls));
        SamlConfigResponse before = configs.get(account);
        List<String> urls = lines(redirectUrls);
        try {
            if (idpMetadataXml == null || idpMetadataXml.isBlank()) {
                throw ProblemException.invalid("/idpMetadataXml", "Paste the metadata XML your IdP gives you (it starts with <md:EntityDescriptor or <EntityDescriptor).");
            }
            SamlConfigRequest body = new SamlConfigRequest(idpMetadataXml.strip(), blankToNull(emailAttribute),
                    blankToNull(displayNameAttribute), blankToNull(groupsAttribute), mapping(groupRoles),
                    list(defaultRoles), jitProvisioning != null, before.allowIdpInitiated(), before.allowSha1(), urls,
                    before.clientId(), null);
            var written = configs.put(account, body.idpMetadataXml(), SamlConfigResource.settings(body),
                    before.configured() ? null : Boolean.FALSE, guard.heldPermissions(account, guard.caller()));
            SamlConfigResponse after = written.value();
            String saved = after.enabled() ? "Saved. Single sign-on is on; the next logins use these settings."
                    : "Saved. Next: run a test login (step 4, below) before you turn single sign-on on.";
            return Response.ok(Templates.wizard(after, Form.of(after), FormErrors.NONE, null, saved, consoleLoginUrl(account))).build();
        } catch (ProblemException refused) {
            FormErrors errors = FormErrors.of(byField(refused.problem(), urls));
            return Response.status(errors.status())
                    .entity(Templates.wizard(before, sent, errors, null, null, consoleLoginUrl(account))).build();
        }
    }

    /**
     * Step 4: starts a test login of this console session at the IdP (works while single sign-on
     * is off). The browser comes back, through the ACS, to {@link #testResult}.
     *
     * @throws ProblemException 404 {@code saml_not_configured}
     */
    @GET
    @Path("sso/test")
    @AdminOperation("rbac.sso.put")
    public Response startTest(@PathParam("account") String account) {
        SamlLoginStart start = logins.startTest(account, binding());
        return toIdp(account, start);
    }

    /**
     * The result of a test login of this session: the attributes received, the user and roles
     * the login would bring, and the switch that turns single sign-on on.
     *
     * @throws ProblemException 404 {@code saml_test_login_not_found} for an unknown or expired
     *     result, or another session's
     */
    @GET
    @Path("sso/test/{id}")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.sso.put")
    public TemplateInstance testResult(@PathParam("account") String account, @PathParam("id") String id) {
        SamlTestLogin result = logins.testResult(account, id, binding()).orElseThrow(() -> ProblemException.notFound(
                "saml_test_login_not_found", "This test login is unknown, expired or belongs to another console session;"
                        + " run a new test login from the single sign-on page."));
        return Templates.testResult(configs.get(account), result);
    }

    /**
     * Turns single sign-on on or off ({@code enabled=true|false}) as a revision of change kind
     * {@code sso_settings}, and shows the wizard with the switch's new state.
     *
     * @throws ProblemException 404 {@code saml_not_configured}; 400 {@code invalid_request} at
     *     {@code /enabled} for another value
     */
    @POST
    @Path("sso/enabled")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.sso.put")
    public TemplateInstance setEnabled(@PathParam("account") String account, @RestForm String enabled) {
        if (!"true".equals(enabled) && !"false".equals(enabled)) {
            throw ProblemException.invalid("/enabled", "must be true or false");
        }
        SamlConfigResponse after = configs.setEnabled(account, Boolean.parseBoolean(enabled)).value();
        String notice = after.enabled() ? "Single sign-on is on. Users can now log in to your application through your IdP."
                : "Single sign-on is off. Logins through your IdP are refused until you turn it on again.";
        return Templates.wizard(after, Form.of(after), FormErrors.NONE, notice, null, consoleLoginUrl(account));
    }

    /**
     * Opens the console by single sign-on (issue 14 item 1), without a console session: starts
     * an SP-initiated login whose answer the ACS turns into a console session, for an admin of
     * the account only. Declares no operation: nobody is signed in yet; the IdP's signed answer
     * is the credential, checked at the ACS.
     *
     * @throws ProblemException 404 {@code saml_not_configured}; 409 {@code saml_disabled}
     */
    @GET
    @Path("sso/login")
    public Response consoleLogin(@PathParam("account") String account) {
        if (!account.matches("[a-z0-9][a-z0-9-]{1,62}")) {
            throw ProblemException.notFound("saml_not_configured", "This account has no SAML configuration.");
        }
        return toIdp(account, logins.startConsole(account));
    }

    /**
     * To the IdP with the AuthnRequest: a 303 for the HTTP-Redirect binding; for HTTP-POST, a page
     * whose form {@code sso.js} submits (the console's CSP forbids the inline handler of
     * {@link AuthnRequestForm#html()}).
     */
    private Response toIdp(String account, SamlLoginStart start) {
        Response.ResponseBuilder answer = start.message() instanceof AuthnRequestRedirect redirect
                ? Response.seeOther(URI.create(redirect.location()))
                : Response.ok(Templates.toIdp(((AuthnRequestForm) start.message()).action(),
                        ((AuthnRequestForm) start.message()).samlRequest()).render(), MediaType.TEXT_HTML_TYPE);
        return answer.header("Set-Cookie", start.setCookie(URI.create(endpoints.acsUrl(account)).getRawPath(),
                config.requestLifetime())).build();
    }

    /** Ties a test login to this console session: the SHA-256 of the session's anti-CSRF token (never shown). */
    private String binding() {
        return OneTimeSecrets.hash(view.csrf());
    }

    private String consoleLoginUrl(String account) {
        URI acs = URI.create(endpoints.acsUrl(account));
        return acs.getScheme() + "://" + acs.getRawAuthority() + "/console/" + account + "/sso/login";
    }

    /** "group = role, role" lines as the API's map; a line without "=" is refused at its line. */
    private static Map<String, List<String>> mapping(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> lines = lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int eq = line.lastIndexOf('=');
            if (eq <= 0) {
                throw ProblemException.invalid("/groupRoles", "Line " + (i + 1) + " (" + line + ") must read: group = role, role");
            }
            out.merge(line.substring(0, eq).strip(), list(line.substring(eq + 1)), (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        }
        return out;
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> list(String text) {
        return text == null ? List.of() : Arrays.stream(text.split(",")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The API's problem, with its pointers as this form's fields: one per textarea, the line named. */
    private static Problem byField(Problem problem, List<String> urls) {
        List<FieldError> errors = new ArrayList<>();
        for (FieldError e : problem.errors()) {
            String p = e.pointer() == null ? "" : e.pointer();
            if (p.startsWith("/redirectUrls/")) {
                int i = Integer.parseInt(p.substring("/redirectUrls/".length()));
                errors.add(new FieldError("/redirectUrls", "Line " + (i + 1) + " (" + urls.get(i) + ") " + e.message()));
            } else if (p.startsWith("/groupRoles/")) {
                errors.add(new FieldError("/groupRoles", "Group '" + p.substring("/groupRoles/".length()).replace("~1", "/")
                        .replace("~0", "~") + "': " + e.message()));
            } else {
                errors.add(e);
            }
        }
        if (errors.isEmpty() && "invalid_idp_metadata".equals(problem.code())) {
            errors.add(new FieldError("/idpMetadataXml", problem.detail()));
        } else if (errors.isEmpty() && "unknown_role".equals(problem.code())) {
            errors.add(new FieldError("/groupRoles", problem.detail()));
        }
        return new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), problem.code(), errors);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
