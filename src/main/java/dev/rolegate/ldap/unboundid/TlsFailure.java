package dev.rolegate.ldap.unboundid;

import javax.net.ssl.SSLException;

/**
 * Marks a library exception as a TLS failure (hostname mismatch, StartTLS refused or failed).
 * {@link LdapErrors} reports {@code ldap_tls_failed}, whatever result code the library chose, only
 * when the failure came {@linkplain #afterLdapAnswer() after the server answered as an LDAP
 * server} (a StartTLS response); before that (the handshake of {@code ldaps://}) a TLS failure is
 * one of the ways a host may fail to be an LDAP server, and is reported as such.
 */
final class TlsFailure extends SSLException {

    private static final long serialVersionUID = 1L;

    private final boolean afterLdapAnswer;

    TlsFailure(String message, boolean afterLdapAnswer) {
        super(message);
        this.afterLdapAnswer = afterLdapAnswer;
    }

    /** Whether the server had answered an LDAP request (StartTLS) before TLS failed. */
    boolean afterLdapAnswer() {
        return afterLdapAnswer;
    }
}
