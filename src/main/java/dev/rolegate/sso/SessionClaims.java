package dev.rolegate.sso;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The per-account {@code iss} and {@code aud} of the session JWTs issued after a SAML login
 * (issue 11 item 8), so that an app verifying sessions of one account refuses those of every
 * other account even though all are signed by the same key (docs/saml.md "Verifying a session"):
 *
 * <ul>
 *   <li>{@code iss} = {@code {rolegate.sso.issuer}/accounts/{a}} (a trailing slash of the
 *       setting is dropped);</li>
 *   <li>{@code aud} = the account's {@code clientId} from its SAML settings, or the account id
 *       when none is set.</li>
 * </ul>
 *
 * Account ids are URL-safe, so nothing is encoded. Thread-safe.
 */
@ApplicationScoped
public class SessionClaims {

    private final SsoConfig config;

    /** @param config where {@link SsoConfig#issuer()} comes from */
    @Inject
    public SessionClaims(SsoConfig config) {
        this.config = config;
    }

    /** The {@code iss} of the account's session JWTs. */
    public String issuer(String account) {
        String base = config.issuer();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/accounts/" + account;
    }

    /** The {@code aud} of the account's session JWTs: the configured client id, else the account id. */
    public String audience(String account, Optional<String> clientId) {
        return clientId.orElse(account);
    }
}
