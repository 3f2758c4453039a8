package dev.rolegate.sso;

import io.quarkus.runtime.configuration.MemorySize;
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

    /**
     * Largest decoded {@code SAMLResponse} the ACS accepts, in bytes (suffixes {@code K}, {@code M});
     * default {@code 256K}, which holds a signed response with hundreds of group attributes. A
     * larger one is a 413 {@code saml_response_too_large}, decided from the length of the base64
     * form value before anything is decoded or parsed (Bindings §3.5.4: base64 is 4 characters
     * per 3 bytes; line breaks, spaces and padding in the value are not counted). The whole
     * form is bounded first by {@code rolegate.http.max-body-bytes} (1 MiB, 413
     * {@code payload_too_large}), so values above about 760K need that raised too.
     */
    @WithDefault("256K")
    MemorySize maxResponseSize();

    /**
     * How many responses of one account the ACS validates at once on this replica (parse,
     * signature, the login's transaction), at least 1; default 4. One more, while they run, is a
     * 503 {@code saml_busy} with {@code Retry-After: 1} at once: nothing queues, so a flood of
     * bogus responses to one account's ACS uses at most this many worker threads and never
     * delays other accounts' logins or the check path.
     */
    @WithDefault("4")
    int maxConcurrentValidations();
}
