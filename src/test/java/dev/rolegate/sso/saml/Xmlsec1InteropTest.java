package dev.rolegate.sso.saml;

import static dev.rolegate.sso.saml.TestIdp.ATTACKER_KEY;
import static dev.rolegate.sso.saml.TestIdp.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import dev.rolegate.sso.saml.TestIdp.Context;
import dev.rolegate.sso.saml.TestIdp.Signing;
import dev.rolegate.sso.saml.TestIdp.Spec;

/**
 * The verifier against a signer that is not itself: responses signed by the {@code xmlsec1}
 * command-line tool (libxmlsec1 on OpenSSL), and the test IdP's OpenSAML signatures checked by
 * xmlsec1, so neither side of the other tests is only self-consistent.
 */
class Xmlsec1InteropTest {

    private static final String RSA_SHA256 = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;
    private static final String SHA256 = SignatureConstants.ALGO_ID_DIGEST_SHA256;

    private final SamlResponseValidator validator = new SamlResponseValidator();
    private Xmlsec1 xmlsec1;

    @BeforeEach
    void requireXmlsec1() {
        xmlsec1 = Xmlsec1.require();
    }

    /** An unsigned Response with a signature template on the assertion, signed by xmlsec1. */
    private Document xmlsec1SignedAssertion(Spec spec, TestIdp.Key key, String signature, String digest) {
        Document template = TestIdp.signed(spec, Signing.none());
        Xmlsec1.addTemplate(Dom.assertion(template), signature, digest);
        return xmlsec1.sign(template, key, Xmlsec1.ASSERTION);
    }

    private SamlFailure refuse(Document document, Context context) {
        return assertThrows(SamlValidationException.class,
                () -> validator.validate(TestIdp.encode(document), context.build())).reason();
    }

    @Test
    void xmlsec1SignedAssertionIsAccepted() {
        Spec spec = new Spec();
        Document signed = xmlsec1SignedAssertion(spec, KEY, RSA_SHA256, SHA256);
        assertTrue(Dom.toXml(signed).contains("<ds:X509Certificate>"), "xmlsec1 filled KeyInfo");

        SamlLogin login = validator.validate(TestIdp.encode(signed), new Context().build());
        assertEquals("alice@example.test", login.nameId());
        assertEquals(spec.assertionId, login.assertionId());
        assertEquals(List.of("engineering", "admins"), login.attribute("groups"));
    }

    @Test
    void xmlsec1SignedResponseIsAccepted() {
        Document template = TestIdp.signed(new Spec(), Signing.none());
        Xmlsec1.addTemplate(template.getDocumentElement(), RSA_SHA256, SHA256);
        Document signed = xmlsec1.sign(template, KEY, Xmlsec1.RESPONSE);
        assertEquals("alice@example.test",
                validator.validate(TestIdp.encode(signed), new Context().build()).nameId());
    }

    @Test
    void xmlsec1SignedThenTamperedIsRefused() {
        Document signed = xmlsec1SignedAssertion(new Spec(), KEY, RSA_SHA256, SHA256);
        Dom.setText(signed, Dom.SAML, "NameID", "admin@example.test");
        assertEquals(SamlFailure.INVALID_SIGNATURE, refuse(signed, new Context()));
    }

    @Test
    void xmlsec1SignedWithAnUnpublishedKeyIsRefused() {
        // xmlsec1 puts the attacker's certificate into KeyInfo; only the metadata counts.
        Document signed = xmlsec1SignedAssertion(new Spec(), ATTACKER_KEY, RSA_SHA256, SHA256);
        assertEquals(SamlFailure.INVALID_SIGNATURE, refuse(signed, new Context()));
    }

    @Test
    void xmlsec1Sha1SignatureNeedsTheOptIn() {
        Document signed = xmlsec1SignedAssertion(new Spec(), KEY,
                SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1, SignatureConstants.ALGO_ID_DIGEST_SHA1);
        assertEquals(SamlFailure.SIGNATURE_ALGORITHM_NOT_ALLOWED, refuse(signed, new Context()));

        Context optedIn = new Context();
        optedIn.allowSha1 = true;
        assertEquals("alice@example.test",
                validator.validate(TestIdp.encode(signed), optedIn.build()).nameId());
    }

    @Test
    void xmlsec1AgreesWithTheTestIdpsSignatures() {
        Document assertionSigned = TestIdp.signed(new Spec(), Signing.assertionOnly());
        assertTrue(xmlsec1.verifies(assertionSigned, KEY, Xmlsec1.ASSERTION));
        assertFalse(xmlsec1.verifies(assertionSigned, ATTACKER_KEY, Xmlsec1.ASSERTION));

        Document responseSigned = TestIdp.signed(new Spec(), Signing.responseOnly());
        assertTrue(xmlsec1.verifies(responseSigned, KEY, Xmlsec1.RESPONSE));

        Dom.setText(assertionSigned, Dom.SAML, "NameID", "admin@example.test");
        assertFalse(xmlsec1.verifies(assertionSigned, KEY, Xmlsec1.ASSERTION));
    }

    @Test
    void commentInjectionKeepsAnXmlsec1SignatureValidAndTheNameIdWhole() {
        // The precondition of the Duo attack, shown by an independent implementation: a comment
        // inserted into signed text does not break an exclusive-C14N signature.
        Spec spec = new Spec();
        spec.nameId = "user@evil.com.good.com";
        Document signed = xmlsec1SignedAssertion(spec, KEY, RSA_SHA256, SHA256);
        Element nameId = Dom.first(signed, Dom.SAML, "NameID");
        nameId.setTextContent("user@evil.com");
        nameId.appendChild(signed.createComment(""));
        nameId.appendChild(signed.createTextNode(".good.com"));
        assertTrue(xmlsec1.verifies(signed, KEY, Xmlsec1.ASSERTION), "still validly signed");

        assertEquals("user@evil.com.good.com",
                validator.validate(TestIdp.encode(signed), new Context().build()).nameId());
    }
}
