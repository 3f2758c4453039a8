package dev.rolegate.ldap;

/**
 * Why talking to the directory failed, as the stable snake_case codes of {@code docs/errors.md}
 * and problem+json ({@code code}).
 */
public enum LdapFailure {
    /** Could not connect, the connection broke, or the server did not answer in time. Retry later. */
    UNAVAILABLE("ldap_unavailable"),
    /** The bind DN or password was refused (RFC 4511 invalidCredentials, inappropriateAuthentication). */
    AUTH_FAILED("ldap_auth_failed"),
    /**
     * TLS could not be set up: untrusted or expired certificate, hostname mismatch, StartTLS
     * refused, or the server demands a secure connection (confidentialityRequired).
     */
    TLS_FAILED("ldap_tls_failed"),
    /**
     * The server answered a search with an error: base DN missing (noSuchObject), no access,
     * unwilling to perform. The settings or the bind DN's rights need fixing.
     */
    SEARCH_FAILED("ldap_search_failed");

    private final String code;

    LdapFailure(String code) {
        this.code = code;
    }

    /** The stable error code. */
    public String code() {
        return code;
    }
}
