package dev.rolegate.ldap;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a bind password goes and how it is protected on the way: everything of
 * {@link LdapSettings} that, changed, could send the stored password to another party. Two
 * settings with equal destinations may share a stored password; any difference needs it again
 * (issue 11 item 2, {@code platform.BoundSecret}).
 *
 * <p>Built by {@link LdapDirectory#destination} from the same parse the connection uses, so
 * {@link #host} is the host the service would connect to (never a second reading of the URL).
 * Immutable.
 *
 * @param scheme         {@code ldaps} or {@code ldap}
 * @param host           the server's host name or IP literal, lower case
 * @param port           the TCP port, the scheme's default (636, 389) filled in
 * @param bindDn         the bind DN in its normalized form (RFC 4514; attribute names and
 *                       values case-folded as the LDAP library normalizes them)
 * @param startTls       whether an {@code ldap://} connection is upgraded with StartTLS
 * @param allowPlaintext whether a plain {@code ldap://} connection is accepted
 * @param trustAnchors   SHA-256 fingerprints (lower-case hex) of the DER encoding of each
 *                       configured trusted certificate, in order; empty for the JVM's CAs
 */
public record LdapDestination(String scheme, String host, int port, String bindDn, boolean startTls,
                              boolean allowPlaintext, List<String> trustAnchors) {

    public LdapDestination {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bindDn, "bindDn");
        host = host.toLowerCase(Locale.ROOT);
        trustAnchors = List.copyOf(trustAnchors);
    }
}
