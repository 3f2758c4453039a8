package dev.rolegate.ldap.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA and a server certificate it signed, made with BouncyCastle (the JDK alone
 * cannot issue certificates). RSA 2048 keys (GnuTLS in Debian's slapd reads them in every PEM
 * form, which it does not for EC keys the JDK made), valid from an hour ago for a day; the server
 * certificate's subjectAltNames are the given host names (DNS) or addresses (IP).
 */
public final class TestCertificates {

    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    private final X509Certificate ca;
    private final X509Certificate server;
    private final KeyPair serverKeys;

    private TestCertificates(X509Certificate ca, X509Certificate server, KeyPair serverKeys) {
        this.ca = ca;
        this.server = server;
        this.serverKeys = serverKeys;
    }

    /** A new CA and a server certificate for {@code names} (e.g. {@code localhost}, {@code 127.0.0.1}). */
    public static TestCertificates issue(String... names) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeys = generator.generateKeyPair();
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date to = Date.from(now.plus(Duration.ofDays(1)));
            X500Name caName = new X500Name("CN=Rolegate Test CA " + now.toEpochMilli());
            ContentSigner caSigner = new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate());

            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, from, to, caName,
                    caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate ca = new JcaX509CertificateConverter().getCertificate(caBuilder.build(caSigner));

            List<GeneralName> altNames = new ArrayList<>();
            for (String name : names) {
                boolean address = name.matches("[0-9.]+") || name.contains(":");
                altNames.add(address ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, name));
            }
            X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, from, to,
                    new X500Name("CN=" + names[0]), serverKeys.getPublic());
            serverBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            serverBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            serverBuilder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            serverBuilder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(altNames.toArray(GeneralName[]::new)));
            X509Certificate server = new JcaX509CertificateConverter().getCertificate(serverBuilder.build(caSigner));
            return new TestCertificates(ca, server, serverKeys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue test certificates", e);
        }
    }

    /** The CA certificate as PEM: what {@code trustedCertificatePem} gets. */
    public String caPem() {
        return pem(ca);
    }

    /** The server certificate as PEM. */
    public String serverCertificatePem() {
        return pem(server);
    }

    /** The server's private key as unencrypted PEM (PKCS#1 {@code RSA PRIVATE KEY}), for slapd. */
    public String serverKeyPem() {
        return pem(serverKeys.getPrivate());
    }

    /** Key managers that present the server certificate (for the in-memory server's TLS). */
    public KeyManager[] serverKeyManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKeys.getPrivate(), STORE_PASSWORD, new Certificate[] {server, ca});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, STORE_PASSWORD);
            return factory.getKeyManagers();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object object) {
        try {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(object);
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
