package dev.rolegate.sso.saml;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;

/**
 * One of an account's SP key pairs: the private key decrypts {@code EncryptedAssertion}s, the
 * certificate is published as an encryption {@code KeyDescriptor} in the SP metadata so the IdP
 * can encrypt for it. Keep the old key in the list while IdPs move to a new one (rollover).
 *
 * <p>Only RSA keys, because only RSA-OAEP key transport is accepted (SAML 2.0 Core §6,
 * XML Encryption 1.1 §5.5.2). {@link #toString()} never shows the private key.
 *
 * @param privateKey the RSA private key, at least 2048 bits
 * @param certificate the certificate of the matching public key
 */
public record SpKey(PrivateKey privateKey, X509Certificate certificate) {

    /** @throws IllegalArgumentException when the key is not RSA or shorter than 2048 bits */
    public SpKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        if (!(privateKey instanceof RSAPrivateKey)
                || ((RSAPrivateKey) privateKey).getModulus().bitLength() < IdpMetadata.MIN_RSA_BITS) {
            throw new IllegalArgumentException("an SP key must be RSA of at least "
                    + IdpMetadata.MIN_RSA_BITS + " bits");
        }
    }

    @Override
    public String toString() {
        return "SpKey[certificate=" + certificate.getSubjectX500Principal() + "]";
    }
}
