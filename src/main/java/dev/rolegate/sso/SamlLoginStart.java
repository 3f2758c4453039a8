package dev.rolegate.sso;

import dev.rolegate.sso.saml.AuthnRequestMessage;
import java.util.Objects;

/**
 * The start of an SP-initiated login: the AuthnRequest to send the browser to the IdP with, and
 * the cookie that binds the login to this browser (login CSRF: the ACS accepts the answer only
 * with it).
 *
 * @param message the AuthnRequest for the IdP's binding
 * @param cookieName the binding cookie's name, {@link #COOKIE_PREFIX} + the request ID
 * @param cookieValue the binding nonce (256 random bits, base64url); only its hash is stored
 */
public record SamlLoginStart(AuthnRequestMessage message, String cookieName, String cookieValue) {

    /** Binding cookies are named this plus the AuthnRequest ID (one per login in progress). */
    public static final String COOKIE_PREFIX = "rolegate_saml";

    public SamlLoginStart {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(cookieName, "cookieName");
        Objects.requireNonNull(cookieValue, "cookieValue");
    }

    /**
     * The {@code Set-Cookie} header value of the binding cookie: path the ACS's, for the request's
     * lifetime, {@code Secure; HttpOnly; SameSite=None} (the IdP posts the answer cross-site).
     *
     * @param acsPath the raw path of the account's ACS URL
     */
    public String setCookie(String acsPath, java.time.Duration lifetime) {
        return cookieName + "=" + cookieValue + "; Path=" + acsPath + "; Max-Age=" + lifetime.toSeconds()
                + "; Secure; HttpOnly; SameSite=None";
    }
}
