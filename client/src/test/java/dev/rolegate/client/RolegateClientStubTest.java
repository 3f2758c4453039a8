package dev.rolegate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.client.StubPeer.Answer;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The client's retry policy, error mapping and revision carrying against a scripted HTTP peer
 * (answers the real service gives only in outages: runs of 503, Retry-After, slow answers).
 */
class RolegateClientStubTest {

    private static final String ALLOWED_7 = "{\"allowed\":true,\"revision\":7}";
    private static final RetryPolicy FAST = RetryPolicy.builder().initialBackoff(Duration.ofMillis(20)).jitter(0).build();

    private static RolegateClient client(StubPeer peer, RetryPolicy policy) {
        return RolegateClient.builder().baseUri(peer.uri()).token("t").retryPolicy(policy).build();
    }

    @Test
    void a503IsRetriedWithGrowingWaitsUntilAnAnswer() throws Exception {
        try (StubPeer peer = new StubPeer(Answer.problem(503, "database_unavailable", "down"),
                Answer.problem(503, "database_unavailable", "down"), Answer.json(200, ALLOWED_7))) {
            RolegateClient client = client(peer, FAST);
            CheckResult result = client.check("acme", "bob", "report.open");
            assertTrue(result.allowed());
            assertEquals(7, result.revision());
            assertEquals(3, peer.received.size());
            for (StubPeer.Received r : peer.received) {
                assertEquals("POST", r.method);
                assertEquals("/v1/accounts/acme/check", r.uri);
                assertEquals("{\"subject\":\"bob\",\"operation\":\"report.open\"}", r.body);
            }
            assertTrue(gapMillis(peer, 0) >= 20, "first retry waits the initial 20 ms: " + gapMillis(peer, 0));
            assertTrue(gapMillis(peer, 1) >= 40, "second retry waits twice that: " + gapMillis(peer, 1));
            assertEquals(OptionalLong.of(7), client.revisions().latest("acme"));
        }
    }

    /** Issue 11 item 3: a value of the wrong JSON type is an error, never converted into an allow. */
    @Test
    void anAnswerWithAWronglyTypedFieldIsAnErrorNotAnAllow() throws Exception {
        for (String body : List.of("{\"allowed\":\"true\",\"revision\":7}", "{\"allowed\":1,\"revision\":7}",
                "{\"allowed\":true,\"revision\":\"7\"}", "{\"allowed\":true,\"revision\":7.5}")) {
            try (StubPeer peer = new StubPeer(Answer.json(200, body))) {
                RolegateException e = assertThrows(RolegateException.class,
                        () -> client(peer, FAST).check("acme", "bob", "report.open"), body);
                assertTrue(e.getMessage().startsWith("HTTP 200 with an unreadable body"), e.getMessage());
                assertEquals(1, peer.received.size(), "not retried: " + body);
            }
        }
        // unknown fields stay tolerated: a newer service may add some
        try (StubPeer peer = new StubPeer(Answer.json(200, "{\"allowed\":true,\"revision\":7,\"since\":\"v2\"}"))) {
            assertTrue(client(peer, FAST).check("acme", "bob", "report.open").allowed());
        }
    }

    @Test
    void theLast503IsThrownWhenTheAttemptsAreSpent() throws Exception {
        try (StubPeer peer = new StubPeer(Answer.problem(503, "revision_unavailable", "Revision 9 not reached"))) {
            RetryPolicy three = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5)).build();
            RolegateException e = assertThrows(RolegateException.class,
                    () -> client(peer, three).check("acme", Check.permission("bob", "report.view")));
            assertEquals(503, e.status());
            assertEquals("revision_unavailable", e.code());
            assertEquals("Revision 9 not reached", e.detail());
            assertEquals(3, e.attempts());
            assertTrue(e.isRetryable());
            assertEquals(3, peer.received.size());
        }
    }

    @Test
    void retryAfterIsWaitedFor() throws Exception {
        try (StubPeer peer = new StubPeer(Answer.problem(503, "database_unavailable", "down").withHeader("Retry-After", "1"),
                Answer.json(200, ALLOWED_7))) {
            assertTrue(client(peer, FAST).check("acme", "bob", "report.open").allowed());
            assertEquals(2, peer.received.size());
            assertTrue(gapMillis(peer, 0) >= 1000, "waited Retry-After: 1 s, not 20 ms: " + gapMillis(peer, 0));
        }
    }

    @Test
    void aRetryAfterBeyondTheTimeBudgetEndsTheCallAtOnce() throws Exception {
        try (StubPeer peer = new StubPeer(Answer.problem(503, "database_unavailable", "down").withHeader("Retry-After", "120"))) {
            RetryPolicy budget = RetryPolicy.builder().maxElapsed(Duration.ofSeconds(2)).build();
            long start = System.nanoTime();
            RolegateException e = assertThrows(RolegateException.class, () -> client(peer, budget).check("acme", "bob", "x"));
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "gave up without waiting");
            assertEquals(1, e.attempts());
            assertEquals(1, peer.received.size());
        }
    }

    @Test
    void noOtherStatusIsRetriedAndEachKeepsItsProblem() throws Exception {
        Object[][] cases = {{400, "malformed_json"}, {401, "unauthenticated"}, {403, "forbidden"}, {404, "not_found"},
                {409, "write_conflict"}, {500, "internal_error"}, {502, "ldap_search_failed"}};
        for (Object[] c : cases) {
            int status = (Integer) c[0];
            String code = (String) c[1];
            try (StubPeer peer = new StubPeer(Answer.problem(status, code, "because"), Answer.json(200, ALLOWED_7))) {
                RolegateException e = assertThrows(RolegateException.class, () -> client(peer, FAST).check("acme", "bob", "x"));
                assertEquals(status, e.status());
                assertEquals(code, e.code());
                assertEquals("urn:rolegate:problem:" + code, e.type());
                assertEquals("T", e.title());
                assertEquals("because", e.detail());
                assertEquals("HTTP " + status + " " + code + ": because", e.getMessage());
                assertEquals(1, e.attempts());
                assertFalse(e.isRetryable());
                assertEquals(1, peer.received.size(), code + " was not retried");
            }
        }
    }

    @Test
    void fieldErrorsAndBodiesThatAreNotProblems() throws Exception {
        String invalid = "{\"type\":\"urn:rolegate:problem:invalid_request\",\"title\":\"Invalid request\",\"status\":400,"
                + "\"detail\":\"1 check(s) are invalid\",\"code\":\"invalid_request\","
                + "\"errors\":[{\"pointer\":\"/checks/1/subject\",\"message\":\"subject (a user id) is required\"}]}";
        try (StubPeer peer = new StubPeer(new Answer(400, Map.of("Content-Type", "application/problem+json"), invalid, 0))) {
            RolegateException e = assertThrows(RolegateException.class,
                    () -> client(peer, FAST).checkBatch("acme", List.of(Check.operation("a", "x"), Check.operation("b", "y"))));
            assertEquals("invalid_request", e.code());
            assertEquals(1, e.errors().size());
            assertEquals("/checks/1/subject", e.errors().get(0).pointer());
            assertEquals("subject (a user id) is required", e.errors().get(0).message());
        }
        try (StubPeer peer = new StubPeer(new Answer(502, Map.of("Content-Type", "text/html"), "<html>bad gateway</html>", 0))) {
            RolegateException e = assertThrows(RolegateException.class, () -> client(peer, FAST).check("acme", "bob", "x"));
            assertEquals(502, e.status());
            assertNull(e.code());
            assertNull(e.detail());
            assertEquals(1, peer.received.size());
        }
    }

    @Test
    void aTimeoutIsNotRetried() throws Exception {
        try (StubPeer peer = new StubPeer(Answer.json(200, ALLOWED_7).delayed(1500))) {
            RolegateClient client = RolegateClient.builder().baseUri(peer.uri()).token("t")
                    .requestTimeout(Duration.ofMillis(200)).retryPolicy(FAST).build();
            RolegateException e = assertThrows(RolegateException.class, () -> client.check("acme", "bob", "x"));
            assertEquals(0, e.status());
            assertInstanceOf(HttpTimeoutException.class, e.getCause());
            assertEquals(1, e.attempts());
            Thread.sleep(100);
            assertEquals(1, peer.received.size());
        }
    }

    @Test
    void theTokenIsAskedForOnEveryAttempt() throws Exception {
        try (StubPeer peer = new StubPeer(Answer.problem(503, "database_unavailable", "down"), Answer.json(200, ALLOWED_7))) {
            AtomicInteger rotation = new AtomicInteger();
            RolegateClient client = RolegateClient.builder().baseUri(peer.uri() + "/")
                    .token(() -> "token-" + rotation.incrementAndGet()).retryPolicy(FAST).build();
            client.check("acme", "bob", "x");
            assertEquals("Bearer token-1", peer.received.get(0).authorization);
            assertEquals("Bearer token-2", peer.received.get(1).authorization);
        }
    }

    @Test
    void theNewestRevisionSeenIsCarriedToTheNextCheckOfTheAccount() throws Exception {
        try (StubPeer peer = new StubPeer(Answer.json(200, ALLOWED_7),
                Answer.json(200, "{\"allowed\":false,\"revision\":7,\"reason\":\"missing_permission\",\"missing\":[\"b\",\"c\"]}"),
                Answer.json(200, "{\"allowed\":true,\"revision\":9}"),
                Answer.json(200, "{\"results\":[{\"allowed\":true},{\"allowed\":false,\"reason\":\"unknown_subject\"}],\"revision\":11}")
                        .withHeader(RolegateClient.REVISION_HEADER, "12"),
                Answer.json(200, "{\"permissions\":[\"report.view\"],\"operations\":[\"report.open\"],\"revision\":12}"),
                Answer.json(200, ALLOWED_7))) {
            RolegateClient client = client(peer, FAST);
            client.check("acme", "bob", "x");
            CheckResult denied = client.check("acme", Check.operation("bob", "y").withAtLeastRevision(3));
            assertEquals(List.of("b", "c"), denied.missing());
            assertEquals("missing_permission", denied.reason().orElseThrow());
            client.check("acme", Check.permission("bob", "z").withAtLeastRevision(9).withExplain());
            BatchCheckResult batch = client.checkBatch("acme", List.of(Check.operation("bob", "x"),
                    Check.operation("eve", "x").withAtLeastRevision(2)));
            assertEquals(11, batch.get(1).revision());
            assertEquals("unknown_subject", batch.get(1).reason().orElseThrow());
            EffectiveAccess access = client.effectivePermissions("acme", "bob@acme.test/x y");
            assertEquals(List.of("report.open"), access.operations());
            client.check("other", "bob", "x");

            assertEquals("{\"subject\":\"bob\",\"operation\":\"x\"}", peer.received.get(0).body);
            assertTrue(peer.received.get(1).body.endsWith("\"atLeastRevision\":7}"), "tracked 7 beats explicit 3");
            assertEquals("{\"subject\":\"bob\",\"permission\":\"z\",\"explain\":true,\"atLeastRevision\":9}",
                    peer.received.get(2).body, "explicit 9 beats tracked 7");
            assertEquals("{\"checks\":[{\"subject\":\"bob\",\"operation\":\"x\"},{\"subject\":\"eve\",\"operation\":\"x\","
                    + "\"atLeastRevision\":2}],\"atLeastRevision\":9}", peer.received.get(3).body);
            // the batch answered 11 and its header said 12: the effective-permissions read carries 12
            assertEquals("/v1/accounts/acme/users/bob%40acme.test%2Fx%20y/permissions?atLeastRevision=12",
                    peer.received.get(4).uri);
            assertEquals("GET", peer.received.get(4).method);
            assertEquals("{\"subject\":\"bob\",\"operation\":\"x\"}", peer.received.get(5).body, "another account carries nothing");
        }
    }

    @Test
    void carryingCanBeTurnedOffAndATrackerShared() throws Exception {
        try (StubPeer peer = new StubPeer(Answer.json(200, ALLOWED_7))) {
            RevisionTracker shared = new RevisionTracker();
            shared.observe("acme", 5);
            RolegateClient.Builder base = RolegateClient.builder().baseUri(peer.uri()).token("t").revisions(shared);
            RolegateClient quiet = base.carryRevisions(false).build();
            RolegateClient carrying = base.build();
            quiet.check("acme", "bob", "x");
            assertEquals(OptionalLong.of(7), shared.latest("acme"), "still tracked");
            carrying.check("acme", "bob", "x");
            assertEquals("{\"subject\":\"bob\",\"operation\":\"x\"}", peer.received.get(0).body);
            assertTrue(peer.received.get(1).body.endsWith("\"atLeastRevision\":7}"));
            shared.observe("acme", 3);
            assertEquals(OptionalLong.of(7), shared.latest("acme"), "revisions only go up");
        }
    }

    @Test
    void theSsoExchangeIsRetriedOn503AndItsSessionNeverPrintsTheToken() throws Exception {
        String session = "{\"token\":\"aaa.bbb.ccc\",\"user\":{\"id\":\"alice@example.test\",\"email\":\"alice@example.test\","
                + "\"displayName\":null},\"expiresAt\":\"2026-05-04T11:00:00Z\"}";
        try (StubPeer peer = new StubPeer(Answer.problem(503, "database_unavailable", "down"), Answer.json(200, session))) {
            SsoSession s = client(peer, FAST).exchangeSsoCode("acme", "c0de");
            assertEquals("aaa.bbb.ccc", s.token());
            assertEquals("alice@example.test", s.userId());
            assertEquals("alice@example.test", s.email().orElseThrow());
            assertTrue(s.displayName().isEmpty());
            assertEquals(Instant.parse("2026-05-04T11:00:00Z"), s.expiresAt());
            assertFalse(s.toString().contains("aaa.bbb.ccc"));
            assertEquals(2, peer.received.size());
            assertEquals("/v1/accounts/acme/sso/token", peer.received.get(1).uri);
            assertEquals("{\"code\":\"c0de\"}", peer.received.get(1).body);
        }
    }

    @Test
    void asyncCallsCompleteWithTheResultOrTheProblem() throws Exception {
        try (StubPeer peer = new StubPeer(Answer.json(200, ALLOWED_7), Answer.problem(403, "forbidden", "no"))) {
            RolegateClient client = client(peer, FAST);
            assertTrue(client.checkAsync("acme", Check.operation("bob", "x")).get().allowed());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> client.checkAsync("acme", Check.operation("bob", "x")).get());
            assertEquals("forbidden", ((RolegateException) e.getCause()).code());
        }
    }

    @Test
    void noAnswerAtAllIsStatusZero() throws Exception {
        StubPeer peer = new StubPeer(Answer.json(200, ALLOWED_7));
        peer.close();
        RolegateException e = assertThrows(RolegateException.class, () -> client(peer, FAST).check("acme", "bob", "x"));
        assertEquals(0, e.status());
        assertEquals(1, e.attempts());
    }

    private static long gapMillis(StubPeer peer, int i) {
        return (peer.received.get(i + 1).nanos - peer.received.get(i).nanos) / 1_000_000;
    }
}
