package dev.rolegate.sso.saml;

import static dev.rolegate.sso.saml.TestIdp.ENTITY_ID;
import static dev.rolegate.sso.saml.TestIdp.KEY;
import static dev.rolegate.sso.saml.TestIdp.NEXT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class IdpMetadataTest {

    private static final String REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    private static final String POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    private static String entity(String inner) {
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + ENTITY_ID + "\">"
                + inner + "</md:EntityDescriptor>";
    }

    private static String idp(String inner) {
        return "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + inner + "</md:IDPSSODescriptor>";
    }

    private static String key(String use, TestIdp.Key key) {
        return "<md:KeyDescriptor" + (use == null ? "" : " use=\"" + use + "\"") + "><ds:KeyInfo>"
                + "<ds:X509Data><ds:X509Certificate>" + key.certificateBase64()
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
    }

    private static String sso(String binding, String location) {
        return "<md:SingleSignOnService Binding=\"" + binding + "\" Location=\"" + location + "\"/>";
    }

    private static String problem(String xml) {
        return assertThrows(IdpMetadataException.class, () -> IdpMetadata.parse(xml)).getMessage();
    }

    @Test
    void readsEntityIdRedirectEndpointAndEveryCertificate() {
        IdpMetadata metadata = TestIdp.metadata(KEY, NEXT_KEY);
        assertEquals(ENTITY_ID, metadata.entityId());
        assertEquals(SamlBinding.HTTP_REDIRECT, metadata.ssoBinding()); // listed after POST
        assertEquals(TestIdp.SSO_REDIRECT_URL, metadata.ssoUrl());
        assertEquals(List.of(KEY.certificate(), NEXT_KEY.certificate()), metadata.signingCertificates());
        assertFalse(metadata.wantAuthnRequestsSigned());
    }

    @Test
    void fallsBackToPost() {
        IdpMetadata metadata = IdpMetadata.parse(entity(idp(key("signing", KEY)
                + sso(POST, "https://idp.example.test/post"))));
        assertEquals(SamlBinding.HTTP_POST, metadata.ssoBinding());
        assertEquals("https://idp.example.test/post", metadata.ssoUrl());
    }

    @Test
    void keyWithoutUseSignsAndEncryptionKeyIsIgnored() {
        IdpMetadata metadata = IdpMetadata.parse(entity(idp(key(null, KEY) + key("encryption", NEXT_KEY)
                + sso(REDIRECT, "https://idp.example.test/sso"))));
        assertEquals(List.of(KEY.certificate()), metadata.signingCertificates());
    }

    @Test
    void duplicateCertificateIsKeptOnce() {
        IdpMetadata metadata = IdpMetadata.parse(entity(idp(key("signing", KEY) + key(null, KEY)
                + sso(REDIRECT, "https://idp.example.test/sso"))));
        assertEquals(1, metadata.signingCertificates().size());
    }

    @Test
    void keepsTheQueryOfTheSsoUrl() {
        // Google's SSO URL carries its IdP id in the query.
        IdpMetadata metadata = IdpMetadata.parse(entity(idp(key("signing", KEY)
                + sso(REDIRECT, "https://accounts.google.com/o/saml2/idp?idpid=C0abc123"))));
        assertEquals("https://accounts.google.com/o/saml2/idp?idpid=C0abc123", metadata.ssoUrl());
    }

    @Test
    void readsWantAuthnRequestsSigned() {
        IdpMetadata metadata = IdpMetadata.parse(entity("<md:IDPSSODescriptor WantAuthnRequestsSigned=\"true\""
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + key("signing", KEY)
                + sso(REDIRECT, "https://idp.example.test/sso") + "</md:IDPSSODescriptor>"));
        assertTrue(metadata.wantAuthnRequestsSigned());
    }

    @Test
    void entitiesDescriptorWithOneIdp() {
        String xml = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">"
                + entity(idp(key("signing", KEY) + sso(REDIRECT, "https://idp.example.test/sso")))
                        .replace(" xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"", "")
                + "</md:EntitiesDescriptor>";
        assertEquals(ENTITY_ID, IdpMetadata.parse(xml).entityId());
    }

    @Test
    void entitiesDescriptorWithTwoIdpsIsRefused() {
        String one = entity(idp(key("signing", KEY) + sso(REDIRECT, "https://idp.example.test/sso")))
                .replace(" xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"", "");
        String xml = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">" + one
                + one.replace(ENTITY_ID, "https://idp2.example.test") + "</md:EntitiesDescriptor>";
        assertTrue(problem(xml).contains("exactly one IdP"));
    }

    @Test
    void empty() {
        assertTrue(problem("  ").contains("empty"));
    }

    @Test
    void notXml() {
        assertTrue(problem("this is not xml").contains("not well-formed"));
    }

    @Test
    void doctypeIsRefused() {
        String xml = "<!DOCTYPE md:EntityDescriptor [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + entity(idp(key("signing", KEY) + sso(REDIRECT, "https://idp.example.test/&xxe;")));
        assertTrue(problem(xml).contains("DOCTYPE"));
    }

    @Test
    void tooLarge() {
        String padding = "<!-- " + "x".repeat(IdpMetadata.MAX_METADATA_BYTES) + " -->";
        assertTrue(problem(entity(padding)).contains("larger than"));
    }

    @Test
    void notMetadata() {
        assertTrue(problem("<foo/>").contains("not valid SAML 2.0 metadata")
                || problem("<foo/>").contains("EntityDescriptor"));
    }

    @Test
    void spMetadataIsNotIdpMetadata() {
        String xml = new SpMetadata("https://sp.example.test", "https://sp.example.test/acs").toXml();
        assertTrue(problem(xml).contains("IDPSSODescriptor"));
    }

    @Test
    void noSigningCertificate() {
        assertTrue(problem(entity(idp(key("encryption", KEY) + sso(REDIRECT, "https://idp.example.test/sso"))))
                .contains("no signing certificate"));
    }

    @Test
    void garbageCertificate() {
        String xml = entity(idp("<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data>"
                + "<ds:X509Certificate>bm90IGEgY2VydGlmaWNhdGU=</ds:X509Certificate></ds:X509Data>"
                + "</ds:KeyInfo></md:KeyDescriptor>" + sso(REDIRECT, "https://idp.example.test/sso")));
        assertTrue(problem(xml).contains("certificate"));
    }

    @Test
    void weakRsaKeyIsRefused() {
        TestIdp.Key weak = TestIdp.Key.generate("weak", 1024);
        assertTrue(problem(entity(idp(key("signing", weak) + sso(REDIRECT, "https://idp.example.test/sso"))))
                .contains("1024-bit"));
    }

    @Test
    void noUsableSsoBinding() {
        String xml = entity(idp(key("signing", KEY)
                + sso("urn:oasis:names:tc:SAML:2.0:bindings:SOAP", "https://idp.example.test/soap")));
        assertTrue(problem(xml).contains("SingleSignOnService"));
    }

    @Test
    void ssoUrlMustBeHttp() {
        assertTrue(problem(entity(idp(key("signing", KEY) + sso(REDIRECT, "javascript:alert(1)"))))
                .contains("http(s)"));
    }

    @Test
    void missingEntityId() {
        String xml = entity(idp(key("signing", KEY) + sso(REDIRECT, "https://idp.example.test/sso")))
                .replace(" entityID=\"" + ENTITY_ID + "\"", "");
        assertTrue(problem(xml).contains("entityID"));
    }

    @Test
    void recordRefusesAnEmptyCertificateList() {
        assertThrows(IllegalArgumentException.class, () -> new IdpMetadata(ENTITY_ID,
                "https://idp.example.test/sso", SamlBinding.HTTP_REDIRECT, List.of(), false));
    }
}
