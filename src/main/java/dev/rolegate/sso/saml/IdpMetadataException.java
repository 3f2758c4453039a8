package dev.rolegate.sso.saml;

/**
 * IdP metadata that cannot be used: not well-formed, forbidden constructs (DTD), or missing
 * what single sign-on needs (entityID, a SingleSignOnService, a signing certificate).
 *
 * <p>The message names what is wrong in words an account admin can act on; it is safe to
 * show to the admin who uploaded the metadata (the service turns it into a 422 problem). It
 * never contains the uploaded document.
 */
public final class IdpMetadataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IdpMetadataException(String message) {
        super(message);
    }

    public IdpMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
