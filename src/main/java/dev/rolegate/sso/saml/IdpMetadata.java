package dev.rolegate.sso.saml;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import net.shibboleth.utilities.java.support.xml.XMLParserException;

import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntitiesDescriptor;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.w3c.dom.Document;

/**
 * What this SP needs from one IdP's SAML 2.0 metadata (SAML 2.0 Metadata §2.3.2, §2.4.3).
 *
 * <p>{@link #parse(String)} reads an {@code <md:EntityDescriptor>} (or an
 * {@code <md:EntitiesDescriptor>} that holds exactly one IdP) through the secure parser pool.
 * The SingleSignOnService prefers the HTTP-Redirect binding and falls back to HTTP-POST.
 * <em>All</em> signing certificates are kept, so an IdP that publishes its next key next to
 * its current one rolls over without a failed login; a certificate is a signing one when its
 * {@code KeyDescriptor} has {@code use="signing"} or no {@code use} at all.
 *
 * <p>The certificates are trust anchors by key, as SAML metadata intends: their validity dates
 * and issuers are not checked (an IdP's self-signed certificate that has "expired" still signs
 * validly); the key must be RSA of at least 2048 bits or EC.
 *
 * <p>Metadata signatures and {@code validUntil} are not evaluated: the account admin uploads
 * the document directly, which is the trust decision.
 *
 * @param entityId IdP entityID, compared exactly with the Issuer of every response
 * @param ssoUrl absolute http(s) URL of the SingleSignOnService, exactly as published
 * @param ssoBinding binding of that SingleSignOnService
 * @param signingCertificates one or more certificates whose keys may sign responses or
 *     assertions; never empty ({@link #parse} also drops duplicates)
 * @param wantAuthnRequestsSigned the IdP's {@code WantAuthnRequestsSigned}; this SP sends
 *     unsigned AuthnRequests, so the service may warn the admin when it is true
 */
public record IdpMetadata(
        String entityId,
        String ssoUrl,
        SamlBinding ssoBinding,
        List<X509Certificate> signingCertificates,
        boolean wantAuthnRequestsSigned) {

    /** Largest metadata document accepted, in bytes of UTF-8. */
    public static final int MAX_METADATA_BYTES = 1024 * 1024;

    /** Smallest RSA modulus accepted for an IdP signing key, in bits. */
    public static final int MIN_RSA_BITS = 2048;

    /** SAML 2.0 Core §8.3.6: an entity identifier is at most 1024 characters. */
    private static final int MAX_ENTITY_ID_LENGTH = 1024;

    /**
     * @throws IllegalArgumentException when a component is missing or invalid; {@link #parse}
     *     reports the same problems as {@link IdpMetadataException}
     */
    public IdpMetadata {
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(ssoUrl, "ssoUrl");
        Objects.requireNonNull(ssoBinding, "ssoBinding");
        Objects.requireNonNull(signingCertificates, "signingCertificates");
        String problem = entityIdProblem(entityId);
        if (problem == null) {
            problem = ssoUrlProblem(ssoUrl);
        }
        if (problem == null && signingCertificates.isEmpty()) {
            problem = "no signing certificate";
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        signingCertificates = List.copyOf(signingCertificates);
        for (X509Certificate certificate : signingCertificates) {
            String keyProblem = keyProblem(certificate);
            if (keyProblem != null) {
                throw new IllegalArgumentException(keyProblem);
            }
        }
    }

    /**
     * Parses IdP metadata.
     *
     * @param metadataXml the metadata document as uploaded (at most {@link #MAX_METADATA_BYTES}
     *     bytes in UTF-8)
     * @return the IdP's entityID, SSO endpoint and signing certificates
     * @throws IdpMetadataException naming what is wrong, for the admin who uploaded it
     */
    public static IdpMetadata parse(String metadataXml) {
        if (metadataXml == null || metadataXml.isBlank()) {
            throw new IdpMetadataException("IdP metadata is empty");
        }
        byte[] bytes = metadataXml.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_METADATA_BYTES) {
            throw new IdpMetadataException("IdP metadata is larger than " + MAX_METADATA_BYTES
                    + " bytes; upload the metadata of a single IdP");
        }
        OpenSaml.init();
        Document document;
        try {
            document = OpenSaml.parse(bytes);
        } catch (XMLParserException e) {
            if (OpenSaml.isDoctypeRefusal(e, bytes)) {
                throw new IdpMetadataException("IdP metadata must not contain a DOCTYPE (DTDs and"
                        + " entities are refused)");
            }
            throw new IdpMetadataException("IdP metadata is not well-formed XML: "
                    + rootCauseMessage(e));
        }
        XMLObject root;
        try {
            root = OpenSaml.unmarshal(document.getDocumentElement());
        } catch (UnmarshallingException e) {
            throw new IdpMetadataException("IdP metadata is not valid SAML 2.0 metadata: "
                    + rootCauseMessage(e));
        }
        EntityDescriptor entity = singleIdp(root);
        IDPSSODescriptor idp = entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS);

        String entityId = entity.getEntityID();
        String problem = entityIdProblem(entityId);
        if (problem != null) {
            throw new IdpMetadataException("IdP metadata: " + problem);
        }
        SingleSignOnService sso = preferredSso(idp);
        problem = ssoUrlProblem(sso.getLocation());
        if (problem != null) {
            throw new IdpMetadataException("IdP metadata: " + problem);
        }
        List<X509Certificate> certificates = signingCertificates(idp);
        Boolean wantSigned = idp.getWantAuthnRequestsSigned();
        return new IdpMetadata(entityId, sso.getLocation(),
                SamlBinding.fromUri(sso.getBinding()).orElseThrow(),
                certificates, Boolean.TRUE.equals(wantSigned));
    }

    private static EntityDescriptor singleIdp(XMLObject root) {
        List<EntityDescriptor> idps = new ArrayList<>();
        if (root instanceof EntityDescriptor) {
            collectIdps((EntityDescriptor) root, idps);
        } else if (root instanceof EntitiesDescriptor) {
            collectIdps((EntitiesDescriptor) root, idps);
        } else {
            throw new IdpMetadataException("IdP metadata must have an md:EntityDescriptor as its"
                    + " root element, found " + root.getElementQName().getLocalPart());
        }
        if (idps.isEmpty()) {
            throw new IdpMetadataException("IdP metadata has no md:IDPSSODescriptor supporting"
                    + " SAML 2.0 (protocolSupportEnumeration " + SAMLConstants.SAML20P_NS + ")");
        }
        if (idps.size() > 1) {
            throw new IdpMetadataException("IdP metadata describes " + idps.size()
                    + " IdPs; upload the metadata of exactly one IdP");
        }
        return idps.get(0);
    }

    private static void collectIdps(EntitiesDescriptor entities, List<EntityDescriptor> into) {
        for (EntityDescriptor entity : entities.getEntityDescriptors()) {
            collectIdps(entity, into);
        }
        for (EntitiesDescriptor nested : entities.getEntitiesDescriptors()) {
            collectIdps(nested, into);
        }
    }

    private static void collectIdps(EntityDescriptor entity, List<EntityDescriptor> into) {
        if (entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS) != null) {
            into.add(entity);
        }
    }

    private static SingleSignOnService preferredSso(IDPSSODescriptor idp) {
        for (SamlBinding binding : SamlBinding.values()) { // declaration order: Redirect first
            for (SingleSignOnService sso : idp.getSingleSignOnServices()) {
                if (binding.uri().equals(sso.getBinding())) {
                    return sso;
                }
            }
        }
        throw new IdpMetadataException("IdP metadata has no md:SingleSignOnService with the"
                + " HTTP-Redirect or HTTP-POST binding");
    }

    private static List<X509Certificate> signingCertificates(IDPSSODescriptor idp) {
        List<X509Certificate> certificates = new ArrayList<>();
        List<byte[]> seen = new ArrayList<>();
        for (KeyDescriptor key : idp.getKeyDescriptors()) {
            UsageType use = key.getUse();
            if (use == UsageType.ENCRYPTION || key.getKeyInfo() == null) {
                continue;
            }
            List<X509Certificate> found;
            try {
                found = KeyInfoSupport.getCertificates(key.getKeyInfo());
            } catch (CertificateException | RuntimeException e) { // cryptacular throws unchecked
                throw new IdpMetadataException("IdP metadata has a signing certificate that is"
                        + " not a valid base64 DER X.509 certificate", e);
            }
            for (X509Certificate certificate : found) {
                String problem = keyProblem(certificate);
                if (problem != null) {
                    throw new IdpMetadataException("IdP metadata: " + problem);
                }
                byte[] der = encoded(certificate);
                if (seen.stream().noneMatch(other -> Arrays.equals(other, der))) {
                    seen.add(der);
                    certificates.add(certificate);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IdpMetadataException("IdP metadata has no signing certificate (an"
                    + " md:KeyDescriptor with use=\"signing\" or no use, holding ds:X509Certificate)");
        }
        return certificates;
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IdpMetadataException("IdP metadata has a certificate that cannot be encoded",
                    e);
        }
    }

    private static String entityIdProblem(String entityId) {
        if (entityId == null || entityId.isBlank()) {
            return "the IdP entityID is missing";
        }
        if (entityId.length() > MAX_ENTITY_ID_LENGTH) {
            return "the IdP entityID is longer than " + MAX_ENTITY_ID_LENGTH + " characters";
        }
        if (!entityId.strip().equals(entityId)) {
            return "the IdP entityID has leading or trailing whitespace";
        }
        return null;
    }

    private static String ssoUrlProblem(String url) {
        if (url == null || url.isBlank()) {
            return "the SingleSignOnService has no Location";
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                return "the SingleSignOnService Location is not an absolute http(s) URL";
            }
            if (uri.getRawFragment() != null) {
                return "the SingleSignOnService Location must not have a fragment";
            }
        } catch (URISyntaxException e) {
            return "the SingleSignOnService Location is not a valid URL";
        }
        return null;
    }

    private static String keyProblem(X509Certificate certificate) {
        PublicKey key = certificate.getPublicKey();
        if (key instanceof RSAPublicKey) {
            int bits = ((RSAPublicKey) key).getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                return "a signing certificate has a " + bits + "-bit RSA key; at least "
                        + MIN_RSA_BITS + " bits are required";
            }
            return null;
        }
        if (key instanceof ECPublicKey) {
            return null;
        }
        return "a signing certificate has a " + key.getAlgorithm()
                + " key; only RSA and EC keys are accepted";
    }

    private static String rootCauseMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
