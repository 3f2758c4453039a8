package dev.rolegate.ldap.unboundid;

import javax.net.ssl.SSLException;

/**
 * Marks a library exception as a TLS failure (hostname mismatch, StartTLS refused) so that
 * {@link LdapErrors} reports {@code ldap_tls_failed}, whatever result code the library chose.
 */
final class TlsFailure extends SSLException {

    private static final long serialVersionUID = 1L;

    TlsFailure(String message) {
        super(message);
    }
}
