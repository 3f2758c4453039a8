package dev.rolegate.console.api;

import dev.rolegate.admin.AdminGuard;
import dev.rolegate.console.ConsoleSessions;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Console links (issue 13 item 8): the vendor's backend asks for one, then sends its customer's
 * admin to it. Platform tokens may ask for any admin of any account; a token of the account only
 * for its own subject. The link opens once, within 5 minutes, and becomes a console session.
 */
@Path("/v1/accounts/{account}/console/sessions")
public class ConsoleSessionResource {

    @Inject
    AdminGuard guard;

    @Inject
    ConsoleSessions sessions;

    /**
     * {@code {"admin","returnUrl"?}} → 201 {@code {"url","expiresAt"}}.
     *
     * @throws dev.rolegate.platform.problem.ProblemException 400 {@code invalid_request} (/admin, /returnUrl);
     *         403 for a token of the account naming another admin; 404 {@code account_not_found},
     *         {@code user_not_found}; 422 {@code admin_not_active}
     */
    @Operation(operationId = "createConsoleSession", summary = "Make a one-time link that opens the admin console as an admin")
    @POST
    @AdminOperation(value = "rbac.console.sessions.create", orScope = Scope.PLATFORM)
    public Response create(@PathParam("account") String account, ConsoleSessionRequest body) {
        guard.requireExisting(account);
        ConsoleSessionRequest b = body == null ? new ConsoleSessionRequest(null, null) : body;
        ConsoleSessions.Link link = sessions.createLink(account, b.admin(), b.returnUrl(), guard.caller());
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(new ConsoleSessionResponse(link.url(), link.expiresAt().toString()))
                .build();
    }
}
