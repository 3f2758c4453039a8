package dev.rolegate.ldapsync.api;

import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldapsync.LdapConfigService;
import dev.rolegate.ldapsync.LdapSyncService;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Responses;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AccessGuard;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** An account's LDAP directory connection, its sync runs (admin; issue 6). */
@Path("/v1/accounts/{account}/directory/ldap")
public class LdapResource {

    @Inject
    AccessGuard guard;

    @Inject
    LdapConfigService configs;

    @Inject
    LdapSyncService syncs;

    @Operation(operationId = "getLdapSettings", summary = "Read the account's LDAP connection and sync settings (never the bind password)")
    @GET
    public LdapConfigResponse get(@PathParam("account") String account) {
        guard.requireAdmin(account, "rbac.directory.put");
        return configs.get(account);
    }

    @Operation(operationId = "putLdapSettings", summary = "Create or replace the account's LDAP connection and sync settings")
    @PUT
    public Response put(@PathParam("account") String account, LdapConfigRequest body) {
        guard.requireAdmin(account, "rbac.directory.put");
        if (body == null) {
            throw ProblemException.invalid("/", "a JSON body is required");
        }
        return Responses.written(configs.put(account, body));
    }

    @Operation(operationId = "testLdapConnection", summary = "Try the connection and the searches; report counts, change nothing")
    @POST
    @Path("test")
    public LdapTestResponse test(@PathParam("account") String account) {
        guard.requireAdmin(account, "rbac.directory.put");
        return syncs.test(account);
    }

    @Operation(operationId = "runLdapSync", summary = "Run a full or incremental sync (or a dry run) and answer with the run")
    @POST
    @Path("sync")
    public LdapRunResponse sync(@PathParam("account") String account, LdapSyncRequest body) {
        guard.requireAdmin(account, "rbac.directory.sync");
        SyncMode mode = SyncMode.FULL;
        if (body != null && body.mode() != null) {
            if ("incremental".equals(body.mode())) {
                mode = SyncMode.INCREMENTAL;
            } else if (!"full".equals(body.mode())) {
                throw ProblemException.invalid("/mode", "must be full or incremental");
            }
        }
        if (body != null && Boolean.TRUE.equals(body.async())) {
            throw ProblemException.invalid("/async", "asynchronous runs are not supported yet; leave it out");
        }
        return syncs.sync(account, mode, body != null && Boolean.TRUE.equals(body.dryRun()));
    }

    @Operation(operationId = "listLdapSyncRuns", summary = "List the account's past sync runs, newest first")
    @GET
    @Path("runs")
    public Map<String, List<LdapRunResponse>> runs(@PathParam("account") String account, @QueryParam("limit") Integer limit) {
        guard.requireAdmin(account, "rbac.directory.put");
        return Map.of("items", syncs.runs(account, Page.limit(limit)));
    }

    @Operation(operationId = "getLdapSyncRun", summary = "Read one sync run")
    @GET
    @Path("runs/{run}")
    public LdapRunResponse run(@PathParam("account") String account, @PathParam("run") String run) {
        guard.requireAdmin(account, "rbac.directory.put");
        return syncs.run(account, run);
    }
}
