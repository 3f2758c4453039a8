package dev.rolegate.change.api;

import dev.rolegate.change.ChangeFeed;
import dev.rolegate.change.ChangeWatch;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The change feed of an account (issue 12 item 6, {@code docs/audit.md}): one record per
 * committed revision, paged or streamed. Readable by the account's {@code rbac:check} tokens (a
 * client deciding locally follows it) and by admins holding {@code rbac.audit.read}.
 */
@Path("/v1/accounts/{account}/changes")
public class ChangeResource {


    @Inject
    ChangeFeed feed;

    @Inject
    ChangeWatch watch;

    /** Records after revision {@code after} (default 0), at most {@code limit} (1..1000, default 100). */
    @Operation(operationId = "listChanges", summary = "Read the change feed of an account")
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @AdminOperation(value = "rbac.audit.list", orScope = Scope.CHECK)
    public ChangePage list(@PathParam("account") String account, @QueryParam("after") String after,
                           @QueryParam("limit") Integer limit) {
        return feed.page(account, revision("#after", after), dev.rolegate.platform.Page.limit(limit));
    }

    /**
     * The records after {@code after} (or after {@code Last-Event-ID}, which wins), then each new
     * record as it commits, as {@code text/event-stream}.
     */
    @Operation(operationId = "watchChanges", summary = "Stream the change feed of an account (server-sent events)")
    @GET
    @Path("watch")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @AdminOperation(value = "rbac.audit.list", orScope = Scope.CHECK)
    public void watch(@PathParam("account") String account, @QueryParam("after") String after,
                      @HeaderParam("Last-Event-ID") String lastEventId, @Context SseEventSink sink, @Context Sse sse) {
        long from = lastEventId != null && !lastEventId.isBlank() ? revision("/headers/Last-Event-ID", lastEventId)
                : revision("#after", after);
        feed.page(account, from, 1); // 404 account_not_found, 410 changes_expired before the stream starts
        watch.watch(account, from, sink, sse);
    }

    private static long revision(String pointer, String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            long revision = Long.parseLong(value);
            if (revision >= 0) {
                return revision;
            }
        } catch (NumberFormatException e) {
            // the problem below
        }
        throw ProblemException.invalid(pointer, "must be a revision (a non-negative integer)");
    }
}
