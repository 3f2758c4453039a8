package dev.rolegate.sso.saml;

import static dev.rolegate.sso.saml.TestIdp.ACS_URL;
import static dev.rolegate.sso.saml.TestIdp.KEY;
import static dev.rolegate.sso.saml.TestIdp.NOW;
import static dev.rolegate.sso.saml.TestIdp.SP_ENTITY_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class AuthnRequestFactoryTest {

    private static final String SAMLP = Dom.SAMLP;

    private final AuthnRequestFactory factory = new AuthnRequestFactory();
    private final IdpMetadata idp = TestIdp.metadata();

    private static Map<String, String> query(String location) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(pair.substring(0, eq),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String inflate(String base64) throws Exception {
        Inflater inflater = new Inflater(true); // raw DEFLATE, no zlib header (Bindings §3.4.4.1)
        inflater.setInput(Base64.getDecoder().decode(base64));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void redirectCarriesADeflatedAuthnRequest() throws Exception {
        AuthnRequestRedirect redirect = factory.redirect(SP_ENTITY_ID, ACS_URL, idp,
                Optional.of("state-123"), NOW);

        assertTrue(redirect.location().startsWith(TestIdp.SSO_REDIRECT_URL + "?SAMLRequest="),
                redirect.location());
        Map<String, String> query = query(redirect.location());
        assertEquals(List.of("SAMLRequest", "RelayState"), List.copyOf(query.keySet()));
        assertEquals("state-123", query.get("RelayState"));

        Document document = Dom.parse(inflate(query.get("SAMLRequest")));
        Element request = document.getDocumentElement();
        assertEquals(SAMLP, request.getNamespaceURI());
        assertEquals("AuthnRequest", request.getLocalName());
        assertEquals(redirect.requestId(), request.getAttribute("ID"));
        assertEquals("2.0", request.getAttribute("Version"));
        assertEquals(NOW, java.time.Instant.parse(request.getAttribute("IssueInstant")));
        assertEquals(TestIdp.SSO_REDIRECT_URL, request.getAttribute("Destination"));
        assertEquals(ACS_URL, request.getAttribute("AssertionConsumerServiceURL"));
        assertEquals(SamlBinding.HTTP_POST.uri(), request.getAttribute("ProtocolBinding"));
        assertEquals(SP_ENTITY_ID, Dom.first(document, Dom.SAML, "Issuer").getTextContent());
        assertEquals("true", Dom.first(document, SAMLP, "NameIDPolicy").getAttribute("AllowCreate"));
        assertEquals(NOW, redirect.issueInstant());
    }

    @Test
    void requestIdsAreRandomNcNames() {
        String first = factory.redirect(SP_ENTITY_ID, ACS_URL, idp, Optional.empty(), NOW).requestId();
        String second = factory.redirect(SP_ENTITY_ID, ACS_URL, idp, Optional.empty(), NOW).requestId();
        assertNotEquals(first, second);
        assertTrue(first.matches("_[0-9a-f]{40}"), first); // 160 random bits, starts with no digit
    }

    @Test
    void noRelayStateNoParameter() {
        String location = factory.redirect(SP_ENTITY_ID, ACS_URL, idp, Optional.empty(), NOW).location();
        assertFalse(location.contains("RelayState"));
    }

    @Test
    void ssoUrlWithAQueryKeepsIt() {
        IdpMetadata google = new IdpMetadata("https://accounts.google.com/o/saml2?idpid=C0abc123",
                "https://accounts.google.com/o/saml2/idp?idpid=C0abc123", SamlBinding.HTTP_REDIRECT,
                List.of(KEY.certificate()), false);
        String location = factory.redirect(SP_ENTITY_ID, ACS_URL, google, Optional.empty(), NOW).location();
        assertTrue(location.startsWith("https://accounts.google.com/o/saml2/idp?idpid=C0abc123&SAMLRequest="),
                location);
    }

    @Test
    void relayStateIsBoundedTo80Bytes() {
        assertThrows(IllegalArgumentException.class, () -> factory.redirect(SP_ENTITY_ID, ACS_URL, idp,
                Optional.of("x".repeat(81)), NOW));
        factory.redirect(SP_ENTITY_ID, ACS_URL, idp, Optional.of("x".repeat(80)), NOW);
    }

    @Test
    void postOnlyIdpGetsAForm() {
        IdpMetadata postOnly = new IdpMetadata(TestIdp.ENTITY_ID, TestIdp.SSO_POST_URL,
                SamlBinding.HTTP_POST, List.of(KEY.certificate()), false);
        AuthnRequestMessage message = factory.create(SP_ENTITY_ID, ACS_URL, postOnly,
                Optional.of("a\"<b>"), NOW);
        AuthnRequestForm form = assertInstanceOf(AuthnRequestForm.class, message);
        assertEquals(TestIdp.SSO_POST_URL, form.action());
        String xml = new String(Base64.getDecoder().decode(form.samlRequest()), StandardCharsets.UTF_8);
        assertEquals(form.requestId(), Dom.parse(xml).getDocumentElement().getAttribute("ID"));
        assertEquals(TestIdp.SSO_POST_URL, Dom.parse(xml).getDocumentElement().getAttribute("Destination"));
        assertTrue(form.html().contains("value=\"a&quot;&lt;b&gt;\""), form.html());
        assertThrows(IllegalArgumentException.class,
                () -> factory.redirect(SP_ENTITY_ID, ACS_URL, postOnly, Optional.empty(), NOW));
    }

    @Test
    void createFollowsTheRedirectBinding() {
        assertInstanceOf(AuthnRequestRedirect.class,
                factory.create(SP_ENTITY_ID, ACS_URL, idp, Optional.empty(), NOW));
    }

    @Test
    void theResponseToTheRequestIsAccepted() {
        // The request ID the factory hands out is what InResponseTo must name.
        AuthnRequestRedirect redirect = factory.redirect(SP_ENTITY_ID, ACS_URL, idp, Optional.empty(), NOW);
        TestIdp.Context context = new TestIdp.Context();
        context.outstanding.clear();
        context.outstanding.add(redirect.requestId());
        TestIdp.Spec spec = new TestIdp.Spec();
        spec.inResponseTo = redirect.requestId();
        spec.confirmationInResponseTo = redirect.requestId();
        SamlLogin login = new SamlResponseValidator().validate(
                TestIdp.encoded(spec, TestIdp.Signing.assertionOnly()), context.build());
        assertEquals(Optional.of(redirect.requestId()), login.inResponseTo());
    }
}
