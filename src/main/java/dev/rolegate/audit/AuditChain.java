package dev.rolegate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.platform.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The hash chain of an account's audit log, as pure functions: entry {@code n}'s hash is
 * {@code hex(sha256(hash(n-1) + canonical JSON of entry n))}, the first entry chaining to
 * {@link #GENESIS}. The canonical JSON covers every column but the chain's own
 * ({@code prev_hash}, {@code hash}), {@code occurredAt} in microseconds as PostgreSQL keeps it.
 * Unchanged since the log was introduced (V0002): entries written by any release verify.
 * Thread-safe.
 */
public final class AuditChain {

    /** The "previous hash" of an account's first entry. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper PARSER = new ObjectMapper();

    private AuditChain() {
    }

    /**
     * The canonical JSON of one entry's content.
     *
     * @param beforeJson the stored {@code before_json} text, or null
     * @param afterJson  the stored {@code after_json} text, or null
     */
    public static String content(String account, long seq, Instant occurredAt, String actor, String action, String target,
                                 String beforeJson, String afterJson, String requestId, long revision) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("account", account);
        node.put("seq", seq);
        node.put("occurredAt", occurredAt.toString());
        node.put("actor", actor);
        node.put("action", action);
        node.put("target", target);
        node.set("before", tree(beforeJson));
        node.set("after", tree(afterJson));
        node.put("requestId", requestId);
        node.put("revision", revision);
        return CanonicalJson.of(node);
    }

    /** The hash of an entry whose content is {@code content} after the entry {@code previousHash}. */
    public static String hash(String previousHash, String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((previousHash + content).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** The stored JSON as a tree; a row edited into invalid JSON hashes its raw text, so the chain breaks there. */
    static JsonNode tree(String text) {
        if (text == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return PARSER.readTree(text);
        } catch (Exception e) {
            return JsonNodeFactory.instance.textNode("invalid-json:" + text);
        }
    }
}
