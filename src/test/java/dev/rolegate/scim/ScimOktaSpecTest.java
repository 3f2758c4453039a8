package dev.rolegate.scim;

import static dev.rolegate.scim.Scim.as;
import static dev.rolegate.scim.Scim.base;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.testing.Api;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Okta's published SCIM 2.0 spec test ("SCIM 2.0 Spec Test", the Runscope suite Okta asks app
 * vendors to pass before listing a SCIM integration), re-written as our own test, step by step in
 * its order, against one account that already has users.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScimOktaSpecTest {

    String account;
    String token;
    String firstUserName;
    String randomUserName = "random-" + UUID.randomUUID() + "@example.test";
    String createdId;

    /** The account with its three users, made on the first step (the app is up by then). */
    void account() {
        if (account != null) {
            return;
        }
        account = Api.createAccount("scim-okta");
        token = Scim.token(account);
        for (String name : List.of("ann", "ben", "cid")) {
            as(token).body(Scim.user(name + "@okta.example.test", name, "Okta")).post(base(account) + "/Users").then().statusCode(201);
        }
    }

    @Test
    @Order(1)
    void listUsersWithCount() {
        account();
        JsonPath list = as(token).get(base(account) + "/Users?count=1&startIndex=1").then().statusCode(200)
                .contentType(startsWith("application/scim+json")).extract().jsonPath();
        assertEquals(List.of(Scim.LIST), list.getList("schemas"));
        assertEquals(3, list.getInt("totalResults"));
        assertEquals(1, list.getInt("itemsPerPage"));
        assertEquals(1, list.getInt("startIndex"));
        assertEquals(1, list.getList("Resources").size());
        firstUserName = list.getString("Resources[0].userName");
        assertEquals("ann@okta.example.test", firstUserName, "oldest first");
        assertEquals("ben@okta.example.test", as(token).get(base(account) + "/Users?count=1&startIndex=2").then().statusCode(200)
                .extract().path("Resources[0].userName"));
    }

    @Test
    @Order(2)
    void filterOnAUserNameOfTheList() {
        as(token).queryParam("filter", "userName eq \"" + firstUserName + "\"").get(base(account) + "/Users").then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].userName", equalTo(firstUserName));
    }

    @Test
    @Order(3)
    void filterOnAMissingUserNameIsAnEmptyList() {
        as(token).queryParam("filter", "userName eq \"" + randomUserName + "\"").get(base(account) + "/Users").then().statusCode(200)
                .body("totalResults", equalTo(0)).body("Resources.size()", equalTo(0)).body("schemas", hasItem(Scim.LIST));
    }

    @Test
    @Order(4)
    void createWithApplicationJson() {
        JsonPath created = given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Map.of("schemas", List.of(Scim.USER), "userName", randomUserName, "active", true,
                        "name", Map.of("givenName", "Rand", "familyName", "Om"),
                        "emails", List.of(Map.of("primary", true, "value", randomUserName, "type", "work")),
                        "password", "never-stored-1!", "groups", List.of()))
                .post(base(account) + "/Users").then().statusCode(201).contentType(startsWith("application/scim+json"))
                .header("Location", startsWith("https://rolegate.example.test/scim/v2/" + account + "/Users/"))
                .extract().jsonPath();
        createdId = created.getString("id");
        assertEquals(randomUserName, created.getString("userName"));
        assertEquals(true, created.getBoolean("active"));
        assertEquals("Rand", created.getString("name.givenName"));
        assertEquals(randomUserName, created.getString("emails[0].value"));
        assertEquals(null, created.getString("password"), "a password is never kept nor echoed");
        assertEquals("User", created.getString("meta.resourceType"));
    }

    @Test
    @Order(5)
    void readTheCreatedUser() {
        as(token).get(base(account) + "/Users/" + createdId).then().statusCode(200)
                .body("id", equalTo(createdId)).body("userName", equalTo(randomUserName)).body("active", equalTo(true));
        // and it is a Rolegate user of source scim
        Api.admin(account).get("/v1/accounts/" + account + "/users/" + randomUserName).then().statusCode(200)
                .body("source", equalTo("scim")).body("email", equalTo(randomUserName)).body("displayName", equalTo("Rand Om"));
    }

    @Test
    @Order(6)
    void duplicateCreateIs409() {
        as(token).body(Scim.user(randomUserName, "Rand", "Om")).post(base(account) + "/Users").then().statusCode(409)
                .body("schemas", hasItem(Scim.ERROR)).body("status", equalTo("409")).body("scimType", equalTo("uniqueness"));
    }

    @Test
    @Order(7)
    void filterWithTheUserNameInUpperCase() {
        as(token).queryParam("filter", "userName eq \"" + randomUserName.toUpperCase() + "\"").get(base(account) + "/Users").then()
                .statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(createdId));
    }

    @Test
    @Order(8)
    void listGroups() {
        as(token).get(base(account) + "/Groups").then().statusCode(200).body("schemas", hasItem(Scim.LIST))
                .body("totalResults", equalTo(0));
    }

    @Test
    @Order(9)
    void badTokenIs401() {
        as("rgscim_nope_" + UUID.randomUUID()).get(base(account) + "/Users").then().statusCode(401)
                .body("schemas", hasItem(Scim.ERROR)).body("status", equalTo("401"));
        given().get(base(account) + "/Users").then().statusCode(401).body("status", equalTo("401"));
    }

    @Test
    @Order(10)
    void unknownIdIs404WithTheErrorSchema() {
        as(token).get(base(account) + "/Users/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(startsWith("application/scim+json")).body("schemas", equalTo(List.of(Scim.ERROR)))
                .body("status", equalTo("404"));
    }
}
