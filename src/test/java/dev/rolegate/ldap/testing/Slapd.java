package dev.rolegate.ldap.testing;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OpenLDAP server for integration tests: {@code slapd} from the Debian packages, started on
 * a free loopback port from {@code src/test/resources/slapd/slapd.conf} (copied into a temporary
 * directory with that run's paths, a generated StartTLS certificate from {@link TestCertificates}
 * and random passwords), an mdb database in the same directory, seeded with
 * {@code slapd/seed.ldif}, stopped and deleted by {@link #close()}.
 *
 * <p>The server demands TLS for simple binds and caps unpaged searches at 1,000 entries, like a
 * production Active Directory. The reader binds as {@link #SYNC_DN}; {@link #admin()} binds as
 * the root DN to add or change entries.
 *
 * <p>Where slapd is not installed, {@link #startOrSkip()} skips the test with the install hint,
 * except under {@code CI=true}, where a missing slapd is a failure: CI must run these tests.
 */
public final class Slapd implements AutoCloseable {

    public static final String SUFFIX = "dc=example,dc=test";
    public static final String ROOT_DN = "cn=admin," + SUFFIX;
    public static final String SYNC_DN = "cn=sync," + SUFFIX;
    public static final String INSTALL_HINT = "install slapd and ldap-utils (apt-get install slapd ldap-utils)";
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/slapd"), Path.of("/usr/local/sbin/slapd"),
            Path.of("/usr/libexec/slapd"));
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Path dir;
    private final Process process;
    private final int port;
    private final TestCertificates certificates;
    private final String rootPassword;
    private final String syncPassword;
    private final Thread reaper;

    private Slapd(Path dir, Process process, int port, TestCertificates certificates, String rootPassword,
                  String syncPassword) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.certificates = certificates;
        this.rootPassword = rootPassword;
        this.syncPassword = syncPassword;
        this.reaper = new Thread(this::stop, "slapd-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** The slapd binary, if installed. */
    public static Optional<Path> binary() {
        Optional<Path> known = CANDIDATES.stream().filter(Files::isExecutable).findFirst();
        if (known.isPresent()) {
            return known;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).map(p -> Path.of(p, "slapd"))
                .filter(Files::isExecutable).findFirst();
    }

    /** Starts slapd, or skips the calling test when it is not installed (fails instead under CI=true). */
    public static Slapd startOrSkip() {
        Optional<Path> slapd = binary();
        if (slapd.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("slapd is not installed but CI=true: " + INSTALL_HINT);
            }
            Assumptions.abort("slapd is not installed: " + INSTALL_HINT);
        }
        return start(slapd.get());
    }

    /** Starts the given slapd binary. */
    public static Slapd start(Path slapd) {
        return start(slapd, null);
    }

    /**
     * Starts the given slapd binary on a database bulk-loaded with {@code slapadd} before the
     * server starts (the skeleton of {@code seed.ldif}, then {@code ldif}): far faster than adding
     * 100,000 entries over LDAP. {@code slapadd} (next to {@code slapd}) adds the operational
     * attributes, {@code entryUUID} and {@code modifyTimestamp} included.
     *
     * @param ldif entries under {@link #SUFFIX}, without the skeleton
     */
    public static Slapd startPreloaded(Path slapd, Path ldif) {
        return start(slapd, ldif);
    }

    private static Slapd start(Path slapd, Path preload) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("rolegate-slapd-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Files.createDirectories(dir.resolve("db"));
            TestCertificates certificates = TestCertificates.issue("localhost", "127.0.0.1");
            Files.writeString(dir.resolve("ca.pem"), certificates.caPem());
            Files.writeString(dir.resolve("server.pem"), certificates.serverCertificatePem());
            Files.writeString(dir.resolve("server.key"), certificates.serverKeyPem());
            String rootPassword = randomPassword();
            String syncPassword = randomPassword();
            String config = resource("slapd.conf")
                    .replace("@DIR@", dir.toString())
                    .replace("@SUFFIX@", SUFFIX)
                    .replace("@ROOTDN@", ROOT_DN)
                    .replace("@ROOTPW@", rootPassword)
                    .replace("@SYNCDN@", SYNC_DN);
            Path conf = dir.resolve("slapd.conf");
            Files.writeString(conf, config);
            String seed = resource("seed.ldif").replace("@SUFFIX@", SUFFIX).replace("@SYNCDN@", SYNC_DN)
                    .replace("@SYNCPW@", syncPassword);
            if (preload != null) {
                Path skeleton = dir.resolve("seed.ldif");
                Files.writeString(skeleton, seed);
                slapadd(slapd, conf, skeleton);
                slapadd(slapd, conf, preload);
            }
            int port = TestDirectory.freePort();
            Path log = dir.resolve("slapd.log");
            // -d none: stay in the foreground (a child we can stop) and log only what stops it.
            Process process = new ProcessBuilder(slapd.toString(), "-d", "none", "-f", conf.toString(),
                    "-h", "ldap://127.0.0.1:" + port + "/")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Slapd server = new Slapd(dir, process, port, certificates, rootPassword, syncPassword);
            server.awaitReady(log);
            if (preload == null) {
                server.seed(seed);
            }
            return server;
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException("cannot start slapd", e);
        }
    }

    private static void slapadd(Path slapd, Path conf, Path ldif) throws IOException {
        Path slapadd = slapd.resolveSibling("slapadd");
        Path log = conf.resolveSibling("slapadd.log");
        Process process = new ProcessBuilder(Files.isExecutable(slapadd) ? slapadd.toString() : "slapadd",
                "-q", "-f", conf.toString(), "-l", ldif.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("slapadd failed on " + ldif.getFileName() + ": " + tail(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + ldif, e);
        }
    }

    /** {@code ldap://localhost:port}: StartTLS-capable, certificate valid for localhost. */
    public String url() {
        return "ldap://localhost:" + port;
    }

    public int port() {
        return port;
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /**
     * Reader settings: StartTLS with this run's CA, bind as {@link #SYNC_DN}, inetOrgPerson users
     * under {@code ou=people} keyed by {@code entryUUID} with user id {@code uid}, groupOfNames
     * under {@code ou=groups}.
     */
    public LdapSettings.Builder settings() {
        return LdapSettings.builder()
                .url(url()).startTls(true).trustedCertificatePem(certificates.caPem())
                .bindDn(SYNC_DN).bindPassword(Secret.of(syncPassword))
                .userBaseDn("ou=people," + SUFFIX).userFilter("(objectClass=inetOrgPerson)")
                .groupBaseDn("ou=groups," + SUFFIX).groupFilter("(objectClass=groupOfNames)")
                .attributes(new LdapSettings.AttributeMapping("entryUUID", "uid", "mail", "displayName", null));
    }

    /**
     * {@link #settings()} as the body of {@code PUT /v1/accounts/{a}/directory/ldap} (a mutable
     * map: add {@code groupRoles} and the rest): StartTLS to {@link #url()} with this run's CA,
     * {@code member} membership with nesting, display names from {@code displayName}.
     */
    public java.util.Map<String, Object> settingsBody() {
        LdapSettings s = settings().build();
        java.util.Map<String, Object> body = new java.util.HashMap<>();
        body.put("url", s.url());
        body.put("startTls", true);
        body.put("trustedCertificatePem", s.trustedCertificatePem());
        body.put("bindDn", s.bindDn());
        body.put("bindPassword", syncPassword);
        body.put("userBaseDn", s.userBaseDn());
        body.put("userFilter", s.userFilter());
        body.put("groupBaseDn", s.groupBaseDn());
        body.put("groupFilter", s.groupFilter());
        body.put("membership", "member");
        body.put("nestedGroups", true);
        body.put("attributes", java.util.Map.of("id", "entryUUID", "userId", "uid", "email", "mail", "displayName", "displayName"));
        return body;
    }

    /** A new connection secured with StartTLS and bound as the root DN; close it after use. */
    public LDAPConnection admin() {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(5_000);
        options.setResponseTimeoutMillis(30_000);
        LDAPConnection connection = null;
        try {
            connection = new LDAPConnection(options, "localhost", port);
            // The harness trusts its own server; the reader under test verifies properly.
            var result = connection.processExtendedOperation(
                    new StartTLSExtendedRequest(new SSLUtil(new TrustAllTrustManager()).createSSLContext()));
            if (result.getResultCode() != ResultCode.SUCCESS) {
                throw new LDAPException(result);
            }
            connection.bind(ROOT_DN, rootPassword);
            return connection;
        } catch (Exception e) {
            if (connection != null) {
                connection.close();
            }
            throw new IllegalStateException("cannot connect to slapd as the root DN", e);
        }
    }

    /** Adds the entries of an LDIF text (as the root DN). */
    public void seed(String ldif) {
        try (LDAPConnection admin = admin();
             LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif.getBytes(StandardCharsets.UTF_8)))) {
            for (var entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                admin.add(entry);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot seed slapd: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs stop() itself
        }
        deleteQuietly(dir);
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: slapd shuts down cleanly
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Path log) {
        Instant deadline = Instant.now().plus(STARTUP);
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(500);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String why = "slapd exited with " + process.exitValue() + ": " + tail(log);
                close();
                throw new IllegalStateException(why);
            }
            try (LDAPConnection probe = new LDAPConnection(options, "127.0.0.1", port)) {
                probe.getRootDSE();
                return;
            } catch (LDAPException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        String why = "slapd did not answer within " + STARTUP + ": " + tail(log);
        close();
        throw new IllegalStateException(why);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Slapd.class.getResourceAsStream("/slapd/" + name)) {
            if (in == null) {
                throw new IOException("no resource /slapd/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
