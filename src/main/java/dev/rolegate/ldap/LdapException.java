package dev.rolegate.ldap;

import java.util.Objects;

/**
 * Talking to the directory failed. The message says what failed in terms an admin can act on
 * (the server's result code and diagnostic, the host) and never contains the bind password.
 * The cause, when present, is the library's exception, for the log.
 */
public final class LdapException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * The one message of {@link LdapFailure#UNAVAILABLE} for a host that did not answer as an
     * LDAP server, whatever the network said (refused, timed out, TLS handshake, not LDAP): the
     * difference would let whoever edits the settings map the network (issue 11 item 2).
     */
    public static final String NO_LDAP_ANSWER = "no LDAP server answered at the configured URL: the connection was "
            + "refused, timed out or broke, the TLS handshake failed, or the host does not speak LDAP. Check the URL, "
            + "the TLS settings and the network path from Rolegate to the directory";

    private final LdapFailure failure;

    public LdapException(LdapFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public LdapException(LdapFailure failure, String message) {
        this(failure, message, null);
    }

    /** Which kind of failure, for problem+json's {@code code}. */
    public LdapFailure failure() {
        return failure;
    }

    /** The stable code, e.g. {@code ldap_auth_failed}. */
    public String code() {
        return failure.code();
    }
}
