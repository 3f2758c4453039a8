package dev.rolegate.token;

import java.util.Optional;

/**
 * The scopes a bearer token may carry in its space-separated {@code scope} claim (RFC 8693 §4.2
 * shape).
 */
public enum Scope {
    /** May create accounts (and, later, manage their lifecycle). Not bound to an account. */
    PLATFORM("rbac:platform"),
    /** May read and change its own account. */
    ADMIN("rbac:admin"),
    /** May only call the check endpoints of its own account. */
    CHECK("rbac:check");

    private final String claim;

    Scope(String claim) {
        this.claim = claim;
    }

    /** The value in the token's {@code scope} claim. */
    public String claim() {
        return claim;
    }

    static Optional<Scope> fromClaim(String value) {
        for (Scope s : values()) {
            if (s.claim.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
