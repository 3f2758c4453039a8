package dev.rolegate.sso.api;

import java.time.Instant;

/**
 * A session for the app: a JWT signed by Rolegate (verify it with {@code /.well-known/jwks.json})
 * and the user it names.
 */
public record SsoTokenResponse(String token, User user, Instant expiresAt) {

    /** The logged-in user: id ({@code sub} of the token), email and display name (may be null). */
    public record User(String id, String email, String displayName) {
    }
}
