package dev.rolegate.sso.saml;

import java.util.Optional;

/**
 * The SAML 2.0 bindings this SP speaks (SAML 2.0 Bindings §3.4 HTTP-Redirect, §3.5 HTTP-POST).
 */
public enum SamlBinding {

    /** Bindings §3.4: the message DEFLATE-compressed, base64 and URL-encoded in a query string. */
    HTTP_REDIRECT("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"),

    /** Bindings §3.5: the message base64-encoded in an auto-submitted HTML form. */
    HTTP_POST("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");

    private final String uri;

    SamlBinding(String uri) {
        this.uri = uri;
    }

    /** The binding's URI as it appears in metadata and in {@code ProtocolBinding}. */
    public String uri() {
        return uri;
    }

    /** The binding with this exact URI, if it is one this SP speaks. */
    public static Optional<SamlBinding> fromUri(String uri) {
        for (SamlBinding binding : values()) {
            if (binding.uri.equals(uri)) {
                return Optional.of(binding);
            }
        }
        return Optional.empty();
    }
}
