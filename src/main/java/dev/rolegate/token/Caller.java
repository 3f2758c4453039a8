package dev.rolegate.token;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated caller of our API (the principal), read from a verified JWT.
 *
 * @param subject the token's {@code sub}; for admin tokens a user of the account
 * @param account the token's {@code account} claim, or empty for platform tokens without one
 * @param scopes  the known scopes of the {@code scope} claim; unknown scope strings are dropped
 */
public record Caller(String subject, Optional<String> account, Set<Scope> scopes) {

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(account, "account");
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** Parses a space-separated scope claim; unknown values are ignored (fail closed). */
    public static Set<Scope> parseScopes(String claim) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (claim != null) {
            for (String part : claim.trim().split("\\s+")) {
                Scope.fromClaim(part).ifPresent(scopes::add);
            }
        }
        return scopes;
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /** True when the token is bound to exactly this account. */
    public boolean belongsTo(String accountId) {
        return account.isPresent() && account.get().equals(accountId);
    }
}
