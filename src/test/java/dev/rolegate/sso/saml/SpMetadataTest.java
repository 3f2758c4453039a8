package dev.rolegate.sso.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SpMetadataTest {

    private static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";

    @Test
    void describesTheSpAndItsPostAcs() {
        String xml = new SpMetadata(TestIdp.SP_ENTITY_ID, TestIdp.ACS_URL).toXml();
        Document document = Dom.parse(xml);

        Element entity = document.getDocumentElement();
        assertEquals(MD, entity.getNamespaceURI());
        assertEquals("EntityDescriptor", entity.getLocalName());
        assertEquals(TestIdp.SP_ENTITY_ID, entity.getAttribute("entityID"));

        Element sp = Dom.first(document, MD, "SPSSODescriptor");
        assertEquals("urn:oasis:names:tc:SAML:2.0:protocol", sp.getAttribute("protocolSupportEnumeration"));
        assertEquals("false", sp.getAttribute("AuthnRequestsSigned"));
        assertEquals("true", sp.getAttribute("WantAssertionsSigned"));

        Element acs = Dom.first(document, MD, "AssertionConsumerService");
        assertEquals(SamlBinding.HTTP_POST.uri(), acs.getAttribute("Binding"));
        assertEquals(TestIdp.ACS_URL, acs.getAttribute("Location"));
        assertEquals("0", acs.getAttribute("index"));

        assertEquals(List.of(SpMetadata.PERSISTENT, SpMetadata.EMAIL_ADDRESS),
                Dom.all(document, MD, "NameIDFormat").stream().map(Element::getTextContent).toList());
    }

    @Test
    void customNameIdFormat() {
        String xml = new SpMetadata(TestIdp.SP_ENTITY_ID, TestIdp.ACS_URL,
                List.of(SamlLogin.UNSPECIFIED_NAME_ID_FORMAT), List.of()).toXml();
        assertEquals(SamlLogin.UNSPECIFIED_NAME_ID_FORMAT,
                Dom.first(Dom.parse(xml), MD, "NameIDFormat").getTextContent());
    }

    @Test
    void refusesBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new SpMetadata(" ", TestIdp.ACS_URL));
        assertThrows(IllegalArgumentException.class, () -> new SpMetadata(TestIdp.SP_ENTITY_ID, "/acs"));
        assertThrows(IllegalArgumentException.class,
                () -> new SpMetadata(TestIdp.SP_ENTITY_ID, TestIdp.ACS_URL, List.of(), List.of()));
    }
}
