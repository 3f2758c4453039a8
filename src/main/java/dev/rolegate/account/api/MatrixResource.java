package dev.rolegate.account.api;

import dev.rolegate.account.MatrixService;
import dev.rolegate.token.AdminOperation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The role × permission matrix of an account (issue 13 item 5): {@code GET /v1/accounts/{a}/matrix}
 * → {@link MatrixResponse}. Errors: 404 {@code account_not_found}; 401/403 as for every admin call.
 */
@Path("/v1/accounts/{account}/matrix")
public class MatrixResource {

    @Inject
    MatrixService matrices;

    @Operation(operationId = "getMatrix", summary = "Read every role with its own and inherited permissions, operations and difference to the template")
    @GET
    @AdminOperation("rbac.matrix.get")
    public MatrixResponse get(@PathParam("account") String account) {
        return matrices.matrix(account);
    }
}
