package dev.rolegate.ldap;

/**
 * The port to the LDAP library: everything the service needs that requires parsing LDAP syntax.
 * The UnboundID implementation is {@code dev.rolegate.ldap.unboundid.UnboundIdDirectory};
 * stateless and thread-safe.
 */
public interface LdapDirectory {

    /**
     * Checks the settings' LDAP syntax without connecting: the URL (host, port), the base and bind
     * DNs and {@code groupRoles} keys (RFC 4514), the filters (RFC 4515), the PEM certificates.
     *
     * @throws InvalidLdapSettingsException with every problem found
     */
    void check(LdapSettings settings);

    /**
     * Where these settings send the bind password: the URL's scheme, host and port as the
     * connection will use them, the normalized bind DN, the TLS mode and the trusted
     * certificates' fingerprints.
     *
     * @throws InvalidLdapSettingsException when {@link #check} would
     */
    LdapDestination destination(LdapSettings settings);

    /**
     * Checks the settings and opens a reader: connects (LDAPS, or StartTLS, or plain where
     * allowed), verifies the certificate chain and hostname, binds, and keeps the connection in a
     * pool.
     *
     * @throws InvalidLdapSettingsException when {@link #check} would
     * @throws LdapException                when the server cannot be reached, TLS fails or the
     *                                      bind is refused
     */
    DirectoryReader open(LdapSettings settings, LdapClientOptions options) throws LdapException;

    /**
     * Parses and normalizes a DN, e.g. a {@code groupRoles} key, into the comparable form the
     * planner uses.
     *
     * @throws IllegalArgumentException when {@code dn} is not an RFC 4514 DN
     */
    DirectoryDn dn(String dn);
}
