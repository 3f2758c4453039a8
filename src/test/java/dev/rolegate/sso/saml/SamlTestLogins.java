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
}
