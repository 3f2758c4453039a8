package dev.rolegate.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The formats of the audit export ({@code GET .../audit/export?format=}), one entry at a time.
 * Both carry, per entry, every field the entry's hash covers ({@link AuditChain#content}) and the
 * chain's own two, so an auditor can recompute each hash (docs/audit.md):
 * <ul>
 *   <li>{@code jsonl}: one JSON object per line (JSON Lines), {@code {"account","id","at","actor",
 *       "action","target","before","after","requestId","revision","prevHash","hash"}}, before and
 *       after as JSON values (null when absent), {@code at} as stored (ISO-8601, microseconds);</li>
 *   <li>{@code csv}: RFC 4180 (a header line of the same names, CRLF line ends, fields quoted when
 *       they hold a comma, quote or line break), before and after as JSON text; an empty field is
 *       an absent value (no field of an entry is ever the empty string).</li>
 * </ul>
 * Writers are not thread-safe.
 */
public final class AuditExport {

    /** The columns of both formats, in order. */
    public static final List<String> COLUMNS = List.of("account", "id", "at", "actor", "action", "target", "before",
            "after", "requestId", "revision", "prevHash", "hash");

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private static final CsvMapper CSV = (CsvMapper) new CsvMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private AuditExport() {
    }

    /** An export format by its query value. */
    public enum Format {
        JSONL("jsonl", "application/x-ndjson"),
        CSV("csv", "text/csv; charset=utf-8; header=present");

        private final String wireName;
        private final String mediaType;

        Format(String wireName, String mediaType) {
            this.wireName = wireName;
            this.mediaType = mediaType;
        }

        public String wireName() {
            return wireName;
        }

        /** The Content-Type of the response. */
        public String mediaType() {
            return mediaType;
        }

        /** The format named {@code value}, or empty. */
        public static Optional<Format> of(String value) {
            return Arrays.stream(values()).filter(f -> f.wireName.equals(value)).findFirst();
        }
    }

    /** One audit entry as stored: the columns of {@code audit_log}. */
    public record Row(String account, long seq, Instant occurredAt, String actor, String action, String target,
                      String beforeJson, String afterJson, String requestId, long revision, String prevHash, String hash) {
    }

    /** Writes rows in one format; {@link #close} flushes and leaves the stream open. */
    public interface Writer extends AutoCloseable {
        void write(Row row) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** A writer of {@code format} on {@code out}. */
    public static Writer writer(Format format, OutputStream out) throws IOException {
        return format == Format.CSV ? csv(out) : jsonl(out);
    }

    private static Writer jsonl(OutputStream out) throws IOException {
        JsonGenerator json = JSON.getFactory().createGenerator(out);
        // one object per line: no root value separator (Jackson's default is a space before each later object)
        json.setRootValueSeparator(null);
        return new Writer() {
            @Override
            public void write(Row r) throws IOException {
                json.writeStartObject();
                json.writeStringField("account", r.account());
                json.writeNumberField("id", r.seq());
                json.writeStringField("at", r.occurredAt().toString());
                json.writeStringField("actor", r.actor());
                json.writeStringField("action", r.action());
                json.writeStringField("target", r.target());
                json.writeFieldName("before");
                JSON.writeTree(json, AuditChain.tree(r.beforeJson()));
                json.writeFieldName("after");
                JSON.writeTree(json, AuditChain.tree(r.afterJson()));
                json.writeStringField("requestId", r.requestId());
                json.writeNumberField("revision", r.revision());
                json.writeStringField("prevHash", r.prevHash());
                json.writeStringField("hash", r.hash());
                json.writeEndObject();
                json.writeRaw('\n');
            }

            @Override
            public void close() throws IOException {
                json.close();
            }
        };
    }

    private static Writer csv(OutputStream out) throws IOException {
        CsvSchema.Builder columns = CsvSchema.builder();
        COLUMNS.forEach(columns::addColumn);
        CsvSchema schema = columns.build().withHeader().withLineSeparator("\r\n");
        SequenceWriter rows = CSV.writer(schema).writeValues(out);
        return new Writer() {
            @Override
            public void write(Row r) throws IOException {
                rows.write(Arrays.asList(r.account(), Long.toString(r.seq()), r.occurredAt().toString(), r.actor(),
                        r.action(), r.target(), r.beforeJson(), r.afterJson(), r.requestId(), Long.toString(r.revision()),
                        r.prevHash(), r.hash()));
            }

            @Override
            public void close() throws IOException {
                rows.close();
            }
        };
    }
}
