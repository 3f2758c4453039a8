package dev.rolegate.audit.api;

import dev.rolegate.audit.AuditExport;
import dev.rolegate.audit.AuditLog;
import dev.rolegate.audit.AuditSearch;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AdminOperation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The audit log of an account (admin, read only: no call changes or deletes entries). */
@Path("/v1/accounts/{account}/audit")
public class AuditResource {

    private static final int MAX_FILTER = 1024;

    @Inject
    AuditLog audit;

    /**
     * Entries after {@code after} (an entry id), oldest first, newest last, with the {@code total}
     * of the search. Filters, optional and ANDed: {@code actor} and {@code action} exact;
     * {@code target} that target or one below it ({@code user:bob} also matches
     * {@code user:bob/role:analyst}); {@code from} (inclusive) and {@code to} (exclusive)
     * ISO-8601 instants such as {@code 2026-12-07T08:00:00Z}. 400 {@code invalid_request} on a bad
     * value or {@code from} after {@code to}.
     */
    @Operation(operationId = "listAuditEntries", summary = "List and filter the audit log of an account")
    @GET
    @AdminOperation("rbac.audit.list")
    public Page<AuditEntryResponse> list(@PathParam("account") String account,
                                         @QueryParam("after") String after, @QueryParam("limit") Integer limit,
                                         @QueryParam("actor") String actor, @QueryParam("target") String target,
                                         @QueryParam("action") String action, @QueryParam("from") String from,
                                         @QueryParam("to") String to) {
        return audit.list(account, search(actor, target, action, from, to), cursor(after), Page.limit(limit));
    }

    /**
     * The entries the same filters as the list select, oldest first, streamed as
     * {@code format=jsonl} (JSON Lines, {@code application/x-ndjson}) or {@code format=csv}
     * (RFC 4180, {@code text/csv}), each with its {@code prevHash} and {@code hash} and every
     * field the hash covers, so that an auditor can verify the chain (docs/audit.md). 400
     * {@code invalid_request} on an unknown or missing format or a bad filter.
     */
    @Operation(operationId = "exportAuditLog", summary = "Export the filtered audit log with its hash chain (JSON Lines or CSV)")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200",
            description = "The entries, oldest first, one per line (format=jsonl) or row after a header row (format=csv)",
            content = {
                    @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/x-ndjson",
                            schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type =
                                    org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
                    @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "text/csv",
                            schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type =
                                    org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))})
    @GET
    @Path("export")
    @AdminOperation("rbac.audit.export")
    public Response export(@PathParam("account") String account, @QueryParam("format") String format,
                           @QueryParam("actor") String actor, @QueryParam("target") String target,
                           @QueryParam("action") String action, @QueryParam("from") String from,
                           @QueryParam("to") String to) {
        AuditExport.Format chosen = AuditExport.Format.of(format).orElseThrow(() -> ProblemException.invalid("#format",
                "format must be jsonl or csv, got " + dev.rolegate.platform.Inputs.quote(format)));
        AuditSearch search = search(actor, target, action, from, to);
        StreamingOutput body = out -> audit.export(account, search, chosen, out);
        return Response.ok(body, chosen.mediaType())
                .header("Content-Disposition", "attachment; filename=\"audit-" + account + "." + chosen.wireName() + "\"")
                .build();
    }

    /** Recomputes the hash chain: {@code {"valid","entries","firstBroken"}}. */
    @Operation(operationId = "verifyAuditLog", summary = "Verify the hash chain of the audit log")
    @GET
    @Path("verify")
    @AdminOperation("rbac.audit.verify")
    public AuditVerification verify(@PathParam("account") String account) {
        return audit.verify(account);
    }

    /**
     * The filters of the list and the export, checked as both endpoints check them (also used by
     * the console's audit screen): each optional, {@code from}/{@code to} ISO-8601 instants.
     *
     * @throws ProblemException 400 {@code invalid_request} at {@code #actor}, {@code #target},
     *         {@code #action}, {@code #from} or {@code #to}
     */
    public static AuditSearch search(String actor, String target, String action, String from, String to) {
        Instant since = instant("#from", from);
        Instant until = instant("#to", to);
        if (since != null && until != null && since.isAfter(until)) {
            throw ProblemException.invalid("#from", "from (" + from + ") must not be after to (" + to + ")");
        }
        return new AuditSearch(filter("#actor", actor), filter("#target", target), filter("#action", action), since, until);
    }

    private static String filter(String pointer, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_FILTER) {
            throw ProblemException.invalid(pointer, "must be at most " + MAX_FILTER + " characters");
        }
        return dev.rolegate.platform.Inputs.text(pointer, value);
    }

    private static Instant instant(String pointer, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                throw ProblemException.invalid(pointer, "must be an ISO-8601 instant such as 2026-12-07T08:00:00Z, got "
                        + dev.rolegate.platform.Inputs.quote(value));
            }
        }
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
