package dev.rolegate.sso.saml;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A SAML IdP for tests: RSA keys and self-signed certificates generated at test time with
 * BouncyCastle (no key is ever committed), IdP metadata, and Responses built and signed with
 * OpenSAML (RSA-SHA256, exclusive C14N by default).
 */
final class TestIdp {

    static final String ENTITY_ID = "https://idp.example.test/saml/metadata";
    static final String SSO_REDIRECT_URL = "https://idp.example.test/saml/sso/redirect";
    static final String SSO_POST_URL = "https://idp.example.test/saml/sso/post";
    static final String SP_ENTITY_ID = "https://rolegate.example.test/saml/acme/metadata";
    static final String ACS_URL = "https://rolegate.example.test/saml/acme/acs";
    static final String REQUEST_ID = "_request-0001";
    static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");

    /** The IdP's current signing key. */
    static final Key KEY = Key.generate("idp-2026");
    /** The IdP's next signing key (key rollover). */
    static final Key NEXT_KEY = Key.generate("idp-2027");
    /** A key the IdP never published: an attacker's. */
    static final Key ATTACKER_KEY = Key.generate("attacker");
    /** The SP's encryption key (the account's {@link SpKey}). */
    static final Key SP_KEY = Key.generate("sp-2026");

    private TestIdp() {
    }

    /** A key pair and its self-signed certificate. */
    record Key(KeyPair keyPair, X509Certificate certificate) {

        static Key generate(String commonName) {
            return generate(commonName, 2048);
        }

        static Key generate(String commonName, int bits) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(bits);
                KeyPair pair = generator.generateKeyPair();
                X500Name name = new X500Name("CN=" + commonName);
                JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                        BigInteger.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits())),
                        Date.from(NOW.minus(Duration.ofDays(30))),
                        Date.from(NOW.plus(Duration.ofDays(365))), name, pair.getPublic());
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withRSA")
                                .build(pair.getPrivate())));
                return new Key(pair, certificate);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String certificateBase64() {
            try {
                return Base64.getEncoder().encodeToString(certificate.getEncoded());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String privateKeyPem() {
            return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
        }

        String certificatePem() {
            try {
                return pem("CERTIFICATE", certificate.getEncoded());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }
    }

    // ---- metadata --------------------------------------------------------------------

    static String metadataXml(Key... signingKeys) {
        StringBuilder keys = new StringBuilder();
        for (Key key : signingKeys) {
            keys.append("    <md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data>"
                    + "<ds:X509Certificate>").append(key.certificateBase64())
                    .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + ENTITY_ID + "\">\n"
                + "  <md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\""
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n"
                + keys
                + "    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
                + "</md:NameIDFormat>\n"
                + "    <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
                + " Location=\"" + SSO_POST_URL + "\"/>\n"
                + "    <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
                + " Location=\"" + SSO_REDIRECT_URL + "\"/>\n"
                + "  </md:IDPSSODescriptor>\n"
                + "</md:EntityDescriptor>\n";
    }

    static IdpMetadata metadata(Key... signingKeys) {
        return IdpMetadata.parse(metadataXml(signingKeys));
    }

    static IdpMetadata metadata() {
        return metadata(KEY);
    }

    // ---- context -----------------------------------------------------------------------

    /** A mutable context for one test; {@link #build()} makes the immutable record. */
    static final class Context {
        IdpMetadata idp = metadata();
        List<SpKey> decryptionKeys = new ArrayList<>();
        String spEntityId = SP_ENTITY_ID;
        String acsUrl = ACS_URL;
        boolean allowSha1;
        boolean allowIdpInitiated;
        Duration clockSkew = SamlValidationContext.DEFAULT_CLOCK_SKEW;
        Instant now = NOW;
        final Set<String> outstanding = ConcurrentHashMap.newKeySet();
        AssertionReplayGuard replayGuard = new InMemoryReplayGuard(java.time.Clock.fixed(NOW,
                java.time.ZoneOffset.UTC));

        Context() {
            outstanding.add(REQUEST_ID);
        }

        SamlValidationContext build() {
            return new SamlValidationContext(spEntityId, acsUrl, idp, decryptionKeys, allowSha1,
                    allowIdpInitiated,
                    clockSkew, now, outstanding::remove, replayGuard);
        }
    }

    // ---- responses ---------------------------------------------------------------------

    /** What goes into a Response; every field has a valid default. Null leaves it out. */
    static final class Spec {
        String responseId = "_response-" + UUID.randomUUID();
        String assertionId = "_assertion-" + UUID.randomUUID();
        String statusCode = StatusCode.SUCCESS;
        String responseIssuer = ENTITY_ID;
        String assertionIssuer = ENTITY_ID;
        String destination = ACS_URL;
        String inResponseTo = REQUEST_ID;
        String confirmationInResponseTo = REQUEST_ID;
        String confirmationMethod = SubjectConfirmation.METHOD_BEARER;
        String recipient = ACS_URL;
        Instant confirmationNotBefore;
        Instant confirmationNotOnOrAfter = NOW.plus(Duration.ofMinutes(5));
        String audience = SP_ENTITY_ID;
        Instant notBefore = NOW.minus(Duration.ofSeconds(30));
        Instant notOnOrAfter = NOW.plus(Duration.ofMinutes(5));
        String nameId = "alice@example.test";
        String nameIdFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
        Instant issueInstant = NOW.minus(Duration.ofSeconds(1));
        Instant authnInstant = NOW.minus(Duration.ofSeconds(10));
        Instant sessionNotOnOrAfter;
        String sessionIndex = "_session-1";
        boolean conditions = true;
        final Map<String, List<String>> attributes = new LinkedHashMap<>(Map.of(
                "email", List.of("alice@example.test"),
                "groups", List.of("engineering", "admins")));

        Spec unsolicited() {
            inResponseTo = null;
            confirmationInResponseTo = null;
            return this;
        }
    }

    /** How to sign: which elements, with which key and algorithms. */
    record Signing(boolean response, boolean assertion, Key key, String signatureAlgorithm,
            String digestAlgorithm) {

        static Signing assertionOnly() {
            return new Signing(false, true, KEY, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
                    SignatureConstants.ALGO_ID_DIGEST_SHA256);
        }

        static Signing responseOnly() {
            return new Signing(true, false, KEY, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
                    SignatureConstants.ALGO_ID_DIGEST_SHA256);
        }

        static Signing both() {
            return new Signing(true, true, KEY, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
                    SignatureConstants.ALGO_ID_DIGEST_SHA256);
        }

        static Signing none() {
            return new Signing(false, false, KEY, null, null);
        }

        Signing with(Key other) {
            return new Signing(response, assertion, other, signatureAlgorithm, digestAlgorithm);
        }

        Signing with(String signature, String digest) {
            return new Signing(response, assertion, key, signature, digest);
        }
    }

    /** The Response as OpenSAML objects, unsigned and not yet marshalled. */
    static Response build(Spec spec) {
        OpenSaml.init();
        Response response = OpenSaml.build(Response.DEFAULT_ELEMENT_NAME);
        response.setID(spec.responseId);
        response.setVersion(SAMLVersion.VERSION_20);
        response.setIssueInstant(spec.issueInstant);
        response.setDestination(spec.destination);
        response.setInResponseTo(spec.inResponseTo);
        if (spec.responseIssuer != null) {
            response.setIssuer(issuer(spec.responseIssuer));
        }
        Status status = OpenSaml.build(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = OpenSaml.build(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(spec.statusCode);
        status.setStatusCode(code);
        response.setStatus(status);
        response.getAssertions().add(assertion(spec));
        return response;
    }

    static Assertion assertion(Spec spec) {
        Assertion assertion = OpenSaml.build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID(spec.assertionId);
        assertion.setVersion(SAMLVersion.VERSION_20);
        assertion.setIssueInstant(spec.issueInstant);
        if (spec.assertionIssuer != null) {
            assertion.setIssuer(issuer(spec.assertionIssuer));
        }

        Subject subject = OpenSaml.build(Subject.DEFAULT_ELEMENT_NAME);
        NameID nameId = OpenSaml.build(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setValue(spec.nameId);
        nameId.setFormat(spec.nameIdFormat);
        subject.setNameID(nameId);
        SubjectConfirmation confirmation = OpenSaml.build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(spec.confirmationMethod);
        SubjectConfirmationData data = OpenSaml.build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setRecipient(spec.recipient);
        data.setNotBefore(spec.confirmationNotBefore);
        data.setNotOnOrAfter(spec.confirmationNotOnOrAfter);
        data.setInResponseTo(spec.confirmationInResponseTo);
        confirmation.setSubjectConfirmationData(data);
        subject.getSubjectConfirmations().add(confirmation);
        assertion.setSubject(subject);

        if (spec.conditions) {
            Conditions conditions = OpenSaml.build(Conditions.DEFAULT_ELEMENT_NAME);
            conditions.setNotBefore(spec.notBefore);
            conditions.setNotOnOrAfter(spec.notOnOrAfter);
            if (spec.audience != null) {
                AudienceRestriction restriction = OpenSaml.build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
                Audience audience = OpenSaml.build(Audience.DEFAULT_ELEMENT_NAME);
                audience.setURI(spec.audience);
                restriction.getAudiences().add(audience);
                conditions.getAudienceRestrictions().add(restriction);
            }
            assertion.setConditions(conditions);
        }

        AuthnStatement authn = OpenSaml.build(AuthnStatement.DEFAULT_ELEMENT_NAME);
        authn.setAuthnInstant(spec.authnInstant);
        authn.setSessionIndex(spec.sessionIndex);
        authn.setSessionNotOnOrAfter(spec.sessionNotOnOrAfter);
        AuthnContext context = OpenSaml.build(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef classRef = OpenSaml.build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        classRef.setURI(AuthnContext.PPT_AUTHN_CTX);
        context.setAuthnContextClassRef(classRef);
        authn.setAuthnContext(context);
        assertion.getAuthnStatements().add(authn);

        if (!spec.attributes.isEmpty()) {
            AttributeStatement statement = OpenSaml.build(AttributeStatement.DEFAULT_ELEMENT_NAME);
            spec.attributes.forEach((name, values) -> {
                Attribute attribute = OpenSaml.build(Attribute.DEFAULT_ELEMENT_NAME);
                attribute.setName(name);
                attribute.setNameFormat(Attribute.BASIC);
                for (String value : values) {
                    XSString xs = (XSString) XMLObjectSupport.getBuilder(XSString.TYPE_NAME)
                            .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
                    xs.setValue(value);
                    attribute.getAttributeValues().add(xs);
                }
                statement.getAttributes().add(attribute);
            });
            assertion.getAttributeStatements().add(statement);
        }
        return assertion;
    }

    private static Issuer issuer(String value) {
        Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(value);
        return issuer;
    }

    /** Builds, marshals and signs a Response; returns its DOM document (mutable, for tampering). */
    static Document signed(Spec spec, Signing signing) {
        return sign(build(spec), signing);
    }

    /** How to encrypt the assertion: for which SP key, with which algorithms. */
    record Encryption(Key recipient, String dataAlgorithm, String keyTransport) {

        static Encryption gcmFor(Key recipient) {
            return new Encryption(recipient, EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM,
                    EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP);
        }

        Encryption with(String data, String transport) {
            return new Encryption(recipient, data, transport);
        }
    }

    static SpKey spKey(Key key) {
        return new SpKey(key.keyPair().getPrivate(), key.certificate());
    }

    /**
     * Builds a Response whose assertion is signed (if asked), then encrypted, then the Response
     * signed (if asked): the order real IdPs use.
     */
    static Document encrypted(Spec spec, Signing signing, Encryption encryption) {
        try {
            Response response = build(spec);
            Assertion assertion = response.getAssertions().get(0);
            response.getAssertions().remove(assertion); // detach it: it is encrypted on its own
            if (signing.assertion()) {
                signStandalone(assertion, signing);
            }
            DataEncryptionParameters data = new DataEncryptionParameters();
            data.setAlgorithm(encryption.dataAlgorithm());
            KeyEncryptionParameters kek = new KeyEncryptionParameters();
            kek.setEncryptionCredential(new BasicX509Credential(encryption.recipient().certificate()));
            kek.setAlgorithm(encryption.keyTransport());
            Encrypter encrypter = new Encrypter(data, kek);
            encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
            response.getEncryptedAssertions().add(encrypter.encrypt(assertion));
            return sign(response, signing);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Marshals and signs an already built Response. */
    static Document sign(Response response, Signing signing) {
        try {
            List<Signature> signatures = new ArrayList<>();
            if (signing.assertion()) {
                for (Assertion assertion : response.getAssertions()) {
                    Signature signature = signature(signing);
                    assertion.setSignature(signature);
                    digest(signature, signing);
                    signatures.add(signature);
                }
            }
            if (signing.response()) {
                Signature signature = signature(signing);
                response.setSignature(signature);
                digest(signature, signing);
                signatures.add(signature);
            }
            Element element = XMLObjectSupport.marshall(response);
            for (Signature signature : signatures) { // assertions first: the response covers them
                Signer.signObject(signature);
            }
            return element.getOwnerDocument();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs a standalone SAML object (any SignableSAMLObject) and returns its DOM element. */
    static Element signStandalone(org.opensaml.saml.common.SignableSAMLObject object, Signing signing) {
        try {
            Signature signature = signature(signing);
            object.setSignature(signature);
            digest(signature, signing);
            Element element = XMLObjectSupport.marshall(object);
            Signer.signObject(signature);
            return element;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Signature signature(Signing signing) throws Exception {
        Signature signature = OpenSaml.build(Signature.DEFAULT_ELEMENT_NAME);
        BasicX509Credential credential = new BasicX509Credential(signing.key().certificate(),
                signing.key().keyPair().getPrivate());
        signature.setSigningCredential(credential);
        signature.setSignatureAlgorithm(signing.signatureAlgorithm());
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        KeyInfo keyInfo = OpenSaml.build(KeyInfo.DEFAULT_ELEMENT_NAME);
        // Like every real IdP, put the signing certificate in KeyInfo: the SP must ignore it.
        KeyInfoSupport.addCertificate(keyInfo, signing.key().certificate());
        signature.setKeyInfo(keyInfo);
        return signature;
    }

    private static void digest(Signature signature, Signing signing) {
        ((SAMLObjectContentReference) signature.getContentReferences().get(0))
                .setDigestAlgorithm(signing.digestAlgorithm());
    }

    /** The SAMLResponse form value of a document: base64 of its UTF-8 serialisation. */
    static String encode(Document document) {
        return Base64.getEncoder().encodeToString(Dom.toXml(document).getBytes(StandardCharsets.UTF_8));
    }

    /** The SAMLResponse form value of raw XML text. */
    static String encode(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Convenience: a Response signed as given, encoded. */
    static String encoded(Spec spec, Signing signing) {
        return encode(signed(spec, signing));
    }
}
