package dev.rolegate.sso.saml;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.AssertionConsumerService;
import org.opensaml.saml.saml2.metadata.EncryptionMethod;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.NameIDFormat;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;

/**
 * The SP metadata of one account (SAML 2.0 Metadata §2.4.4): what an account admin uploads to,
 * or points, the IdP at.
 *
 * <p>It declares the SP entityID, one assertion consumer service on the HTTP-POST binding,
 * {@code AuthnRequestsSigned="false"} (requests are not signed),
 * {@code WantAssertionsSigned="true"} (IdPs that read it sign the assertion; a signed Response
 * is accepted too), the NameID formats the SP can work with and, for each encryption
 * certificate, a {@code KeyDescriptor use="encryption"} whose {@code EncryptionMethod}s ask for
 * AES-GCM and RSA-OAEP (the only choices {@link SamlResponseValidator} accepts without a
 * signed Response).
 *
 * @param entityId this account's SP entityID
 * @param acsUrl this account's ACS URL, an absolute http(s) URL
 * @param nameIdFormats NameID format URIs in order of preference, at least one
 * @param encryptionCertificates certificates of the account's {@link SpKey}s (may be empty:
 *     then IdPs do not encrypt)
 */
public record SpMetadata(String entityId, String acsUrl, List<String> nameIdFormats,
        List<X509Certificate> encryptionCertificates) {

    /** Asked of the IdP in this order (Metadata §2.4.1.1): authenticated ciphers, RSA-OAEP. */
    static final List<String> ENCRYPTION_METHODS = List.of(
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM,
            EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP);

    /** SAML 2.0 Core §8.3.7: an opaque, stable identifier per SP. */
    public static final String PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

    /** SAML 2.0 Core §8.3.2: an email address. */
    public static final String EMAIL_ADDRESS =
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    /**
     * Persistent first (a stable identifier survives an email change), email address second.
     * Users are keyed on (IdP entityID, NameID), whatever format the IdP chooses.
     */
    public static final List<String> DEFAULT_NAME_ID_FORMATS = List.of(PERSISTENT, EMAIL_ADDRESS);

    /** @throws IllegalArgumentException on a blank entityID, a non-http(s) ACS URL or no format */
    public SpMetadata {
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(acsUrl, "acsUrl");
        nameIdFormats = List.copyOf(nameIdFormats);
        encryptionCertificates = List.copyOf(encryptionCertificates);
        if (entityId.isBlank()) {
            throw new IllegalArgumentException("entityId must not be blank");
        }
        try {
            URI uri = new URI(acsUrl);
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("acsUrl must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("acsUrl must be an absolute http(s) URL", e);
        }
        if (nameIdFormats.isEmpty()) {
            throw new IllegalArgumentException("at least one NameID format is required");
        }
    }

    /** The metadata with {@link #DEFAULT_NAME_ID_FORMATS} and no encryption certificate. */
    public SpMetadata(String entityId, String acsUrl) {
        this(entityId, acsUrl, DEFAULT_NAME_ID_FORMATS, List.of());
    }

    /** The metadata document, UTF-8 XML with an {@code md:EntityDescriptor} root. */
    public String toXml() {
        OpenSaml.init();
        EntityDescriptor entity = OpenSaml.build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
        entity.setEntityID(entityId);

        SPSSODescriptor sp = OpenSaml.build(SPSSODescriptor.DEFAULT_ELEMENT_NAME);
        sp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
        sp.setAuthnRequestsSigned(false);
        sp.setWantAssertionsSigned(true);
        for (X509Certificate certificate : encryptionCertificates) {
            sp.getKeyDescriptors().add(encryptionKey(certificate));
        }
        for (String format : nameIdFormats) {
            NameIDFormat nameIdFormat = OpenSaml.build(NameIDFormat.DEFAULT_ELEMENT_NAME);
            nameIdFormat.setURI(format);
            sp.getNameIDFormats().add(nameIdFormat);
        }
        AssertionConsumerService acs = OpenSaml.build(AssertionConsumerService.DEFAULT_ELEMENT_NAME);
        acs.setBinding(SamlBinding.HTTP_POST.uri());
        acs.setLocation(acsUrl);
        acs.setIndex(0);
        acs.setIsDefault(true);
        sp.getAssertionConsumerServices().add(acs);

        entity.getRoleDescriptors().add(sp);
        return OpenSaml.serialize(entity);
    }

    private static KeyDescriptor encryptionKey(X509Certificate certificate) {
        KeyDescriptor key = OpenSaml.build(KeyDescriptor.DEFAULT_ELEMENT_NAME);
        key.setUse(UsageType.ENCRYPTION);
        KeyInfo keyInfo = OpenSaml.build(KeyInfo.DEFAULT_ELEMENT_NAME);
        try {
            KeyInfoSupport.addCertificate(keyInfo, certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("an encryption certificate cannot be encoded", e);
        }
        key.setKeyInfo(keyInfo);
        for (String algorithm : ENCRYPTION_METHODS) {
            EncryptionMethod method = OpenSaml.build(EncryptionMethod.DEFAULT_ELEMENT_NAME);
            method.setAlgorithm(algorithm);
            key.getEncryptionMethods().add(method);
        }
        return key;
    }
}
