package dev.rolegate.sso.saml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An AuthnRequest over the HTTP-POST binding (SAML 2.0 Bindings §3.5), for an IdP whose
 * metadata offers no HTTP-Redirect endpoint: answer the browser with {@link #html()}, a page
 * whose form posts {@code SAMLRequest} (and {@code RelayState}) to {@link #action()}.
 *
 * @param requestId the AuthnRequest ID to remember for InResponseTo
 * @param issueInstant the AuthnRequest IssueInstant
 * @param action the IdP's SSO URL, the form's target
 * @param samlRequest the AuthnRequest XML, base64-encoded (not deflated, §3.5.4)
 * @param relayState the RelayState to post along, if any
 */
public record AuthnRequestForm(
        String requestId,
        Instant issueInstant,
        String action,
        String samlRequest,
        Optional<String> relayState) implements AuthnRequestMessage {

    public AuthnRequestForm {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(issueInstant, "issueInstant");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(samlRequest, "samlRequest");
        Objects.requireNonNull(relayState, "relayState");
    }

    /**
     * A minimal HTML page that submits the form on load (with a button when scripts are off).
     * Every value is HTML-escaped. The inline {@code onload} handler needs a CSP that allows
     * it, or the service renders its own page from the components.
     */
    public String html() {
        StringBuilder html = new StringBuilder(512 + samlRequest.length())
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Signing in"
                        + "</title></head>\n<body onload=\"document.forms[0].submit()\">\n")
                .append("<form method=\"post\" action=\"").append(escape(action)).append("\">\n")
                .append("<input type=\"hidden\" name=\"SAMLRequest\" value=\"")
                .append(escape(samlRequest)).append("\">\n");
        relayState.ifPresent(state -> html.append("<input type=\"hidden\" name=\"RelayState\""
                + " value=\"").append(escape(state)).append("\">\n"));
        return html.append("<noscript><button type=\"submit\">Continue</button></noscript>\n"
                + "</form>\n</body></html>\n").toString();
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
