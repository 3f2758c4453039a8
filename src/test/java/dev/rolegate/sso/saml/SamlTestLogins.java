package dev.rolegate.sso.saml;

import static dev.rolegate.testing.Api.admin;

import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Accepted SAML logins for tests outside this package (metrics, logs): the account's SAML
 * configuration with the {@link TestIdp}'s metadata, and IdP-signed, unsolicited responses
 * addressed to its SP. Callers pin the service's clock to {@link #NOW} first (the responses are
 * valid around that instant only).
 */
public final class SamlTestLogins {

    /** The instant the signed responses are issued for. */
    public static final Instant NOW = TestIdp.NOW;

    private SamlTestLogins() {
    }

    /**
     * A signed response and what a log must never show of it.
     *
     * @param samlResponse    the base64 SAMLResponse form value
     * @param assertionId     the assertion's ID
     * @param signatureValues the base64 ds:SignatureValue texts in the document
     */
    public record SignedResponse(String samlResponse, String assertionId, List<String> signatureValues) {
    }

    /** PUTs a SAML configuration (IdP-initiated login allowed, groups engineering → analyst) into the account. */
    public static void configure(String account) {
        admin(account).body(SamlSsoApiTest.config(Map.of("allowIdpInitiated", true)))
                .put("/v1/accounts/" + account + "/sso/saml").then().statusCode(201);
    }

    /** An unsolicited response for {@code alice@example.test}, response and assertion signed by the IdP's key. */
    public static SignedResponse signedResponse(String account, List<String> groups) {
        TestIdp.Spec spec = SamlSsoApiTest.spec(account, null);
        spec.attributes.put("groups", groups);
        Document document = TestIdp.signed(spec, TestIdp.Signing.both());
        List<String> signatures = new ArrayList<>();
        NodeList values = document.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "SignatureValue");
        for (int i = 0; i < values.getLength(); i++) {
            signatures.add(values.item(i).getTextContent().replaceAll("\\s", ""));
        }
        return new SignedResponse(TestIdp.encode(document), spec.assertionId, signatures);
    }

    /** An unsolicited, IdP-signed response for the user {@code email} (NameID and email attribute) in {@code groups}. */
    public static String signedResponse(String account, String email, List<String> groups) {
        TestIdp.Spec spec = SamlSsoApiTest.spec(account, null);
        spec.nameId = email;
        spec.attributes.put("email", List.of(email));
        spec.attributes.put("groups", groups);
        return TestIdp.encoded(spec, TestIdp.Signing.assertionOnly());
    }

    /** Posts a SAMLResponse to the account's ACS, not following the redirect. */
    public static Response postAcs(String account, String samlResponse) {
        return SamlSsoApiTest.postAcs(account, samlResponse);
    }

    /** The one-time code in an ACS redirect. */
    public static String codeOf(Response acs) {
        return SamlSsoApiTest.codeOf(acs);
    }

    /** Base64 of the IdP's PKCS#8 private key: key material no log may show. */
    public static String idpPrivateKeyBase64() {
        return Base64.getEncoder().encodeToString(TestIdp.KEY.keyPair().getPrivate().getEncoded());
    }

    /** The test IdP's metadata (its current signing key), with its HTTP-Redirect SingleSignOnService at {@code ssoUrl} and no other. */
    public static String metadataXml(String ssoUrl) {
        return TestIdp.metadataXml(TestIdp.KEY)
                .replaceAll("\\s*<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"[^>]*/>", "")
                .replace(TestIdp.SSO_REDIRECT_URL, ssoUrl);
    }

    /** The test IdP's metadata with only an HTTP-POST SingleSignOnService, at {@code ssoUrl}. */
    public static String metadataXmlPostOnly(String ssoUrl) {
        return TestIdp.metadataXml(TestIdp.KEY)
                .replaceAll("\\s*<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\"[^>]*/>", "")
                .replace(TestIdp.SSO_POST_URL, ssoUrl);
    }

    /**
     * The IdP's signed answer (assertion signed) to the AuthnRequest {@code requestId}, or an
     * unsolicited one when it is null, for the user {@code email} (NameID and email attribute) in
     * {@code groups}, addressed to the SP {@code spEntityId} at {@code acsUrl}.
     */
    public static String answer(String spEntityId, String acsUrl, String requestId, String email, List<String> groups) {
        TestIdp.Spec spec = new TestIdp.Spec();
        spec.destination = acsUrl;
        spec.recipient = acsUrl;
        spec.audience = spEntityId;
        spec.inResponseTo = requestId;
        spec.confirmationInResponseTo = requestId;
        spec.nameId = email;
        spec.attributes.put("email", List.of(email));
        spec.attributes.put("displayName", List.of("Test " + email.substring(0, email.indexOf('@'))));
        spec.attributes.put("groups", groups);
        return TestIdp.encoded(spec, TestIdp.Signing.assertionOnly());
    }

    /** The ID of the deflated AuthnRequest in an HTTP-Redirect binding URL's {@code SAMLRequest} (Bindings §3.4.4.1). */
    public static String requestIdOf(String redirectUrl) {
        String encoded = null;
        for (String part : java.net.URI.create(redirectUrl).getRawQuery().split("&")) {
            if (part.startsWith("SAMLRequest=")) {
                encoded = java.net.URLDecoder.decode(part.substring("SAMLRequest=".length()), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        if (encoded == null) {
            throw new AssertionError("no SAMLRequest in " + redirectUrl);
        }
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        inflater.setInput(Base64.getDecoder().decode(encoded));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError("SAMLRequest is not deflated", e);
        }
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\sID=\"([^\"]+)\"").matcher(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        if (!id.find()) {
            throw new AssertionError("no ID in the AuthnRequest");
        }
        return id.group(1);
    }
}
