package dev.rolegate.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** RestAssured shortcuts for API tests: accounts with unique ids, requests with a token. */
public final class Api {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private Api() {
    }

    /** A new account id, unique across runs against a shared database. */
    public static String newAccountId(String prefix) {
        return prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    /** Creates an account from {@code saas-analytics} with owner {@code owner@<id>.test}; returns its id. */
    public static String createAccount(String prefix) {
        String id = newAccountId(prefix);
        as(Tokens.platform()).body(Map.of("id", id, "name", "Test " + id, "template", "saas-analytics",
                        "owner", "owner@" + id + ".test"))
                .post("/v1/accounts").then().statusCode(201);
        return id;
    }

    /** A JSON request carrying {@code token}. */
    public static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    /** The admin of {@code account}. */
    public static RequestSpecification admin(String account) {
        return as(Tokens.admin(account));
    }
}
