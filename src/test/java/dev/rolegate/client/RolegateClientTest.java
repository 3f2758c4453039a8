package dev.rolegate.client;

import static dev.rolegate.testing.Api.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java client (client/) against the running service on the real PostgreSQL: checks, batch,
 * "what may this user do", revision tokens carried from an admin write to the next check,
 * problems as {@link RolegateException}, and the retry of a real 503. The SSO token exchange
 * through the client is in {@code dev.rolegate.sso.saml.SsoClientTest}, next to the test IdP.
 */
@QuarkusTest
class RolegateClientTest {

    private String account;
    private RolegateClient client;

    @BeforeEach
    void account() {
        account = Api.createAccount("client");
        client = client(Tokens.check(account), RetryPolicy.defaults());
    }

    private static RolegateClient client(String token, RetryPolicy policy) {
        return RolegateClient.builder().baseUri("http://localhost:" + RestAssured.port).token(token)
                .retryPolicy(policy).build();
    }

    private String user(String name) {
        String id = name + "@" + account + ".test";
        admin(account).body(Map.of("email", id, "displayName", name)).put("/v1/accounts/" + account + "/users/" + id)
                .then().statusCode(201);
        return id;
    }

    /** Assigns {@code role} through the admin API; returns the write's revision. */
    private long assign(String user, String role) {
        Response r = admin(account).body(Map.of()).put("/v1/accounts/" + account + "/users/" + user + "/roles/" + role);
        r.then().statusCode(201);
        return Long.parseLong(r.getHeader("Rolegate-Revision"));
    }

    @Test
    void checksAndBatchesGiveTheServicesDecisions() {
        String bob = user("bob");
        long assigned = assign(bob, "viewer");

        CheckResult open = client.check(account, bob, "report.open");
        assertTrue(open.allowed());
        assertTrue(open.reason().isEmpty());
        assertTrue(open.revision() >= assigned, open + " at least " + assigned);

        CheckResult edit = client.check(account, Check.permission(bob, "report.edit"));
        assertFalse(edit.allowed());
        assertEquals("missing_permission", edit.reason().orElseThrow());
        assertEquals(List.of("report.edit"), edit.missing());

        // report.export_csv needs report.view and data.export: viewer lacks only the second
        CheckResult export = client.check(account, Check.operation(bob, "report.export_csv"));
        assertEquals(List.of("data.export"), export.missing());

        CheckResult explained = client.check(account, Check.operation(bob, "report.open").withExplain());
        assertEquals(1, explained.explain().size());
        List<CheckResult.Step> path = explained.explain().get(0);
        assertEquals(List.of("user:" + bob, "role:viewer", "permission:report.view", "operation:report.open"),
                path.stream().map(CheckResult.Step::toString).collect(Collectors.toList()));
        assertEquals("manual", path.get(1).source().orElseThrow());

        BatchCheckResult batch = client.checkBatch(account, List.of(
                Check.operation(bob, "dashboard.open"),
                Check.operation(bob, "billing.cancel"),
                Check.operation("nobody@" + account + ".test", "report.open"),
                Check.operation(bob, "report.teleport"),
                Check.permission(bob, "no.such_permission")));
        assertEquals(5, batch.results().size());
        assertTrue(batch.get(0).allowed());
        assertEquals(List.of("billing.manage"), batch.get(1).missing());
        assertEquals("unknown_subject", batch.get(2).reason().orElseThrow());
        assertEquals("unknown_operation", batch.get(3).reason().orElseThrow());
        assertEquals("unknown_permission", batch.get(4).reason().orElseThrow());
        assertTrue(batch.revision() >= assigned);
        assertEquals(batch.revision(), batch.get(4).revision());
    }

    @Test
    void effectivePermissionsListExactlyWhatTheChecksAllow() {
        String ann = user("ann");
        assign(ann, "analyst");
        EffectiveAccess access = client.effectivePermissions(account, ann);
        assertEquals(List.of("dashboard.edit", "dashboard.share", "dashboard.view", "data.export", "definitions.view",
                "report.edit", "report.share", "report.view"), access.permissions());
        assertTrue(access.operations().contains("report.export_csv"));
        assertFalse(access.operations().contains("report.share_to_slack"), "needs integrations.use too");
        // the same lists the service gives to a plain HTTP call
        Response raw = Api.as(Tokens.check(account)).get("/v1/accounts/" + account + "/users/" + ann + "/permissions");
        assertEquals(raw.jsonPath().getList("operations"), access.operations());
        // and exactly the operations whose check is allowed
        List<Check> all = raw.jsonPath().getList("operations", String.class).stream()
                .map(o -> Check.operation(ann, o)).collect(Collectors.toList());
        all.add(Check.operation(ann, "report.share_to_slack"));
        BatchCheckResult checks = client.checkBatch(account, all);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(access.operations().contains(all.get(i).operation()), checks.get(i).allowed(), all.get(i).toString());
        }
        // unlike a check, which denies an unknown subject, the listing of one is a 404
        RolegateException nobody = assertThrows(RolegateException.class,
                () -> client.effectivePermissions(account, "nobody@" + account + ".test"));
        assertEquals(404, nobody.status());
        assertEquals("user_not_found", nobody.code());
    }

    @Test
    void theRevisionOfAnAdminWriteIsCarriedToTheNextCheck() {
        String carol = user("carol");
        CheckResult before = client.check(account, carol, "report.open");
        assertFalse(before.allowed());
        assertEquals(before.revision(), client.revisions().latest(account).orElseThrow(), "answers are tracked");

        // grant, hand the write's revision to the client, check at once: answered at or after the grant
        long granted = assign(carol, "viewer");
        client.observeRevision(account, granted);
        CheckResult after = client.check(account, carol, "report.open");
        assertTrue(after.allowed(), after.toString());
        assertTrue(after.revision() >= granted);

        // revoke ("new enemy"): once the client has seen the revocation, the role is never honoured
        Response revoke = admin(account).delete("/v1/accounts/" + account + "/users/" + carol + "/roles/viewer");
        revoke.then().statusCode(204);
        long revoked = Long.parseLong(revoke.getHeader("Rolegate-Revision"));
        client.observeRevision(account, revoked);
        CheckResult gone = client.check(account, carol, "report.open");
        assertFalse(gone.allowed());
        assertTrue(gone.revision() >= revoked);
        assertTrue(client.effectivePermissions(account, carol).revision() >= revoked);
    }

    @Test
    void aRevisionTheServiceHasNotReachedIsA503ThatIsRetriedThenThrown() {
        RetryPolicy twice = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(50)).build();
        RolegateClient impatient = client(Tokens.check(account), twice);
        // a token from the future: the client sends it, and the service waits for it, then answers 503
        long future = impatient.check(account, "x@" + account + ".test", "report.open").revision() + 1000;
        impatient.observeRevision(account, future);
        RolegateException e = assertThrows(RolegateException.class, () -> impatient.check(account, "x@" + account + ".test", "report.open"));
        assertEquals(503, e.status());
        assertEquals("revision_unavailable", e.code());
        assertEquals(2, e.attempts(), "the 503 was retried once");
        assertTrue(e.isRetryable());
        // an explicit older revision does not undo the carried one; a client without it is fine
        assertThrows(RolegateException.class, () -> impatient.checkBatch(account, List.of(Check.operation("x", "y")), 1));
        assertFalse(client.check(account, "x@" + account + ".test", "report.open").allowed());
    }

    @Test
    void problemsBecomeRolegateExceptionsWithTheirCodes() {
        String other = Api.createAccount("client-other");
        RolegateException forbidden = assertThrows(RolegateException.class,
                () -> client(Tokens.check(other), RetryPolicy.defaults()).check(account, "bob", "report.open"));
        assertEquals(403, forbidden.status());
        assertEquals("forbidden", forbidden.code());
        assertEquals("urn:rolegate:problem:forbidden", forbidden.type());
        assertEquals("Forbidden", forbidden.title());
        assertEquals(1, forbidden.attempts());

        RolegateException unauthenticated = assertThrows(RolegateException.class,
                () -> client("not-a-jwt", RetryPolicy.defaults()).check(account, "bob", "report.open"));
        assertEquals(401, unauthenticated.status());
        assertEquals("unauthenticated", unauthenticated.code());

        RolegateException empty = assertThrows(RolegateException.class, () -> client.checkBatch(account, List.of()));
        assertEquals(400, empty.status());
        assertEquals("invalid_request", empty.code());
        assertEquals("/checks", empty.errors().get(0).pointer());

        RolegateException badCode = assertThrows(RolegateException.class, () -> client.exchangeSsoCode(account, "no-such-code"));
        assertEquals(400, badCode.status());
        assertEquals("invalid_sso_code", badCode.code());
    }
}
