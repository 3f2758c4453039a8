package dev.rolegate.ldapsync.api;

import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldapsync.LdapConfigService;
import dev.rolegate.ldapsync.LdapSyncService;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Responses;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Caller;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** An account's LDAP directory connection, its sync runs (admin; issue 6). */
@Path("/v1/accounts/{account}/directory/ldap")
public class LdapResource {

    @Inject
    AdminGuard guard;

    @Inject
    LdapConfigService configs;

    @Inject
    LdapSyncService syncs;

    @Operation(operationId = "getLdapSettings", summary = "Read the account's LDAP connection and sync settings (never the bind password)")
    @GET
    @AdminOperation("rbac.directory.put")
    public LdapConfigResponse get(@PathParam("account") String account) {
        return configs.get(account);
    }

    @Operation(operationId = "putLdapSettings", summary = "Create or replace the account's LDAP connection and sync settings")
    @PUT
    @AdminOperation("rbac.directory.put")
    public Response put(@PathParam("account") String account, LdapConfigRequest body) {
        Caller caller = guard.caller();
        if (body == null) {
            throw ProblemException.invalid("/", "a JSON body is required");
        }
        return Responses.written(configs.put(account, body, guard.heldPermissions(account, caller)));
    }

    @Operation(operationId = "testLdapConnection", summary = "Try the connection and the searches of the stored settings, or of the settings in the body (not stored; without bindPassword only for the stored destination); report counts, change nothing")
    @POST
    @Path("test")
    @AdminOperation("rbac.directory.put")
    public LdapTestResponse test(@PathParam("account") String account,
                                 @RequestBody(required = false, description = "Settings to try instead of the stored ones")
                                 LdapConfigRequest body) {
        return syncs.test(account, body);
    }

    @Operation(operationId = "runLdapSync", summary = "Run a full or incremental sync (or a dry run): 200 with the finished run, or with async 202 at once with the running run")
    @APIResponse(responseCode = "200", description = "The run, finished (succeeded, failed or aborted)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = LdapRunResponse.class)))
    @APIResponse(responseCode = "202", description = "With \"async\": true: the run, accepted and running; Location names it",
            headers = @Header(name = "Location", description = "The run: .../directory/ldap/runs/{run}"),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = LdapRunResponse.class)))
    @POST
    @Path("sync")
    @AdminOperation("rbac.directory.sync")
    public Response sync(@PathParam("account") String account, LdapSyncRequest body) {
        Caller caller = guard.caller();
        SyncMode mode = SyncMode.FULL;
        if (body != null && body.mode() != null) {
            if ("incremental".equals(body.mode())) {
                mode = SyncMode.INCREMENTAL;
            } else if (!"full".equals(body.mode())) {
                throw ProblemException.invalid("/mode", "must be full or incremental");
            }
        }
        boolean dryRun = body != null && Boolean.TRUE.equals(body.dryRun());
        if (body != null && Boolean.TRUE.equals(body.async())) {
            LdapRunResponse accepted = syncs.start(account, mode, dryRun, LdapSyncService.Trigger.API, caller.subject()).accepted();
            return Response.accepted(accepted)
                    .location(URI.create("/v1/accounts/" + account + "/directory/ldap/runs/" + accepted.id())).build();
        }
        return Response.ok(syncs.sync(account, mode, dryRun, caller.subject())).build();
    }

    @Operation(operationId = "listLdapSyncRuns", summary = "List the account's past sync runs, newest first")
    @GET
    @Path("runs")
    @AdminOperation("rbac.directory.put")
    public Map<String, List<LdapRunResponse>> runs(@PathParam("account") String account, @QueryParam("limit") Integer limit) {
        return Map.of("items", syncs.runs(account, Page.limit(limit)));
    }

    @Operation(operationId = "getLdapSyncRun", summary = "Read one sync run")
    @GET
    @Path("runs/{run}")
    @AdminOperation("rbac.directory.put")
    public LdapRunResponse run(@PathParam("account") String account, @PathParam("run") String run) {
        return syncs.run(account, run);
    }
}
