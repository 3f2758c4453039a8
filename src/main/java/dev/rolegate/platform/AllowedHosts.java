package dev.rolegate.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An operator's list of the hosts that per-account settings may name as a destination (an LDAP
 * server today; later SCIM or webhook targets), so that whoever edits an account's settings
 * cannot make the service connect into the operator's network.
 *
 * <p>Patterns, compared case-insensitively with one trailing dot ignored on both sides:
 * <ul>
 *   <li>{@code ldap.example.com}, {@code 10.1.2.3}, {@code ::1}: exactly that host name or IP
 *       literal (an IPv6 literal without brackets);</li>
 *   <li>{@code *.example.com}: every name with at least one more label that ends in
 *       {@code .example.com} ({@code a.example.com}, {@code a.b.example.com}), not
 *       {@code example.com} itself.</li>
 * </ul>
 * The check is on the name as written in the settings, before any DNS lookup: list names whose
 * DNS the operator controls, and IP addresses literally. No patterns means any host.
 * Immutable and thread-safe.
 *
 * @param patterns the patterns, normalized to lower case; empty allows any host
 */
public record AllowedHosts(List<String> patterns) {

    /** A host name label (RFC 1123 §2.1, underscore tolerated) or an IPv4/IPv6 literal's characters. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*"
            + "|[0-9a-f:.]*:[0-9a-f:.]*");

    public AllowedHosts {
        List<String> normalized = new ArrayList<>();
        for (String pattern : patterns) {
            String p = normalize(pattern);
            String name = p.startsWith("*.") ? p.substring(2) : p;
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a host name, IP literal or *.domain pattern: '" + pattern + "'");
            }
            normalized.add(p);
        }
        patterns = List.copyOf(normalized);
    }

    /** Every host allowed (the default). */
    public static AllowedHosts any() {
        return new AllowedHosts(List.of());
    }

    /** Whether no pattern restricts the hosts. */
    public boolean allowsAny() {
        return patterns.isEmpty();
    }

    /** Whether {@code host} (a name or IP literal as the destination's URL gives it) is allowed. */
    public boolean allows(String host) {
        if (patterns.isEmpty()) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = normalize(host);
        for (String pattern : patterns) {
            if (pattern.startsWith("*.") ? h.endsWith(pattern.substring(1)) && h.length() > pattern.length() - 1
                    : h.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a host pattern must not be null");
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    }
}
