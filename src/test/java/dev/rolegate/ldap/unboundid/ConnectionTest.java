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
import dev.rolegate.ldap.testing.TestCertificates;
import dev.rolegate.ldap.testing.TestDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS, authentication, timeouts and broken connections, each mapped to its error code. */
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

    @Test
    void anUntrustedCertificateFailsTls() {
        String otherCa = TestCertificates.issue("localhost").caPem();
        LdapException startTls = failure(directory.settings().allowPlaintext(false).startTls(true)
                .trustedCertificatePem(otherCa).build());
        assertEquals(LdapFailure.TLS_FAILED, startTls.failure(), startTls::getMessage);
        LdapException ldaps = failure(directory.settings().url(directory.ldapsUrl()).allowPlaintext(false)
                .trustedCertificatePem(otherCa).build());
        assertEquals(LdapFailure.TLS_FAILED, ldaps.failure(), ldaps::getMessage);
        assertEquals("ldap_tls_failed", ldaps.code());
    }

    @Test
    void aCertificateForAnotherHostFailsTls() {
        try (TestDirectory impostor = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif")
                .tls(TestCertificates.issue("ldap.elsewhere.test")).start()) {
            String ca = impostor.certificates().caPem();
            LdapException startTls = failure(impostor.settings().allowPlaintext(false).startTls(true)
                    .trustedCertificatePem(ca).build());
            assertEquals(LdapFailure.TLS_FAILED, startTls.failure(), startTls::getMessage);
            LdapException ldaps = failure(impostor.settings().url(impostor.ldapsUrl()).allowPlaintext(false)
                    .trustedCertificatePem(ca).build());
            assertEquals(LdapFailure.TLS_FAILED, ldaps.failure(), ldaps::getMessage);
        }
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
        assertEquals(LdapFailure.UNAVAILABLE, down.failure(), down::getMessage);
        assertTrue(down.getMessage().contains("localhost"), down.getMessage());
        assertTrue(down.getMessage().endsWith("Connection refused"), down.getMessage());
    }

    @Test
    void aSlowServerTimesOutAsUnavailable() {
        directory.server().setProcessingDelayMillis(1_500);
        try {
            LdapClientOptions impatient = new LdapClientOptions(Duration.ofSeconds(2), Duration.ofMillis(300), 1,
                    Duration.ofSeconds(60));
            LdapException slow = assertThrows(LdapException.class, () -> LDAP.open(directory.settings().build(), impatient));
            assertEquals(LdapFailure.UNAVAILABLE, slow.failure(), slow::getMessage);
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
