package dev.rolegate.transfer.api;

import dev.rolegate.platform.Responses;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Caller;
import dev.rolegate.transfer.TransferService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Account export and import (admin; {@code docs/export-import.md}): permissions
 * {@code rbac.account.export} and {@code rbac.account.import} of the built-in catalog.
 */
@Path("/v1/accounts/{account}")
public class TransferResource {

    @Inject
    AdminGuard guard;

    @Inject
    TransferService transfer;

    /** The account as an export document, format {@value AccountExport#FORMAT} version {@value AccountExport#VERSION}. */
    @Operation(operationId = "exportAccount", summary = "Export the account's catalog, users, groups and assignments as JSON")
    @GET
    @Path("export")
    @AdminOperation(TransferService.EXPORT_OPERATION)
    public Response export(@PathParam("account") String account) {
        AccountExport doc = transfer.export(account);
        return Response.ok(doc).header(Responses.REVISION_HEADER, doc.revision()).build();
    }

    /**
     * Replaces the account's catalog, users, groups, memberships and assignments with those of an
     * export document, as one change at one new revision.
     *
     * @param dryRun             {@code true}: check and count everything, write nothing
     * @param allowCallerLockout {@code true}: let the import take the caller's own import permission away
     */
    @Operation(operationId = "importAccount", summary = "Replace the account's data with an export document (dry run available)")
    @POST
    @Path("import")
    @AdminOperation(TransferService.IMPORT_OPERATION)
    public Response importDocument(@PathParam("account") String account, @QueryParam("dryRun") Boolean dryRun,
                                   @QueryParam("allowCallerLockout") Boolean allowCallerLockout, AccountExport body) {
        Caller caller = guard.caller();
        ImportResponse response = transfer.importDocument(account, body, Boolean.TRUE.equals(dryRun), caller.subject(),
                guard.heldPermissions(account, caller), Boolean.TRUE.equals(allowCallerLockout));
        Response.ResponseBuilder ok = Response.ok(response);
        if (response.revision() != null) {
            ok.header(Responses.REVISION_HEADER, response.revision());
        }
        return ok.build();
    }
}
