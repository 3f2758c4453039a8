package dev.rolegate.sso.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.NameID;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import dev.rolegate.sso.saml.TestIdp.Context;
import dev.rolegate.sso.saml.TestIdp.Signing;
import dev.rolegate.sso.saml.TestIdp.Spec;

/**
 * XML signature wrapping (XSW; Somorovsky et al., "On Breaking SAML: Be Whoever You Want to
 * Be", USENIX Security 2012) in the eight variants SAML Raider automates, two single-assertion
 * variants that get past the assertion count and must be stopped by the reference checks, and
 * comment injection into NameID (Duo Security 2018, CVE-2017-11427 … 11430).
 *
 * <p>In every wrapping the attacker holds a genuine IdP-signed document for {@code alice} and
 * tries to get {@code admin@example.test} accepted.
 */
class SignatureWrappingTest {

    private static final String EVIL = "admin@example.test";

    private final SamlResponseValidator validator = new SamlResponseValidator();

    private SamlFailure refuse(Document document) {
        SamlValidationException e = assertThrows(SamlValidationException.class,
                () -> validator.validate(TestIdp.encode(document), new Context().build()));
        return e.reason();
    }

    private SamlLogin accept(Document document) {
        return validator.validate(TestIdp.encode(document), new Context().build());
    }

    /** A deep copy of the element, signature removed, NameID changed, ID changed. */
    private static Element evilCopy(Element signed, String newId) {
        Element evil = (Element) signed.cloneNode(true);
        for (Element signature : Dom.all(evil, Dom.DS, "Signature")) {
            signature.getParentNode().removeChild(signature);
        }
        for (Element nameId : Dom.all(evil, Dom.SAML, "NameID")) {
            nameId.setTextContent(EVIL);
        }
        if (newId != null) {
            evil.setAttributeNS(null, "ID", newId);
        }
        return evil;
    }

    private static void insertAfterIssuer(Element parent, Node child) {
        parent.insertBefore(child, Dom.afterIssuer(parent));
    }

    @Test
    void theGenuineDocumentsAreAccepted() {
        // Each wrapping below starts from one of these; untouched, they are valid.
        assertEquals("alice@example.test",
                accept(TestIdp.signed(new Spec(), Signing.responseOnly())).nameId());
        assertEquals("alice@example.test",
                accept(TestIdp.signed(new Spec(), Signing.assertionOnly())).nameId());
    }

    @Nested
    class ResponseSignature {

        @Test
        void xsw1SignedResponseCopiedIntoItsOwnSignature() {
            Document document = TestIdp.signed(new Spec(), Signing.responseOnly());
            Element response = document.getDocumentElement();
            Element signature = Dom.signatureOf(response);
            Element original = (Element) response.cloneNode(true);
            // The evil response: new ID, evil NameID; its signature still points at the old ID,
            // now carried by the untouched copy hidden inside the signature.
            response.setAttributeNS(null, "ID", "_evil-response");
            Dom.setText(Dom.assertion(document), Dom.SAML, "NameID", EVIL);
            signature.appendChild(original);
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document));
        }

        @Test
        void xsw2SignedResponseCopiedBeforeItsSignature() {
            Document document = TestIdp.signed(new Spec(), Signing.responseOnly());
            Element response = document.getDocumentElement();
            Element signature = Dom.signatureOf(response);
            Element original = (Element) response.cloneNode(true);
            original.removeChild(Dom.signatureOf(original));
            response.setAttributeNS(null, "ID", "_evil-response");
            Dom.setText(Dom.assertion(document), Dom.SAML, "NameID", EVIL);
            response.insertBefore(original, signature);
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document));
        }

        @Test
        void evilAssertionSwappedIntoASignedResponse() {
            Document document = TestIdp.signed(new Spec(), Signing.responseOnly());
            Element assertion = Dom.assertion(document);
            assertion.getParentNode().replaceChild(evilCopy(assertion, null), assertion);
            assertEquals(SamlFailure.INVALID_SIGNATURE, refuse(document));
        }
    }

    @Nested
    class AssertionSignature {

        @Test
        void xsw3EvilAssertionBeforeTheSignedOne() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Element signed = Dom.assertion(document);
            signed.getParentNode().insertBefore(evilCopy(signed, "_evil-assertion"), signed);
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document));
        }

        @Test
        void xsw3EvilAssertionAfterTheSignedOne() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Element signed = Dom.assertion(document);
            signed.getParentNode().appendChild(evilCopy(signed, "_evil-assertion"));
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document));
        }

        @Test
        void xsw4SignedAssertionWrappedInsideTheEvilOne() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Element signed = Dom.assertion(document);
            Element evil = evilCopy(signed, "_evil-assertion");
            signed.getParentNode().replaceChild(evil, signed);
            evil.appendChild(signed);
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document));
        }

        @Test
        void xsw5EvilAssertionKeepsTheSignatureOriginalMovedToTheEnd() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Element signed = Dom.assertion(document);
            Element originalCopy = evilCopy(signed, null);
            Dom.setText(originalCopy, Dom.SAML, "NameID", "alice@example.test");
            Dom.setText(signed, Dom.SAML, "NameID", EVIL); // signature left in place, same ID
            document.getDocumentElement().appendChild(originalCopy);
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document));
        }

        @Test
        void xsw6OriginalAssertionHiddenInsideTheEvilOnesSignature() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Element signed = Dom.assertion(document);
            Element evil = (Element) signed.cloneNode(true);
            Dom.setText(evil, Dom.SAML, "NameID", EVIL);
            Element original = (Element) signed.cloneNode(true);
            original.removeChild(Dom.signatureOf(original));
            Dom.signatureOf(evil).appendChild(original);
            signed.getParentNode().replaceChild(evil, signed);
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document));
        }

        @Test
        void xsw7SignedAssertionMovedIntoExtensionsEvilInItsPlace() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Element response = document.getDocumentElement();
            Element signed = Dom.assertion(document);
            Element evil = evilCopy(signed, "_evil-assertion");
            response.replaceChild(evil, signed);
            Element extensions = document.createElementNS(Dom.SAMLP, "samlp:Extensions");
            extensions.appendChild(signed);
            insertAfterIssuer(response, extensions);
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document));
        }

        @Test
        void xsw8OriginalInADsObjectOfTheEvilAssertionsSignature() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Element signed = Dom.assertion(document);
            Element evil = (Element) signed.cloneNode(true);
            Dom.setText(evil, Dom.SAML, "NameID", EVIL);
            Element original = (Element) signed.cloneNode(true);
            original.removeChild(Dom.signatureOf(original));
            Element object = document.createElementNS(Dom.DS, "ds:Object");
            object.appendChild(original);
            Dom.signatureOf(evil).appendChild(object);
            signed.getParentNode().replaceChild(evil, signed);
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document));
        }

        @Test
        void signedAssertionMovedUnderTheSubjectEvilInItsPlace() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Element signed = Dom.assertion(document);
            Element evil = evilCopy(signed, "_evil-assertion");
            signed.getParentNode().replaceChild(evil, signed);
            Dom.first(evil, Dom.SAML, "SubjectConfirmationData").appendChild(signed);
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(document));
        }
    }

    /**
     * One assertion only, so the count does not fire: a signature the IdP made over some other
     * object (here a LogoutRequest) is transplanted into an unsigned evil assertion, and the
     * signed object is smuggled along so the reference still resolves and the digest matches.
     */
    @Nested
    class TransplantedSignature {

        private Element idpSignedLogoutRequest(Document into, String id) {
            LogoutRequest logout = OpenSaml.build(LogoutRequest.DEFAULT_ELEMENT_NAME);
            logout.setID(id);
            logout.setVersion(SAMLVersion.VERSION_20);
            logout.setIssueInstant(TestIdp.NOW);
            Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
            issuer.setValue(TestIdp.ENTITY_ID);
            logout.setIssuer(issuer);
            NameID nameId = OpenSaml.build(NameID.DEFAULT_ELEMENT_NAME);
            nameId.setValue("alice@example.test");
            logout.setNameID(nameId);
            Element signed = TestIdp.signStandalone(logout, Signing.assertionOnly());
            return (Element) into.importNode(signed, true);
        }

        private Document evilResponse(String assertionId, String logoutId) {
            Spec spec = new Spec();
            spec.nameId = EVIL;
            spec.assertionId = assertionId;
            Document document = TestIdp.signed(spec, Signing.none()); // the attacker's own
            Element logout = idpSignedLogoutRequest(document, logoutId);
            Element signature = Dom.signatureOf(logout);
            logout.removeChild(signature);
            insertAfterIssuer(Dom.assertion(document), signature);
            Element extensions = document.createElementNS(Dom.SAMLP, "samlp:Extensions");
            extensions.appendChild(logout);
            insertAfterIssuer(document.getDocumentElement(), extensions);
            return document;
        }

        @Test
        void signatureReferencingAnotherElementIsRefused() {
            assertEquals(SamlFailure.INVALID_SIGNATURE, refuse(evilResponse("_evil-assertion", "_logout-1")));
        }

        @Test
        void sameIdOnTheEvilAssertionAndTheSignedObjectIsRefused() {
            // Now "#_shared" names both elements; which one a resolver picks is up to it.
            assertEquals(SamlFailure.DUPLICATE_ID, refuse(evilResponse("_shared", "_shared")));
        }
    }

    @Nested
    class CommentInjection {

        /** Splits the text of the element in two around an empty comment, as in the Duo attack. */
        private void injectComment(Element element, int at) {
            String text = element.getTextContent();
            Document document = element.getOwnerDocument();
            while (element.getFirstChild() != null) {
                element.removeChild(element.getFirstChild());
            }
            element.appendChild(document.createTextNode(text.substring(0, at)));
            element.appendChild(document.createComment(""));
            element.appendChild(document.createTextNode(text.substring(at)));
        }

        @Test
        void nameIdComesOutWholeNotTruncated() {
            // The attacker owns user@evil.com.good.com at the IdP; a parser that stops at the
            // comment would log them in as user@evil.com.
            Spec spec = new Spec();
            spec.nameId = "user@evil.com.good.com";
            Document document = TestIdp.signed(spec, Signing.assertionOnly());
            injectComment(Dom.first(document, Dom.SAML, "NameID"), "user@evil.com".length());
            String xml = Dom.toXml(document);
            assertEquals(true, xml.contains("user@evil.com<!---->.good.com"), "comment is in the XML");

            SamlLogin login = accept(document); // exclusive C14N drops comments: still validly signed
            assertEquals("user@evil.com.good.com", login.nameId());
        }

        @Test
        void nameIdInASignedResponse() {
            Spec spec = new Spec();
            spec.nameId = "user@evil.com.good.com";
            Document document = TestIdp.signed(spec, Signing.responseOnly());
            injectComment(Dom.first(document, Dom.SAML, "NameID"), "user@evil.com".length());
            assertEquals("user@evil.com.good.com", accept(document).nameId());
        }

        @Test
        void attributeValuesComeOutWhole() {
            Spec spec = new Spec();
            spec.attributes.put("groups", List.of("admins.contractors"));
            Document document = TestIdp.signed(spec, Signing.assertionOnly());
            Element value = Dom.all(document, Dom.SAML, "AttributeValue").stream()
                    .filter(e -> e.getTextContent().equals("admins.contractors")).findFirst().orElseThrow();
            injectComment(value, "admins".length());
            assertEquals(List.of("admins.contractors"), accept(document).attribute("groups"));
        }
    }
}
