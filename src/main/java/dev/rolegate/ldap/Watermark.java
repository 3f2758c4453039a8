package dev.rolegate.ldap;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the last read ended, so an incremental read asks only for entries changed since.
 *
 * <ul>
 *   <li>{@link Kind#MODIFY_TIMESTAMP}: {@code value} is the newest {@code modifyTimestamp}
 *       (RFC 4512 §3.4, GeneralizedTime) seen, as the server wrote it; the next read asks for
 *       {@code (modifyTimestamp>=value)} and drops the entries listed in {@code boundaryIds},
 *       which were already read at exactly that time. Timestamps often have one-second
 *       resolution, so {@code >=} plus the boundary set neither misses a change made later in
 *       the same second by another entry nor rereads the same entries on every run. The one gap:
 *       an entry of the boundary set changed again within that same second is missed until its
 *       next change or the next full run.</li>
 *   <li>{@link Kind#USN_CHANGED}: Active Directory; {@code value} is the domain controller's
 *       {@code highestCommittedUSN} (a decimal integer) taken before the read; the next read asks
 *       for {@code (uSNChanged>=value+1)}. USNs are per domain controller: a URL that balances
 *       over several controllers makes incremental runs unreliable (MS-ADTS §3.1.1.1.9), and the
 *       next full run repairs that.</li>
 * </ul>
 *
 * @param kind        which attribute orders changes
 * @param value       GeneralizedTime string or decimal USN
 * @param boundaryIds stable ids already read at exactly {@code value} (empty for USNs)
 */
public record Watermark(Kind kind, String value, Set<String> boundaryIds) {

    public Watermark {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("watermark value must not be blank");
        }
        if (kind == Kind.USN_CHANGED) {
            try {
                if (Long.parseLong(value) < 0) {
                    throw new IllegalArgumentException("a USN watermark is not negative");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a USN watermark is a decimal integer: " + value, e);
            }
        }
        boundaryIds = boundaryIds == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(boundaryIds));
    }

    /** A timestamp watermark. */
    public static Watermark modifyTimestamp(String generalizedTime, Set<String> boundaryIds) {
        return new Watermark(Kind.MODIFY_TIMESTAMP, generalizedTime, boundaryIds);
    }

    /** An Active Directory USN watermark. */
    public static Watermark usnChanged(long highestCommittedUsn) {
        return new Watermark(Kind.USN_CHANGED, Long.toString(highestCommittedUsn), Set.of());
    }

    /**
     * A single-line form to store with the run ({@code kind value id...}, each part URL-encoded,
     * separated by spaces); {@link #parse} reads it back.
     */
    public String toWire() {
        List<String> parts = new ArrayList<>();
        parts.add(kind.attribute());
        parts.add(value);
        parts.addAll(boundaryIds);
        return String.join(" ", parts.stream().map(p -> URLEncoder.encode(p, StandardCharsets.UTF_8)).toList());
    }

    /**
     * Reads {@link #toWire()}'s form.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Watermark parse(String wire) {
        String[] parts = wire.trim().split(" ");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a watermark: " + wire);
        }
        List<String> decoded = Arrays.stream(parts).map(p -> URLDecoder.decode(p, StandardCharsets.UTF_8)).toList();
        return new Watermark(Kind.fromAttribute(decoded.get(0)), decoded.get(1),
                new TreeSet<>(decoded.subList(2, decoded.size())));
    }

    /** The attribute that orders changes. */
    public enum Kind {
        MODIFY_TIMESTAMP("modifyTimestamp"), USN_CHANGED("uSNChanged");

        private final String attribute;

        Kind(String attribute) {
            this.attribute = attribute;
        }

        /** The LDAP attribute name. */
        public String attribute() {
            return attribute;
        }

        static Kind fromAttribute(String attribute) {
            for (Kind kind : values()) {
                if (kind.attribute.equals(attribute)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown watermark kind: " + attribute);
        }
    }
}
