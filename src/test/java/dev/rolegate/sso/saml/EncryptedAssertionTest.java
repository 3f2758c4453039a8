package dev.rolegate.sso.saml;

import static dev.rolegate.sso.saml.TestIdp.KEY;
import static dev.rolegate.sso.saml.TestIdp.SP_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.junit.jupiter.api.Test;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import dev.rolegate.sso.saml.TestIdp.Context;
import dev.rolegate.sso.saml.TestIdp.Encryption;
import dev.rolegate.sso.saml.TestIdp.Signing;
import dev.rolegate.sso.saml.TestIdp.Spec;

/** EncryptedAssertion: decrypted with the account's SP keys, under an algorithm policy. */
class EncryptedAssertionTest {

    private static final TestIdp.Key OTHER_SP_KEY = TestIdp.Key.generate("another-sp");

    private final SamlResponseValidator validator = new SamlResponseValidator();

    private static Context withSpKeys(TestIdp.Key... keys) {
        Context context = new Context();
        for (TestIdp.Key key : keys) {
            context.decryptionKeys.add(TestIdp.spKey(key));
        }
        return context;
    }

    private SamlLogin accept(Document document, Context context) {
        return validator.validate(TestIdp.encode(document), context.build());
    }

    private SamlFailure refuse(Document document, Context context) {
        return assertThrows(SamlValidationException.class,
                () -> validator.validate(TestIdp.encode(document), context.build())).reason();
    }

    @Test
    void signedAssertionEncryptedWithGcmIsAccepted() {
        Spec spec = new Spec();
        Document document = TestIdp.encrypted(spec, Signing.assertionOnly(), Encryption.gcmFor(SP_KEY));
        assertTrue(Dom.all(document, Dom.SAML, "Assertion").isEmpty(), "nothing in the clear");

        SamlLogin login = accept(document, withSpKeys(SP_KEY));
        assertEquals("alice@example.test", login.nameId());
        assertEquals(spec.assertionId, login.assertionId());
        assertEquals(List.of("engineering", "admins"), login.attribute("groups"));
    }

    @Test
    void signedResponseAroundAnUnsignedEncryptedAssertionIsAccepted() {
        Document document = TestIdp.encrypted(new Spec(), Signing.responseOnly(), Encryption.gcmFor(SP_KEY));
        assertEquals("alice@example.test", accept(document, withSpKeys(SP_KEY)).nameId());
    }

    @Test
    void nothingSignedIsRefusedAfterDecryption() {
        Document document = TestIdp.encrypted(new Spec(), Signing.none(), Encryption.gcmFor(SP_KEY));
        assertEquals(SamlFailure.UNSIGNED, refuse(document, withSpKeys(SP_KEY)));
    }

    @Test
    void noSpKeyConfigured() {
        Document document = TestIdp.encrypted(new Spec(), Signing.assertionOnly(), Encryption.gcmFor(SP_KEY));
        assertEquals(SamlFailure.ENCRYPTED_NOT_SUPPORTED, refuse(document, new Context()));
    }

    @Test
    void encryptedForAnotherKey() {
        Document document = TestIdp.encrypted(new Spec(), Signing.assertionOnly(),
                Encryption.gcmFor(OTHER_SP_KEY));
        assertEquals(SamlFailure.DECRYPTION_FAILED, refuse(document, withSpKeys(SP_KEY)));
    }

    @Test
    void spKeyRolloverBothKeysDecrypt() {
        Document forOld = TestIdp.encrypted(new Spec(), Signing.assertionOnly(), Encryption.gcmFor(SP_KEY));
        Document forNew = TestIdp.encrypted(new Spec(), Signing.assertionOnly(), Encryption.gcmFor(OTHER_SP_KEY));
        accept(forOld, withSpKeys(OTHER_SP_KEY, SP_KEY));
        accept(forNew, withSpKeys(OTHER_SP_KEY, SP_KEY));
    }

    @Test
    void tamperedCiphertextFailsToDecrypt() {
        Document document = TestIdp.encrypted(new Spec(), Signing.assertionOnly(), Encryption.gcmFor(SP_KEY));
        List<Element> values = Dom.all(document, "http://www.w3.org/2001/04/xmlenc#", "CipherValue");
        Element data = values.get(values.size() - 1); // the EncryptedData's, after the key's
        byte[] bytes = Base64.getDecoder().decode(data.getTextContent().replaceAll("\\s", ""));
        bytes[bytes.length / 2] ^= 1;
        data.setTextContent(Base64.getEncoder().encodeToString(bytes));
        assertEquals(SamlFailure.DECRYPTION_FAILED, refuse(document, withSpKeys(SP_KEY)));
    }

    @Test
    void cbcOnlyInsideASignedResponse() {
        Encryption cbc = Encryption.gcmFor(SP_KEY).with(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256,
                EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP);
        Document assertionSignedOnly = TestIdp.encrypted(new Spec(), Signing.assertionOnly(), cbc);
        assertEquals(SamlFailure.ENCRYPTION_ALGORITHM_NOT_ALLOWED,
                refuse(assertionSignedOnly, withSpKeys(SP_KEY)));

        Document responseSigned = TestIdp.encrypted(new Spec(), Signing.both(), cbc);
        assertEquals("alice@example.test", accept(responseSigned, withSpKeys(SP_KEY)).nameId());
    }

    @Test
    void rsaPkcs1KeyTransportIsRefused() {
        Encryption rsa15 = Encryption.gcmFor(SP_KEY).with(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM,
                EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSA15);
        Document document = TestIdp.encrypted(new Spec(), Signing.both(), rsa15);
        assertEquals(SamlFailure.ENCRYPTION_ALGORITHM_NOT_ALLOWED, refuse(document, withSpKeys(SP_KEY)));
    }

    @Test
    void tamperedSignedResponseIsRefusedBeforeDecrypting() {
        Document document = TestIdp.encrypted(new Spec(), Signing.both(), Encryption.gcmFor(SP_KEY));
        List<Element> values = Dom.all(document, "http://www.w3.org/2001/04/xmlenc#", "CipherValue");
        Element data = values.get(values.size() - 1);
        byte[] bytes = Base64.getDecoder().decode(data.getTextContent().replaceAll("\\s", ""));
        bytes[bytes.length / 2] ^= 1;
        data.setTextContent(Base64.getEncoder().encodeToString(bytes));
        assertEquals(SamlFailure.INVALID_SIGNATURE, refuse(document, withSpKeys(SP_KEY)));
    }

    // ---- an encryptor that is not OpenSAML: javax.crypto and hand-written XML Encryption -----

    /** XML Encryption 1.1 by hand: AES-256-GCM (IV ‖ ciphertext ‖ tag), key by RSA-OAEP (SHA-1). */
    private static String encryptedAssertion(String plaintext, TestIdp.Key recipient) throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        SecretKey aes = generator.generateKey();
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv));
        byte[] sealed = gcm.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] cipherValue = new byte[iv.length + sealed.length];
        System.arraycopy(iv, 0, cipherValue, 0, iv.length);
        System.arraycopy(sealed, 0, cipherValue, iv.length, sealed.length);
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        oaep.init(Cipher.ENCRYPT_MODE, recipient.certificate().getPublicKey());
        byte[] wrapped = oaep.doFinal(aes.getEncoded());
        Base64.Encoder b64 = Base64.getEncoder();
        return "<saml2:EncryptedAssertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
                + "<xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\""
                + " Type=\"http://www.w3.org/2001/04/xmlenc#Element\">"
                + "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#aes256-gcm\"/>"
                + "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><xenc:EncryptedKey>"
                + "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p\">"
                + "<ds:DigestMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#sha1\"/></xenc:EncryptionMethod>"
                + "<xenc:CipherData><xenc:CipherValue>" + b64.encodeToString(wrapped) + "</xenc:CipherValue>"
                + "</xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>"
                + "<xenc:CipherData><xenc:CipherValue>" + b64.encodeToString(cipherValue)
                + "</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml2:EncryptedAssertion>";
    }

    /** A Response (unsigned) whose assertion is replaced by the given EncryptedAssertion XML. */
    private static Document withEncryptedAssertion(String encryptedAssertionXml) {
        Document document = TestIdp.signed(new Spec(), Signing.none());
        Element encrypted = (Element) document.importNode(
                Dom.parse(encryptedAssertionXml).getDocumentElement(), true);
        Element assertion = Dom.assertion(document);
        assertion.getParentNode().replaceChild(encrypted, assertion);
        return document;
    }

    @Test
    void independentlyEncryptedSignedAssertionIsAccepted() throws Exception {
        Document signed = TestIdp.signed(new Spec(), Signing.assertionOnly());
        String assertionXml = Dom.toXml(Dom.assertion(signed)).replaceFirst("<\\?xml[^>]*\\?>", "");
        Document document = withEncryptedAssertion(encryptedAssertion(assertionXml, SP_KEY));
        assertEquals("alice@example.test", accept(document, withSpKeys(SP_KEY)).nameId());
    }

    @Test
    void externalEntityInsideTheCiphertextIsRefused() throws Exception {
        // The SP's encryption key is public: anyone can make the plaintext, DOCTYPE included.
        String plaintext = "<!DOCTYPE saml2:Assertion [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_x\""
                + " Version=\"2.0\" IssueInstant=\"2026-05-04T10:00:00Z\"><saml2:Issuer>&xxe;"
                + "</saml2:Issuer></saml2:Assertion>";
        Document document = withEncryptedAssertion(encryptedAssertion(plaintext, SP_KEY));
        assertEquals(SamlFailure.DECRYPTION_FAILED, refuse(document, withSpKeys(SP_KEY)));
    }

    @Test
    void aWrappedSecondAssertionInsideTheCiphertextIsRefused() throws Exception {
        Document signed = TestIdp.signed(new Spec(), Signing.assertionOnly());
        Element assertion = Dom.assertion(signed);
        Element evil = (Element) assertion.cloneNode(true);
        evil.setAttributeNS(null, "ID", "_evil");
        evil.removeChild(Dom.signatureOf(evil));
        Dom.first(assertion, Dom.SAML, "SubjectConfirmationData").appendChild(evil);
        String assertionXml = Dom.toXml(assertion).replaceFirst("<\\?xml[^>]*\\?>", "");
        Document document = withEncryptedAssertion(encryptedAssertion(assertionXml, SP_KEY));
        assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document, withSpKeys(SP_KEY)));
    }

    @Test
    void spMetadataPublishesTheEncryptionKey() {
        String xml = new SpMetadata(TestIdp.SP_ENTITY_ID, TestIdp.ACS_URL, SpMetadata.DEFAULT_NAME_ID_FORMATS,
                List.of(SP_KEY.certificate())).toXml();
        Document document = Dom.parse(xml);
        String md = "urn:oasis:names:tc:SAML:2.0:metadata";
        Element key = Dom.first(document, md, "KeyDescriptor");
        assertEquals("encryption", key.getAttribute("use"));
        assertEquals(SP_KEY.certificateBase64(),
                Dom.first(key, Dom.DS, "X509Certificate").getTextContent().replaceAll("\\s", ""));
        assertEquals(SpMetadata.ENCRYPTION_METHODS, Dom.all(key, md, "EncryptionMethod").stream()
                .map(e -> e.getAttribute("Algorithm")).toList());
    }

    @Test
    void theIdpKeyIsNotAnSpKey() {
        // Sanity: the IdP's signing key and the SP's encryption key are different key pairs.
        assertTrue(!KEY.certificate().equals(SP_KEY.certificate()));
    }
}
