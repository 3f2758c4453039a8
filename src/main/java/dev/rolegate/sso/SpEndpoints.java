package dev.rolegate.sso;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The SP URLs of an account, built from {@link SsoConfig#publicBaseUrl()} only (never from a
 * request's Host header): entityID {@code {base}/saml/{a}/metadata}, ACS {@code {base}/saml/{a}/acs}.
 * Account ids are restricted to URL-safe characters, so no encoding is needed.
 */
@ApplicationScoped
public class SpEndpoints {

    private final SsoConfig config;

    /** @param config where {@link SsoConfig#publicBaseUrl()} comes from */
    @Inject
    public SpEndpoints(SsoConfig config) {
        this.config = config;
    }

    private String base(String account) {
        return root() + "/saml/" + account;
    }

    private String root() {
        String base = config.publicBaseUrl();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The JWK Set of the session signing keys, the same for every account. */
    public String jwksUrl() {
        return root() + "/.well-known/jwks.json";
    }

    /** The SP entityID: the Audience every assertion must name. */
    public String entityId(String account) {
        return metadataUrl(account);
    }

    /** Where the SP metadata is served. */
    public String metadataUrl(String account) {
        return base(account) + "/metadata";
    }

    /** The assertion consumer service (HTTP-POST binding). */
    public String acsUrl(String account) {
        return base(account) + "/acs";
    }

    /** Where a browser starts an SP-initiated login. */
    public String loginUrl(String account) {
        return base(account) + "/login";
    }
}
