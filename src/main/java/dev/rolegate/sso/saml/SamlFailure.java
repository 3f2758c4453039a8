package dev.rolegate.sso.saml;

import java.util.Locale;

/**
 * Why a SAML response was refused. The {@link #code()} is stable, snake_case, and safe to log,
 * count in metrics and show to an account admin; the browser only ever sees a generic error.
 *
 * <p>The constants are listed in the order {@link SamlResponseValidator} checks them.
 */
public enum SamlFailure {

    /** The decoded response is larger than the configured bound. */
    TOO_LARGE,
    /** Not base64, not well-formed XML, too deeply nested, not a {@code samlp:Response}, or a
     *  required element or attribute is missing. */
    MALFORMED,
    /** The document has a document type declaration (DTD, entities: XXE, billion laughs). */
    DTD_FORBIDDEN,
    /** More than one assertion (plain or encrypted) anywhere in the document. */
    MULTIPLE_ASSERTIONS,
    /** The top-level StatusCode is not {@code urn:oasis:names:tc:SAML:2.0:status:Success}. */
    STATUS_NOT_SUCCESS,
    /** No assertion at all, or none that is a direct child of the Response. */
    NO_ASSERTION,
    /** An {@code EncryptedAssertion} while the account has no SP decryption key, or an
     *  {@code EncryptedID} / {@code EncryptedAttribute} inside the assertion (not decrypted). */
    ENCRYPTED_NOT_SUPPORTED,
    /** The EncryptedAssertion uses a key transport other than RSA-OAEP, a cipher other than
     *  AES-GCM, or AES-CBC without a signed Response around it. */
    ENCRYPTION_ALGORITHM_NOT_ALLOWED,
    /** The EncryptedAssertion does not decrypt with any of the account's SP keys, or what it
     *  decrypts to is not one well-formed assertion. Deliberately one reason, one message. */
    DECRYPTION_FAILED,
    /** Neither the Response nor the Assertion is signed. */
    UNSIGNED,
    /** Two elements in the document carry the same ID, so a signature reference would be
     *  ambiguous (an XML signature wrapping tell). */
    DUPLICATE_ID,
    /** A signature uses an algorithm outside the allow list (SHA-1 without opt-in, HMAC, ...)
     *  or a non-standard transform. */
    SIGNATURE_ALGORITHM_NOT_ALLOWED,
    /** A signature does not verify with any certificate of the IdP metadata, or does not
     *  reference the element that carries it. */
    INVALID_SIGNATURE,
    /** The Response or Assertion Issuer is not the IdP entityID. */
    WRONG_ISSUER,
    /** The Response Destination is not the ACS URL (or is absent from a signed Response). */
    DESTINATION_MISMATCH,
    /** No bearer {@code SubjectConfirmation} in the assertion. */
    NO_BEARER_CONFIRMATION,
    /** The bearer {@code SubjectConfirmationData} Recipient is not the ACS URL. */
    RECIPIENT_MISMATCH,
    /** A NotBefore lies beyond the clock skew in the future. */
    NOT_YET_VALID,
    /** A NotOnOrAfter (Conditions, SubjectConfirmationData or SessionNotOnOrAfter) has passed,
     *  clock skew included. */
    EXPIRED,
    /** No AudienceRestriction, or one that does not name the SP entityID. */
    AUDIENCE_MISMATCH,
    /** InResponseTo names no outstanding AuthnRequest of this account (unknown, already used,
     *  expired), or the Response and the assertion disagree on it. */
    IN_RESPONSE_TO_UNKNOWN,
    /** No InResponseTo, and the account does not allow IdP-initiated login. */
    UNSOLICITED_NOT_ALLOWED,
    /** This assertion ID was accepted before. */
    REPLAYED;

    /** The stable snake_case code, e.g. {@code invalid_signature}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
