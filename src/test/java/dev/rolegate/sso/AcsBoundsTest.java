package dev.rolegate.sso;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.sso.saml.SamlTestLogins;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unauthenticated work at the ACS is bounded (issue 11 item 9), through HTTP on the real
 * PostgreSQL with real signed responses of the test IdP: a response over
 * {@code rolegate.sso.max-response-size} is a 413 {@code saml_response_too_large} before it is
 * admitted to validation (so never decoded or parsed); with every validation slot of one account
 * held (through {@link AcsAdmission}'s test seam, deterministically, no timing), one more post to
 * that account is a 503 {@code saml_busy} with {@code Retry-After}, while another account's login
 * goes through; the slots come back in every path and leave no entry behind.
 */
@QuarkusTest
class AcsBoundsTest {

    @Inject
    AcsAdmission admission;

    @Inject
    SsoConfig config;

    @Inject
    SettableClock clock;

    @BeforeEach
    void pinClock() {
        clock.set(SamlTestLogins.NOW);
    }

    @AfterEach
    void reset() {
        admission.onAdmitted(null);
        clock.reset();
    }

    /** Base64 of {@code bytes} bytes that are not XML: parsing them could only give 400. */
    private static String garbage(int bytes) {
        byte[] raw = new byte[bytes];
        Arrays.fill(raw, (byte) '<');
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void theDefaultBoundsAreDocumented() {
        assertEquals(256 * 1024, admission.maxResponseBytes());
        assertEquals(4, config.maxConcurrentValidations());
    }

    @Test
    void anOversizeResponseIs413BeforeItIsAdmittedOrParsed() {
        String a = Api.createAccount("acs-size");
        SamlTestLogins.configure(a);
        AtomicInteger admitted = new AtomicInteger();
        admission.onAdmitted(account -> admitted.incrementAndGet());
        int max = admission.maxResponseBytes();

        // one byte over: refused by the length of the base64 value, unread (its length is that
        // of max bytes' base64 too: the padding tells them apart)
        SamlTestLogins.postAcs(a, garbage(max + 1)).then().statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("saml_response_too_large"))
                .body("status", equalTo(413))
                .body("detail", equalTo("The SAMLResponse is larger than the 262144 bytes this service accepts "
                        + "(rolegate.sso.max-response-size)."));
        assertEquals(0, admitted.get(), "an oversize response never reaches validation");
        // far over, beyond the form attribute limit of the HTTP layer (512K) but inside the body limit
        SamlTestLogins.postAcs(a, garbage(450 * 1024)).then().log().ifValidationFails().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("saml_response_too_large"));
        assertEquals(0, admitted.get());

        // exactly at the bound, with MIME line breaks (not counted): admitted and parsed, so the
        // generic refusal of a malformed response
        String wrapped = Base64.getMimeEncoder().encodeToString(new String(new char[max]).replace('\0', '<')
                .getBytes(StandardCharsets.US_ASCII));
        assertTrue(wrapped.length() > (max + 2) / 3 * 4, "line breaks make the value longer than the bound");
        SamlTestLogins.postAcs(a, wrapped).then().statusCode(400).body("code", equalTo("sso_login_failed"));
        assertEquals(1, admitted.get());

        // a real signed login, wrapped the way IdPs wrap base64, still logs in
        String signed = SamlTestLogins.signedResponse(a, List.of("engineering")).samlResponse();
        String mime = Base64.getMimeEncoder().encodeToString(Base64.getDecoder().decode(signed));
        SamlTestLogins.postAcs(a, mime).then().statusCode(302);
    }

    @Test
    void aFullAccountIs503WithRetryAfterWhileAnotherAccountLogsIn() throws Exception {
        String a = Api.createAccount("acs-busy");
        String b = Api.createAccount("acs-free");
        SamlTestLogins.configure(a);
        SamlTestLogins.configure(b);
        int slots = config.maxConcurrentValidations();
        CountDownLatch held = new CountDownLatch(slots);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger onEventLoop = new AtomicInteger();
        admission.onAdmitted(account -> {
            threads.add(Thread.currentThread().getName());
            if (io.vertx.core.Context.isOnEventLoopThread()) {
                onEventLoop.incrementAndGet();
            }
            if (account.equals(a)) {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        ExecutorService posts = Executors.newFixedThreadPool(slots);
        try {
            List<Future<Response>> inFlight = new ArrayList<>();
            for (int i = 0; i < slots; i++) {
                inFlight.add(posts.submit(() -> SamlTestLogins.postAcs(a, garbage(1024))));
            }
            assertTrue(held.await(30, TimeUnit.SECONDS), "every slot of the account is held");
            assertEquals(slots, admission.inFlight(a));

            Response busy = SamlTestLogins.postAcs(a, garbage(1024));
            busy.then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "1")
                    .body("code", equalTo("saml_busy"))
                    .body("status", equalTo(503));
            // a valid login of the same account is refused as well: nothing queues
            SamlTestLogins.postAcs(a, SamlTestLogins.signedResponse(a, List.of()).samlResponse())
                    .then().statusCode(503).body("code", equalTo("saml_busy"));

            // the other account logs in meanwhile, end to end (code → session JWT)
            Response other = SamlTestLogins.postAcs(b, SamlTestLogins.signedResponse(b, List.of("engineering"))
                    .samlResponse());
            other.then().statusCode(302);
            Api.as(Tokens.check(b)).body(Map.of("code", SamlTestLogins.codeOf(other)))
                    .post("/v1/accounts/" + b + "/sso/token").then().statusCode(200)
                    .body("user.id", equalTo("alice@example.test"));
            assertEquals(slots, admission.inFlight(a), "the held validations are still in flight");

            release.countDown();
            for (Future<Response> post : inFlight) {
                Response answer = post.get(30, TimeUnit.SECONDS);
                assertEquals(400, answer.statusCode());
                assertEquals("sso_login_failed", answer.jsonPath().getString("code"));
            }
        } finally {
            release.countDown();
            posts.shutdownNow();
        }
        assertEquals(0, admission.inFlight(a));
        assertEquals(0, admission.accountsInFlight(), "no entry stays behind for an idle account");
        assertEquals(0, onEventLoop.get(), "validation never runs on the event loop: " + threads);
        assertFalse(threads.isEmpty());

        // the slots are back: the account's next login goes through
        SamlTestLogins.postAcs(a, SamlTestLogins.signedResponse(a, List.of()).samlResponse()).then().statusCode(302);
    }

    @Test
    void everyRefusalGivesItsSlotBack() {
        String a = Api.createAccount("acs-slots");
        SamlTestLogins.configure(a);
        String unconfigured = Api.createAccount("acs-slots-none");
        int slots = config.maxConcurrentValidations();
        // more refusals than slots, one after another: a slot kept by any path would end in 503
        for (int i = 0; i <= slots; i++) {
            SamlTestLogins.postAcs(a, garbage(64)).then().statusCode(400).body("code", equalTo("sso_login_failed"));
            SamlTestLogins.postAcs(a, SamlTestLogins.signedResponse(unconfigured, List.of()).samlResponse())
                    .then().statusCode(400).body("code", equalTo("sso_login_failed"));
            SamlTestLogins.postAcs(unconfigured, garbage(64)).then().statusCode(400)
                    .body("code", equalTo("sso_login_failed"));
        }
        admission.onAdmitted(account -> {
            throw new IllegalStateException("a failure inside the admitted work");
        });
        for (int i = 0; i <= slots; i++) {
            SamlTestLogins.postAcs(a, garbage(64)).then().statusCode(500);
        }
        admission.onAdmitted(null);
        assertEquals(0, admission.accountsInFlight());
        SamlTestLogins.postAcs(a, SamlTestLogins.signedResponse(a, List.of()).samlResponse()).then().statusCode(302);
    }
}
