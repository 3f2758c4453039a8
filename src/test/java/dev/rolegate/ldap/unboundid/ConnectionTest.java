package dev.rolegate.ldap.unboundid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapException;
import dev.rolegate.ldap.LdapFailure;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.Secret;
import dev.rolegate.ldap.testing.NotLdapListener;
import dev.rolegate.ldap.testing.TestCertificates;
import dev.rolegate.ldap.testing.TestDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS, authentication, timeouts and broken connections, each mapped to its error code; a host
 * that never answered as an LDAP server gets one answer, whatever the reason (issue 11 item 2).
 */
class ConnectionTest {

    static final UnboundIdDirectory LDAP = new UnboundIdDirectory();
    static final LdapClientOptions FAST = new LdapClientOptions(Duration.ofSeconds(2), Duration.ofSeconds(2), 2,
            Duration.ofSeconds(60));
    static TestDirectory directory;

    @BeforeAll
    static void start() {
        directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif")
                .tls(TestCertificates.issue("localhost", "127.0.0.1")).start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    static long countUsers(LdapSettings settings) throws LdapException {
        try (DirectoryReader reader = LDAP.open(settings, FAST)) {
            return reader.readFull().users().size();
        }
    }

    static LdapException failure(LdapSettings settings) {
        return assertThrows(LdapException.class, () -> countUsers(settings));
    }

    @Test
    void startTlsWithTheConfiguredCaWorks() throws Exception {
        LdapSettings settings = directory.settings().allowPlaintext(false).startTls(true)
                .trustedCertificatePem(directory.certificates().caPem()).build();
        assertEquals(6, countUsers(settings));
    }

    /**
     * Regression: the StartTLS upgrade used to re-check the host name on
     * {@code connection.getSSLSession()}, which UnboundID's reader thread publishes a moment after
     * the StartTLS call returns; under load the check saw the plain socket (no session) and failed
     * with "certificate does not name localhost". Many StartTLS connects at once, on more threads
     * than cores, widen that window; every one must succeed.
     */
    @Test
    void concurrentStartTlsConnectsAllPassTheHostnameCheck() throws Exception {
        LdapSettings settings = directory.settings().allowPlaintext(false).startTls(true)
                .trustedCertificatePem(directory.certificates().caPem()).build();
        int threads = 16;
        int connectsPerThread = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < connectsPerThread; i++) {
                        try (DirectoryReader reader = LDAP.open(settings, LdapClientOptions.defaults())) {
                            ok += reader.findUser("alice").isPresent() ? 1 : 0;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (java.util.concurrent.Future<Integer> result : results) {
                ok += result.get(); // an LdapException (ldap_tls_failed) fails the test here
            }
            assertEquals(threads * connectsPerThread, ok);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ldapsWithTheConfiguredCaWorks() throws Exception {
        LdapSettings settings = directory.settings().url(directory.ldapsUrl()).allowPlaintext(false)
                .trustedCertificatePem(directory.certificates().caPem()).build();
        assertEquals(6, countUsers(settings));
    }

    /**
     * An untrusted certificate after a StartTLS response is a TLS failure (the server answered as
     * LDAP); at the handshake of ldaps:// it is one of the ways a host may not be an LDAP server,
     * so it gets the one answer of {@link #assertNoLdapAnswer}.
     */
    @Test
    void anUntrustedCertificateFailsTlsOnlyAfterAnLdapAnswer() {
        String otherCa = TestCertificates.issue("localhost").caPem();
        LdapException startTls = failure(directory.settings().allowPlaintext(false).startTls(true)
                .trustedCertificatePem(otherCa).build());
        assertEquals(LdapFailure.TLS_FAILED, startTls.failure(), startTls::getMessage);
        assertEquals("ldap_tls_failed", startTls.code());
        assertNoLdapAnswer(failure(directory.settings().url(directory.ldapsUrl()).allowPlaintext(false)
                .trustedCertificatePem(otherCa).build()));
    }

    @Test
    void aCertificateForAnotherHostFailsTlsOnlyAfterAnLdapAnswer() {
        try (TestDirectory impostor = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif")
                .tls(TestCertificates.issue("ldap.elsewhere.test")).start()) {
            String ca = impostor.certificates().caPem();
            LdapException startTls = failure(impostor.settings().allowPlaintext(false).startTls(true)
                    .trustedCertificatePem(ca).build());
            assertEquals(LdapFailure.TLS_FAILED, startTls.failure(), startTls::getMessage);
            assertNoLdapAnswer(failure(impostor.settings().url(impostor.ldapsUrl()).allowPlaintext(false)
                    .trustedCertificatePem(ca).build()));
        }
    }

    /**
     * The one answer for a host that never answered as an LDAP server: ldap_unavailable with a
     * fixed message that tells refused, timed out, TLS and "not LDAP" apart in no way, and echoes
     * no network exception.
     */
    static void assertNoLdapAnswer(LdapException e) {
        assertEquals(LdapFailure.UNAVAILABLE, e.failure(), e::getMessage);
        assertEquals(LdapException.NO_LDAP_ANSWER, e.getMessage());
    }

    @Test
    void aWrongPasswordIsAnAuthFailureThatNeverShowsThePassword() {
        String wrong = "Wr0ng-But-Secret-7731";
        LdapException refused = failure(directory.settings().bindPassword(Secret.of(wrong)).build());
        assertEquals(LdapFailure.AUTH_FAILED, refused.failure());
        assertFalse(refused.getMessage().contains(wrong), refused.getMessage());
        assertFalse(String.valueOf(refused.getCause()).contains(wrong), String.valueOf(refused.getCause()));
        LdapException unknownDn = failure(directory.settings().bindDn("cn=nobody,dc=example,dc=test").build());
        assertEquals(LdapFailure.AUTH_FAILED, unknownDn.failure());
    }

    @Test
    void nobodyListeningIsUnavailable() {
        LdapException down = failure(directory.settings().url("ldap://localhost:" + TestDirectory.freePort()).build());
        assertNoLdapAnswer(down);
        assertFalse(down.getMessage().contains("localhost:"), down.getMessage());
    }

    /**
     * A listener that is not LDAP (answers HTTP, or closes the connection), over plain LDAP, over
     * StartTLS and over ldaps://, gets exactly the answer of a port where nothing listens: who
     * edits the settings learns nothing about what else runs on the network.
     */
    @Test
    void aListenerThatIsNotLdapGetsTheAnswerOfAClosedPort() {
        String refusedAnswer = failure(directory.settings().url("ldap://localhost:" + TestDirectory.freePort()).build())
                .getMessage();
        for (NotLdapListener.Behaviour behaviour : NotLdapListener.Behaviour.values()) {
            try (NotLdapListener listener = NotLdapListener.start(behaviour)) {
                String at = "localhost:" + listener.port();
                List<LdapSettings> tries = List.of(
                        directory.settings().url("ldap://" + at).build(),
                        directory.settings().url("ldap://" + at).allowPlaintext(false).startTls(true)
                                .trustedCertificatePem(directory.certificates().caPem()).build(),
                        directory.settings().url("ldaps://" + at).allowPlaintext(false)
                                .trustedCertificatePem(directory.certificates().caPem()).build());
                for (LdapSettings settings : tries) {
                    LdapException e = failure(settings);
                    assertNoLdapAnswer(e);
                    assertEquals(refusedAnswer, e.getMessage(), behaviour + " " + settings.url());
                }
            }
        }
    }

    @Test
    void aSlowServerTimesOutAsUnavailable() {
        directory.server().setProcessingDelayMillis(1_500);
        try {
            LdapClientOptions impatient = new LdapClientOptions(Duration.ofSeconds(2), Duration.ofMillis(300), 1,
                    Duration.ofSeconds(60));
            LdapException slow = assertThrows(LdapException.class, () -> LDAP.open(directory.settings().build(), impatient));
            assertNoLdapAnswer(slow);
        } finally {
            directory.server().setProcessingDelayMillis(0);
        }
    }

    @Test
    void aMissingBaseDnIsASearchFailure() throws Exception {
        try (DirectoryReader reader = LDAP.open(directory.settings().userBaseDn("ou=nowhere,dc=example,dc=test").build(), FAST)) {
            LdapException missing = assertThrows(LdapException.class, reader::readFull);
            assertEquals(LdapFailure.SEARCH_FAILED, missing.failure(), missing::getMessage);
            assertTrue(missing.getMessage().contains("noSuchObject") || missing.getMessage().contains("no such object"),
                    missing.getMessage());
        }
    }

    @Test
    void thePoolReplacesConnectionsTheServerDropped() throws Exception {
        try (TestDirectory flaky = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start();
             DirectoryReader reader = LDAP.open(flaky.settings().build(), FAST)) {
            assertEquals(6, reader.readFull().users().size());
            flaky.restart(); // every pooled connection is now dead
            assertEquals(6, reader.readFull().users().size());
            assertEquals(6, reader.probe().users());
        }
    }
}
