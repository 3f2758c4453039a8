package dev.rolegate.sso;

/**
 * A login that SAML validation accepted but the account refuses. The browser sees the same
 * generic error as for a validation failure; the reason goes to the log with ids only.
 */
public final class SsoLoginRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a valid assertion does not log anyone in. */
    public enum Reason {
        /** The account has no SAML configuration. */
        NOT_CONFIGURED,
        /** No user has this (IdP entityID, NameID) and JIT provisioning is off. */
        UNKNOWN_USER,
        /** The user exists and is disabled. */
        USER_DISABLED,
        /** Neither the email nor the NameID is a valid user id. */
        INVALID_USER_ID,
        /** A user with the id JIT would create exists from another source or another IdP identity. */
        USER_CONFLICT,
        /** The configuration is stored but turned off (an application or console login). */
        SAML_DISABLED,
        /** A console login of a user who is not an active admin of the account ({@code rbac.console.open}). */
        NOT_AN_ADMIN;

        /** The stable snake_case code. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public SsoLoginRefused(Reason reason) {
        super(reason.code(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
