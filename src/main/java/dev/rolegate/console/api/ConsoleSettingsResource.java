package dev.rolegate.console.api;

import dev.rolegate.admin.AdminGuard;
import dev.rolegate.console.ConsoleSettingsService;
import dev.rolegate.platform.Responses;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's account settings (issue 14 item 3): the origins that may embed the console in an
 * iframe, and the account's brand colour and logo. A vendor's platform token may set them for any
 * account (it knows where its settings page lives); inside the account, {@code rbac.console.write}
 * (owners) may.
 */
@Path("/v1/accounts/{account}/console/settings")
public class ConsoleSettingsResource {

    @Inject
    AdminGuard guard;

    @Inject
    ConsoleSettingsService settings;

    /**
     * → 200 {@code {"frameAncestors":[origin...],"brandColor","logo"}}.
     *
     * @throws ProblemException 404 {@code account_not_found}
     */
    @Operation(operationId = "getConsoleSettings", summary = "Read where the console may be embedded, and its brand")
    @GET
    @AdminOperation(value = "rbac.console.settings.get", orScope = Scope.PLATFORM)
    public ConsoleSettingsResponse get(@PathParam("account") String account) {
        guard.requireExisting(account);
        return ConsoleSettingsResponse.of(settings.get(account));
    }

    /**
     * {@code {"frameAncestors"?,"brandColor"?,"logo"?}} → 200 (201 the first time) with the settings as
     * stored, and the account's new revision in {@code Rolegate-Revision}. Replaces all three.
     *
     * @throws ProblemException 400 {@code invalid_request} at {@code /frameAncestors/{i}} (not an
     *         exact https origin, or http off loopback; a wildcard), {@code /frameAncestors} (more
     *         than 10), {@code /brandColor} (not {@code #rrggbb}), {@code /logo} (not a PNG, JPEG or
     *         WebP data URI, over 32 KiB, or a type other than its bytes); 404 {@code account_not_found}
     */
    @Operation(operationId = "putConsoleSettings", summary = "Set where the console may be embedded, and its brand")
    @PUT
    @AdminOperation(value = "rbac.console.settings.put", orScope = Scope.PLATFORM)
    public Response put(@PathParam("account") String account, ConsoleSettingsRequest body) {
        guard.requireExisting(account);
        if (body == null) {
            throw ProblemException.invalid("/", "a JSON body is required: {\"frameAncestors\":[...],\"brandColor\",\"logo\"}");
        }
        return Responses.written(settings.put(account,
                ConsoleSettingsService.validate(body.frameAncestors(), body.brandColor(), body.logo())));
    }
}
