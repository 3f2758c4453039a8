package dev.rolegate.check.api;

import dev.rolegate.check.CheckService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.platform.Inputs;
import dev.rolegate.token.CheckOperation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** "Who may do O": {@code GET /v1/accounts/{a}/operations/{operation}/users} (check or admin). */
@Path("/v1/accounts/{account}/operations")
public class OperationResource {


    @Inject
    CheckService checks;

    @Operation(operationId = "listUsersAllowed", summary = "List the users who may perform an operation")
    @GET
    @Path("{operation}/users")
    @CheckOperation
    public Uni<RestResponse<UsersAllowedResponse>> usersAllowed(@PathParam("account") String account, @PathParam("operation") String operation,
                                             @QueryParam("atLeastRevision") Long atLeastRevision) {
        return Answers.of(checks.usersAllowed(account, Inputs.name("#operation", operation),
                Inputs.atLeastRevision("#atLeastRevision", atLeastRevision)));
    }
}
