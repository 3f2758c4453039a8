package dev.rolegate.api;

import static dev.rolegate.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 6, one case each (HttpErrorSweepTest sweeps 405 and parameter types over every
 * path): HTTP errors are problems that say what happened.
 */
@QuarkusTest
class HttpErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SettableClock clock;

    private String account;
    private String base;
    private String owner;

    @BeforeEach
    void account() {
        account = Api.createAccount("httperr");
        base = "/v1/accounts/" + account;
        owner = "owner@" + account + ".test";
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        as(Tokens.admin(account)).get(base + "/check").then().statusCode(405)
                .contentType("application/problem+json").header("Allow", "OPTIONS, POST")
                .body("code", equalTo("method_not_allowed"))
                .body("detail", equalTo("GET is not served at this path; it answers OPTIONS, POST."));
        // a path served by several resource classes' neighbours: still the path's own methods
        as(Tokens.admin(account)).body("{}").post(base + "/roles/viewer").then().statusCode(405)
                .header("Allow", "DELETE, GET, HEAD, OPTIONS, PUT").body("code", equalTo("method_not_allowed"));
        // an unknown path stays a 404
        as(Tokens.admin(account)).get(base + "/nothing-here").then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413ProblemAndNothingIsLoggedAsAnError() throws Exception {
        List<LogRecord> errors = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    synchronized (errors) {
                        errors.add(record);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            // just over rolegate.http.max-body-bytes (1 MiB), and over the HTTP layer's 2M backstop
            for (int size : new int[] {1024 * 1024 + 1, 3 * 1024 * 1024}) {
                HttpResponse<String> r = chunkedCheck(spaces(size));
                assertEquals(413, r.statusCode(), size + ": " + r.body());
                assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
                JsonNode body = JSON.readTree(r.body());
                assertEquals("payload_too_large", body.path("code").textValue());
                assertEquals("The request body is larger than 1048576 bytes, the most that is accepted.",
                        body.path("detail").textValue());
                assertEquals("close", r.headers().firstValue("Connection").orElse(""));
            }
            // a chunked body within the limit is read as usual
            String check = "{\"subject\":\"" + owner + "\",\"operation\":\"report.open\"}";
            HttpResponse<String> ok = chunkedCheck(check.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals(true, JSON.readTree(ok.body()).path("allowed").booleanValue());
        } finally {
            root.removeHandler(capture);
        }
        synchronized (errors) {
            assertEquals(List.of(), errors.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
        }
    }

    @Test
    void a415NamesTheMediaTypeExpected() {
        given().header("Authorization", "Bearer " + Tokens.admin(account)).contentType("text/plain").body("subject=u")
                .post(base + "/check").then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("unsupported_media_type"))
                .body("detail", equalTo("The request body must be application/json, not text/plain."));
        given().contentType("application/json").body("{}").post("/saml/" + account + "/acs").then().statusCode(415)
                .contentType("application/problem+json").body("code", equalTo("unsupported_media_type"))
                .body("detail", equalTo("The request body must be application/x-www-form-urlencoded, not application/json."));
    }

    @Test
    void aQueryParameterOfTheWrongTypeIs400NamingIt() {
        as(Tokens.admin(account)).get(base + "/roles?limit=abc").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_request"))
                .body("errors[0].pointer", equalTo("#limit")).body("detail", equalTo("limit must be an integer, got 'abc'"));
        for (String value : List.of("1.5", "+3", "0x10", "99999999999")) {
            as(Tokens.admin(account)).get(base + "/users?limit=" + value).then().statusCode(400)
                    .body("errors[0].pointer", equalTo("#limit"));
        }
        // JAX-RS would read ?cascade=yes as false and answer as if it had not been given
        as(Tokens.admin(account)).delete(base + "/roles/viewer?cascade=yes").then().statusCode(400)
                .body("errors[0].pointer", equalTo("#cascade")).body("detail", equalTo("cascade must be true or false, got 'yes'"));
        as(Tokens.admin(account)).get(base + "/roles/viewer").then().statusCode(200);
        // the right types still work, and absent flags are false
        as(Tokens.admin(account)).get(base + "/roles?limit=2").then().statusCode(200);
        as(Tokens.admin(account)).delete(base + "/roles/viewer").then().statusCode(409).body("code", equalTo("role_in_use"));
    }

    @Test
    void aNegativeAtLeastRevisionIs400() {
        for (String path : List.of(base + "/users/" + owner + "/permissions", base + "/operations/report.open/users")) {
            as(Tokens.admin(account)).get(path + "?atLeastRevision=-1").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid_request"))
                    .body("errors[0].pointer", equalTo("#atLeastRevision"));
            as(Tokens.admin(account)).get(path + "?atLeastRevision=0").then().statusCode(200);
        }
    }

    @Test
    void anAssignmentThatHasAlreadyExpiredIs422AndNotWritten() {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        clock.set(now);
        admin().body(Map.of("displayName", "G")).put(base + "/groups/g1").then().statusCode(201);
        for (String assignee : List.of("/users/" + owner, "/groups/g1")) {
            for (String past : List.of("2026-06-01T11:59:59Z", "2026-06-01T12:00:00Z", "2001-01-01T00:00:00+02:00")) {
                admin().body(Map.of("expiresAt", past)).put(base + assignee + "/roles/viewer").then().statusCode(422)
                        .contentType("application/problem+json").body("code", equalTo("expires_in_past"))
                        .body("errors[0].pointer", equalTo("/expiresAt"));
            }
            admin().get(base + assignee + "/roles/viewer").then().statusCode(404);
            admin().body(Map.of("expiresAt", "2026-06-01T12:00:01Z")).put(base + assignee + "/roles/viewer").then().statusCode(201);
        }
        // break-glass is an assignment too
        admin().body(Map.of("reason", "incident", "expiresAt", "2026-06-01T11:00:00Z"))
                .put(base + "/users/" + owner + "/break-glass/analyst").then().statusCode(422)
                .body("code", equalTo("expires_in_past")).body("errors[0].pointer", equalTo("/expiresAt"));
    }

    private io.restassured.specification.RequestSpecification admin() {
        return as(Tokens.admin(account));
    }

    private static byte[] spaces(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        return body;
    }

    /** POSTs to the check endpoint with a body of unknown length: HTTP/1.1 chunked, no Content-Length. */
    private HttpResponse<String> chunkedCheck(byte[] body) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + base + "/check"))
                .header("Authorization", "Bearer " + Tokens.admin(account)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(request.bodyPublisher().orElseThrow().contentLength() < 0, "sent chunked");
        return response;
    }
}
