package dev.rolegate.sso;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of single sign-on, prefix {@code rolegate.sso}. */
@ConfigMapping(prefix = "rolegate.sso")
public interface SsoConfig {

    /**
     * The service's public base URL as browsers and IdPs reach it, without a trailing slash,
     * e.g. {@code https://rolegate.example.com}. The SP entityID
     * ({@code {base}/saml/{a}/metadata}) and ACS URL ({@code {base}/saml/{a}/acs}) are built
     * from it, never from a request's Host header: the ACS compares Destination and Recipient
     * with them as exact strings.
     */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /** The {@code iss} of the session JWTs issued after a SAML login. */
    @WithDefault("rolegate")
    String issuer();

    /** Longest life of a session JWT (shortened to the IdP's SessionNotOnOrAfter). Default 1 h. */
    @WithDefault("1h")
    Duration sessionLength();

    /** Tolerance between the IdP's clock and ours for every SAML time check. Default 60 s, at most 10 min. */
    @WithDefault("60s")
    Duration clockSkew();

    /**
     * Base64 of 32 random bytes: the AES-256 key that encrypts the private keys Rolegate keeps in
     * the database (session signing key, SP keys) with AES-GCM. Required outside the dev
     * profile: the launcher refuses to start without it ({@code platform.local.LaunchChecks});
     * the dev profile generates a dev-only one. Keys stored before it was set stay readable.
     */
    Optional<String> keyEncryptionKey();

    /** How long a login started at {@code /saml/{a}/login} may take at the IdP. Default 10 min. */
    @WithDefault("10m")
    Duration requestLifetime();
}
