package dev.rolegate.sso.api;

import dev.rolegate.platform.Inputs;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.platform.Responses;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.sso.SamlConfigService;
import dev.rolegate.sso.SamlSettings;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An account's SAML IdP configuration (admin). */
@Path("/v1/accounts/{account}/sso/saml")
public class SamlConfigResource {

    private static final int MAX_REDIRECT_URLS = 20;
    private static final int MAX_URL_LENGTH = 2048;
    private static final int MAX_CLIENT_ID_LENGTH = 255;

    @Inject
    AdminGuard guard;

    @Inject
    SamlConfigService configs;

    /** Always 200 for an existing account: before an IdP is set, the SP side with {@code "configured": false}. */
    @Operation(operationId = "getSamlConfig", summary = "Read the SAML configuration of an account (the SP side even before an IdP is set)")
    @GET
    @AdminOperation("rbac.sso.put")
    public SamlConfigResponse get(@PathParam("account") String account) {
        return configs.get(account);
    }

    @Operation(operationId = "putSamlConfig", summary = "Create or replace the SAML configuration of an account")
    @PUT
    @AdminOperation("rbac.sso.put")
    public Response put(@PathParam("account") String account, SamlConfigRequest body) {
        Caller caller = guard.caller();
        if (body == null) {
            throw ProblemException.invalid("/", "a JSON body is required");
        }
        if (body.idpMetadataXml() == null || body.idpMetadataXml().isBlank()) {
            throw ProblemException.invalid("/idpMetadataXml", "is required: the IdP's SAML metadata XML");
        }
        return Responses.written(configs.put(account, body.idpMetadataXml(), settings(body), body.enabled(),
                guard.heldPermissions(account, caller)));
    }

    /**
     * The settings of a request body, checked as {@code PUT .../sso/saml} checks them (the
     * console's single sign-on form uses the same checks).
     *
     * @throws ProblemException 400 {@code invalid_request} with a pointer per bad field
     */
    public static SamlSettings settings(SamlConfigRequest body) {
        return new SamlSettings(
                attribute("/emailAttribute", body.emailAttribute()),
                attribute("/displayNameAttribute", body.displayNameAttribute()),
                attribute("/groupsAttribute", body.groupsAttribute()),
                groupRoles(body.groupRoles()),
                Inputs.names("/defaultRoles", body.defaultRoles(), false),
                Boolean.TRUE.equals(body.jitProvisioning()),
                Boolean.TRUE.equals(body.allowIdpInitiated()),
                Boolean.TRUE.equals(body.allowSha1()),
                redirectUrls(body.redirectUrls()),
                clientId(body.clientId()));
    }

    private static Optional<String> attribute(String pointer, String value) {
        if (value != null && value.isBlank()) {
            throw ProblemException.invalid(pointer, "must not be blank; leave it out instead");
        }
        return Optional.ofNullable(Inputs.text(pointer, value));
    }

    private static Optional<String> clientId(String value) {
        if (value != null && value.length() > MAX_CLIENT_ID_LENGTH) {
            throw ProblemException.invalid("/clientId", "must be at most " + MAX_CLIENT_ID_LENGTH + " characters");
        }
        return attribute("/clientId", value);
    }

    private static Map<String, List<String>> groupRoles(Map<String, List<String>> value) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        value.forEach((group, roles) -> {
            String pointer = "/groupRoles/" + group.replace("~", "~0").replace("/", "~1");
            if (group.isBlank()) {
                throw ProblemException.invalid(pointer, "a group value must not be blank");
            }
            Inputs.text(pointer, group);
            if (roles == null) {
                throw ProblemException.invalid(pointer, "must be a list of role names");
            }
            out.put(group, Inputs.names(pointer, roles, false));
        });
        return out;
    }

    private static List<String> redirectUrls(List<String> value) {
        if (value == null || value.isEmpty()) {
            throw ProblemException.invalid("/redirectUrls", "at least one URL is required: where the app receives the login code");
        }
        if (value.size() > MAX_REDIRECT_URLS) {
            throw ProblemException.invalid("/redirectUrls", "at most " + MAX_REDIRECT_URLS + " URLs");
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!isRedirectUrl(value.get(i))) {
                errors.add(new FieldError("/redirectUrls/" + i,
                        "must be an absolute http(s) URL without a fragment, got " + Inputs.quote(value.get(i))));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.get(0).message(), errors);
        }
        return List.copyOf(new java.util.LinkedHashSet<>(value));
    }

    private static boolean isRedirectUrl(String value) {
        if (value == null || value.length() > MAX_URL_LENGTH) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null && uri.getRawFragment() == null && uri.getRawUserInfo() == null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
