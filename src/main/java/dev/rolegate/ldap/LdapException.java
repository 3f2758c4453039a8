package dev.rolegate.ldap;

import java.util.Objects;

/**
 * Talking to the directory failed. The message says what failed in terms an admin can act on
 * (the server's result code and diagnostic, the host) and never contains the bind password.
 * The cause, when present, is the library's exception, for the log.
 */
public final class LdapException extends Exception {

    private static final long serialVersionUID = 1L;

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
