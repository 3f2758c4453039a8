package dev.rolegate.sso.saml;

import static dev.rolegate.testing.Api.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Issue 11 item 5: the SP side of an account exists from its creation, before any IdP: an admin
 * registers the SP at Okta, Entra ID or Keycloak first (entityID, ACS URL, SP certificate) and
 * only then receives the IdP's metadata (docs/saml.md "Connecting an IdP").
 */
@QuarkusTest
class SpBeforeIdpTest {

    static final String BASE = SamlSsoApiTest.BASE;

    @Test
    void theSpSideIsReadableBeforeAnIdpIsConfigured() {
        String a = Api.createAccount("sp-first");
        String path = "/v1/accounts/" + a + "/sso/saml";
        admin(a).get(path).then().statusCode(200)
                .body("configured", equalTo(false))
                .body("spEntityId", equalTo(BASE + "/saml/" + a + "/metadata"))
                .body("acsUrl", equalTo(BASE + "/saml/" + a + "/acs"))
                .body("metadataUrl", equalTo(BASE + "/saml/" + a + "/metadata"))
                .body("loginUrl", equalTo(BASE + "/saml/" + a + "/login"))
                .body("idpEntityId", nullValue())
                .body("idpMetadataXml", nullValue())
                .body("redirectUrls.size()", equalTo(0));
        // a login cannot start yet: there is no IdP to send the browser to
        given().redirects().follow(false).get("/saml/" + a + "/login").then().statusCode(404)
                .body("code", equalTo("saml_not_configured"));

        admin(a).body(SamlSsoApiTest.config(Map.of())).put(path).then().statusCode(201)
                .body("configured", equalTo(true));
        admin(a).get(path).then().statusCode(200).body("configured", equalTo(true))
                .body("idpEntityId", equalTo(TestIdp.ENTITY_ID));
    }

    @Test
    void theSpMetadataCarriesOneCertificateFromTheStartAndKeepsIt() throws Exception {
        String a = Api.createAccount("sp-meta");
        // two first requests at once (two replicas, two admins) agree on one key
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> first;
        try {
            first = pool.invokeAll(List.of(() -> metadata(a), () -> metadata(a)));
        } finally {
            pool.shutdown();
        }
        String metadata = first.get(0).get();
        assertEquals(metadata, first.get(1).get());
        Element root = Dom.parse(metadata).getDocumentElement();
        assertEquals(BASE + "/saml/" + a + "/metadata", root.getAttribute("entityID"));
        Element key = Dom.first(root, "urn:oasis:names:tc:SAML:2.0:metadata", "KeyDescriptor");
        assertEquals("encryption", key.getAttribute("use"));
        assertEquals(1, root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:metadata", "KeyDescriptor").getLength());

        // the certificate the admin gave the IdP stays valid once the IdP is configured
        admin(a).body(SamlSsoApiTest.config(Map.of())).put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201);
        assertEquals(metadata, metadata(a));
    }

    @Test
    void anUnknownAccountHasNoSpMetadata() {
        given().get("/saml/" + Api.newAccountId("sp-none") + "/metadata").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("account_not_found"));
        given().get("/saml/NOT_AN_ID/metadata").then().statusCode(404)
                .body("code", equalTo("account_not_found")).body("detail", containsString("No such account"));
    }

    private static String metadata(String account) {
        return given().get("/saml/" + account + "/metadata").then().statusCode(200)
                .contentType(containsString("application/samlmetadata+xml")).extract().asString();
    }
}
