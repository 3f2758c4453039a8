package dev.rolegate.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rolegate.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entity tags for optimistic concurrency (RFC 9110 §8.8.3, §13.1.1). A resource's ETag is a strong
 * validator derived from its representation: the first 128 bits of sha-256 over its canonical
 * JSON. So it changes exactly when what a {@code GET} shows changes, needs no version column, and
 * every replica computes the same tag. Thread-safe.
 */
public final class ETags {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private ETags() {
    }

    /** The quoted ETag of a representation, e.g. {@code "3f2a…"}. */
    public static String of(Object representation) {
        String canonical = CanonicalJson.of(JSON.valueToTree(representation));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * Evaluates {@code If-Match} (RFC 9110 §13.1.1) against the current representation; call it
     * inside the write's transaction, after the account lock, so no writer can slip in between.
     *
     * @param ifMatch  the header as sent, or null when absent (then anything goes)
     * @param current  the current representation, or null when the resource does not exist
     * @param resource what the tag is of, for the message, e.g. {@code role 'analyst'}
     * @throws ProblemException 412 {@code precondition_failed} when no listed tag matches (strong
     *         comparison: a weak tag never matches), or when the resource does not exist
     */
    public static void requireMatch(String ifMatch, Object current, String resource) {
        if (ifMatch == null) {
            return;
        }
        if (current == null) {
            throw ProblemException.preconditionFailed(
                    "If-Match was given but " + resource + " does not exist (any more).");
        }
        String tag = of(current);
        for (String candidate : ifMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(tag)) {
                return;
            }
        }
        throw ProblemException.preconditionFailed(resource + " has changed since you read it (ETag is now "
                + tag + "); read it again and retry.");
    }
}
