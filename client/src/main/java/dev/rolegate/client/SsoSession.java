package dev.rolegate.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The session a SAML login's one-time code was exchanged for: a JWT signed by Rolegate (RS256;
 * verify it with the keys at {@code /.well-known/jwks.json}; claims {@code iss}, {@code sub} the
 * user id, {@code account}, {@code email}, {@code iat}, {@code exp}, {@code jti}) and the user it
 * names. Immutable; {@link #toString()} never shows the token.
 */
public final class SsoSession {

    private final String token;
    private final String userId;
    private final String email;
    private final String displayName;
    private final Instant expiresAt;

    @JsonCreator
    SsoSession(@JsonProperty("token") String token, @JsonProperty("user") Map<String, String> user,
               @JsonProperty("expiresAt") String expiresAt) {
        this.token = token;
        this.userId = user == null ? null : user.get("id");
        this.email = user == null ? null : user.get("email");
        this.displayName = user == null ? null : user.get("displayName");
        // ISO-8601 parsed here, so the client needs no Jackson date module
        this.expiresAt = expiresAt == null ? null : Instant.parse(expiresAt);
    }

    /** The session JWT (compact JWS) for the app; a secret: never log it. */
    public String token() {
        return token;
    }

    /** The logged-in user's id (the token's {@code sub}). */
    public String userId() {
        return userId;
    }

    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    /** When the token expires (its {@code exp}); at most the configured session length after the exchange. */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "SsoSession[user=" + userId + ", expiresAt=" + expiresAt + "]";
    }
}
