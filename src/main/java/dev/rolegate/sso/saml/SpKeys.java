package dev.rolegate.sso.saml;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes an account's {@link SpKey}: RSA 3072 and a self-signed certificate (SAML metadata
 * trusts keys, not CAs, so self-signed is the norm; the JDK alone cannot build a certificate,
 * hence BouncyCastle). Reads no clock: the caller passes the time.
 */
public final class SpKeys {

    /** RSA modulus length of generated SP keys, in bits. */
    public static final int RSA_BITS = 3072;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SpKeys() {
    }

    /**
     * @param commonName the certificate's subject and issuer CN (e.g. {@code rolegate-sp-acme});
     *     letters, digits, '.', '-' and '_' only
     * @param now the certificate's notBefore
     * @param validity how long the certificate claims to be valid (IdPs show it; SAML does not enforce it)
     */
    public static SpKey generate(String commonName, Instant now, Duration validity) {
        if (!commonName.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("commonName must be 1 to 128 of [A-Za-z0-9._-]");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(127, RANDOM), Date.from(now), Date.from(now.plus(validity)), name,
                    pair.getPublic());
            return new SpKey(pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()))));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate an SP key", e);
        }
    }
}
