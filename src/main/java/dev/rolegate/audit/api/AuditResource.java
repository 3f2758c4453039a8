package dev.rolegate.audit.api;

import dev.rolegate.audit.AuditLog;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AdminOperation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** The audit log of an account (admin, read only: no call changes or deletes entries). */
@Path("/v1/accounts/{account}/audit")
public class AuditResource {


    @Inject
    AuditLog audit;

    /** Entries after {@code after} (an entry id), oldest first, newest last. */
    @Operation(operationId = "listAuditEntries", summary = "List the audit log of an account")
    @GET
    @AdminOperation("rbac.audit.list")
    public Page<AuditEntryResponse> list(@PathParam("account") String account,
                                         @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return audit.list(account, cursor(after), Page.limit(limit));
    }

    /** Recomputes the hash chain: {@code {"valid","entries","firstBroken"}}. */
    @Operation(operationId = "verifyAuditLog", summary = "Verify the hash chain of the audit log")
    @GET
    @Path("verify")
    @AdminOperation("rbac.audit.verify")
    public AuditVerification verify(@PathParam("account") String account) {
        return audit.verify(account);
    }

    private static long cursor(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(after);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to the problem below
        }
        throw ProblemException.invalid("#after", "after must be an audit entry id (a non-negative integer)");
    }
}
