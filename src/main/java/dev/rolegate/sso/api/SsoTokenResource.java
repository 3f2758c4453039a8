package dev.rolegate.sso.api;

import dev.rolegate.platform.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.sso.SsoTokenService;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.token.CheckOperation;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * The app's backend exchanges the one-time code of a SAML login for a session JWT
 * ({@code rbac:check} scope of the account).
 */
@Path("/v1/accounts/{account}/sso/token")
public class SsoTokenResource {

    private static final int MAX_CODE_LENGTH = 128;

    @Inject
    AdminGuard guard;

    @Inject
    SsoTokenService tokens;

    @Operation(operationId = "exchangeSsoCode", summary = "Exchange a one-time SAML login code for a session JWT")
    @POST
    @CheckOperation
    public SsoTokenResponse exchange(@PathParam("account") String account, SsoTokenRequest body) {
        guard.requireExisting(account);
        if (body == null || body.code() == null || body.code().isBlank() || body.code().length() > MAX_CODE_LENGTH) {
            throw ProblemException.invalid("/code", "is required: the code from the login redirect");
        }
        return tokens.exchange(account, body.code());
    }
}
