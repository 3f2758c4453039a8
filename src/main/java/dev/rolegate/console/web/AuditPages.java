package dev.rolegate.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.audit.AuditExport;
import dev.rolegate.audit.AuditLog;
import dev.rolegate.audit.AuditSearch;
import dev.rolegate.audit.api.AuditEntryResponse;
import dev.rolegate.audit.api.AuditResource;
import dev.rolegate.audit.api.AuditVerification;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AdminOperation;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console's audit log (issue 14): the account's entries, newest first, filtered by actor,
 * action, target and time as {@code GET /v1/.../audit} filters them; the hash chain's
 * verification ({@code GET .../audit/verify}, loaded into the page); and the export of the
 * filtered entries as JSON Lines or CSV ({@code GET .../audit/export}), a download of this
 * account's entries only. Times in the filter form are UTC ({@code datetime-local} values, which
 * carry no zone, are read as UTC).
 */
@Path("/console/{account}")
public class AuditPages {

    /** Entries per page. */
    static final int PAGE = 50;

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(Filters filters, List<Entry> entries, Long total, String next, String query,
                                             FormErrors errors);

        static native TemplateInstance verification(AuditVerification result);
    }

    /** The filter form as typed; {@code from}/{@code to} as {@code datetime-local} values or instants. */
    public record Filters(String actor, String action, String target, String from, String to, boolean any) {
    }

    /**
     * One entry as a row shows it.
     *
     * @param at     when, {@code yyyy-MM-dd HH:mm:ss} UTC
     * @param before the state before, indented JSON, or null
     * @param after  the state after, indented JSON, or null
     */
    public record Entry(long id, String at, String actor, String action, String target, long revision, String before,
                        String after, String requestId, String hash) {
        static Entry of(AuditEntryResponse e) {
            return new Entry(e.id(), SHOWN.format(e.at()), e.actor(), e.action(), e.target(), e.revision(), pretty(e.before()),
                    pretty(e.after()), e.requestId(), e.hash().substring(0, 12));
        }

        /** The verb of the action, for the badge's colour: {@code create}, {@code update}, {@code delete} or other. */
        public String kind() {
            String verb = action.substring(action.lastIndexOf('.') + 1);
            return switch (verb) {
                case "create", "update", "delete" -> verb;
                default -> "other";
            };
        }
    }

    @Inject
    AuditLog audit;

    /** A page of entries, newest first, older than entry {@code before}; a bad filter is shown under its field, with no entries. */
    @GET
    @Path("audit")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.audit.list")
    public Response list(@PathParam("account") String account, @QueryParam("actor") String actor,
                         @QueryParam("action") String action, @QueryParam("target") String target,
                         @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("before") String before) {
        Filters filters = new Filters(trim(actor), trim(action), trim(target), trim(from), trim(to),
                !(isEmpty(actor) && isEmpty(action) && isEmpty(target) && isEmpty(from) && isEmpty(to)));
        String query = query(filters);
        try {
            AuditSearch search = search(filters);
            long cursor = cursor(before);
            Page<AuditEntryResponse> page = audit.listNewestFirst(account, search, cursor, PAGE);
            List<Entry> entries = page.items().stream().map(Entry::of).toList();
            return Response.ok(Templates.audit(filters, entries, page.total(), page.next(), query, FormErrors.NONE)).build();
        } catch (ProblemException refused) {
            FormErrors errors = FormErrors.of(refused);
            return Response.status(errors.status()).entity(Templates.audit(filters, List.of(), null, null, query, errors)).build();
        }
    }

    /** The chain's verification, a fragment the audit page loads: valid, how many entries, the first broken one. */
    @GET
    @Path("audit/verify")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.audit.verify")
    public TemplateInstance verify(@PathParam("account") String account) {
        return Templates.verification(audit.verify(account));
    }

    /**
     * The entries the filters select, as a download {@code audit-{account}.jsonl} or {@code .csv}
     * (the formats of {@code GET /v1/.../audit/export}). 400 {@code invalid_request} for another
     * format or a bad filter.
     */
    @GET
    @Path("audit/export")
    @AdminOperation("rbac.audit.export")
    public Response export(@PathParam("account") String account, @QueryParam("format") String format,
                           @QueryParam("actor") String actor, @QueryParam("action") String action,
                           @QueryParam("target") String target, @QueryParam("from") String from, @QueryParam("to") String to) {
        AuditExport.Format chosen = AuditExport.Format.of(format).orElseThrow(() -> ProblemException.invalid("#format",
                "format must be jsonl or csv, got " + dev.rolegate.platform.Inputs.quote(format)));
        AuditSearch search = search(new Filters(trim(actor), trim(action), trim(target), trim(from), trim(to), true));
        StreamingOutput body = out -> audit.export(account, search, chosen, out);
        return Response.ok(body, chosen.mediaType())
                .header("Content-Disposition", "attachment; filename=\"audit-" + account + "." + chosen.wireName() + "\"")
                .build();
    }

    private static AuditSearch search(Filters f) {
        return AuditResource.search(f.actor(), f.target(), f.action(), instant(f.from()), instant(f.to()));
    }

    /** A {@code datetime-local} value ({@code 2026-12-07T08:00} or with seconds) as a UTC instant; anything else as typed. */
    static String instant(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}")) {
            return value + ":00Z";
        }
        if (value.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?")) {
            return value + "Z";
        }
        return value;
    }

    private static long cursor(String before) {
        if (before == null || before.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(before);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the problem below
        }
        throw ProblemException.invalid("#before", "before must be an audit entry id (a non-negative integer)");
    }

    /** The filters as a query string ({@code actor=...&from=...}), for the next page and the export links. */
    static String query(Filters f) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("actor", f.actor());
        values.put("action", f.action());
        values.put("target", f.target());
        values.put("from", f.from());
        values.put("to", f.to());
        return values.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String pretty(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return node.toString();
        }
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isBlank();
    }
}
