package dev.rolegate.sso.saml;

import java.time.Instant;
import java.util.Objects;

/**
 * An AuthnRequest over the HTTP-Redirect binding (SAML 2.0 Bindings §3.4): answer the browser
 * with a 302 (or 303) to {@link #location()}.
 *
 * @param requestId the AuthnRequest ID to remember for InResponseTo
 * @param issueInstant the AuthnRequest IssueInstant
 * @param location the IdP's SSO URL with {@code SAMLRequest} (DEFLATE, base64, URL-encoded)
 *     and, when given, {@code RelayState} appended to its query
 */
public record AuthnRequestRedirect(String requestId, Instant issueInstant, String location)
        implements AuthnRequestMessage {

    public AuthnRequestRedirect {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(issueInstant, "issueInstant");
        Objects.requireNonNull(location, "location");
    }
}
