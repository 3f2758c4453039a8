package dev.rolegate.replica;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rolegate.platform.local.DevKeys;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar is safe by default (issue 11 item 7): the prod profile with nothing
 * configured refuses to start, one line per missing property; {@code --help} prints the usage
 * and exits 0; the dev profile (whose {@code /dev/token} mints platform tokens) listens on
 * 127.0.0.1 only; a second instance on a data directory in use says so in one line and exits.
 */
class LaunchSafetyIT {

    /** Generous for a loaded machine; each refusal takes about a second on a quiet one. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void prodWithNothingConfiguredRefusesToStartNamingEachProperty() throws Exception {
        ServiceProcess.Exit exit = ServiceProcess.runToExit("launch-prod-empty",
                Map.of("ROLEGATE_DATA_DIR", dataDir.toString()), List.of(), List.of(), LIMIT);
        assertEquals(1, exit.code(), exit::output);
        assertEquals(List.of(
                "rolegate: refusing to start: quarkus.datasource.jdbc.url is not set: point it (QUARKUS_DATASOURCE_JDBC_URL) "
                        + "at your PostgreSQL, or set rolegate.embedded-database=true to run on the embedded one in rolegate.data-dir",
                "rolegate: refusing to start: mp.jwt.verify.publickey.location is not set (nor mp.jwt.verify.publickey): set it "
                        + "(MP_JWT_VERIFY_PUBLICKEY_LOCATION) to the PEM public key that verifies bearer tokens",
                "rolegate: refusing to start: rolegate.sso.key-encryption-key is not set: secrets are never stored in the clear "
                        + "in production; set ROLEGATE_SSO_KEY_ENCRYPTION_KEY to the output of `openssl rand -base64 32`"),
                lines(exit.output()));
        try (var written = Files.list(dataDir)) {
            assertEquals(List.of(), written.toList(), "no database started, nothing written");
        }
    }

    @Test
    void prodWithoutOnlyTheKeyEncryptionKeyNamesThatOne() throws Exception {
        Path keys = DevKeys.ensure(dataDir.resolve("keys"));
        ServiceProcess.Exit exit = ServiceProcess.runToExit("launch-prod-no-kek", Map.of(
                "ROLEGATE_DATA_DIR", dataDir.resolve("data").toString(),
                "ROLEGATE_EMBEDDED_DATABASE", "true",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.resolve(DevKeys.PUBLIC_KEY_FILE).toString()),
                List.of(), List.of(), LIMIT);
        assertEquals(1, exit.code(), exit::output);
        assertEquals(List.of("rolegate: refusing to start: rolegate.sso.key-encryption-key is not set: secrets are never "
                + "stored in the clear in production; set ROLEGATE_SSO_KEY_ENCRYPTION_KEY to the output of "
                + "`openssl rand -base64 32`"), lines(exit.output()));
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        ServiceProcess.Exit exit = ServiceProcess.runToExit("launch-help",
                Map.of("ROLEGATE_DATA_DIR", dataDir.toString()), List.of(), List.of("--help"), LIMIT);
        assertEquals(0, exit.code(), exit::output);
        List<String> lines = lines(exit.output());
        assertEquals("Usage: java [-Dkey=value ...] -jar quarkus-run.jar [--help]", lines.get(0));
        assertTrue(lines.contains("Profiles (quarkus.profile):"), exit::output);
        assertTrue(lines.contains("  mvn -DskipTests package && java -Dquarkus.profile=dev -jar target/quarkus-app/quarkus-run.jar"),
                exit::output);
        assertTrue(lines.contains("  mvn verify"), exit::output);
        assertTrue(exit.output().contains("rolegate.embedded-database=true"), exit::output);
        assertFalse(exit.output().contains("Listening on"), "the service did not start");
        try (var written = Files.list(dataDir)) {
            assertEquals(List.of(), written.toList());
        }
    }

    @Test
    void devListensOnLoopbackOnlyAndASecondInstanceOnItsDataDirectoryExits() throws Exception {
        try (ServiceProcess dev = ServiceProcess.start("launch-dev",
                Map.of("ROLEGATE_DATA_DIR", dataDir.toString()), List.of("-Dquarkus.profile=dev"))) {
            int port = URI.create(dev.baseUri()).getPort();
            String listening = "Listening on: http://127.0.0.1:" + port;
            String log = awaitInOutput(dev, listening);
            assertTrue(log.contains(listening), log);
            // the token endpoint answers on loopback, and only there
            given().baseUri(dev.baseUri()).contentType("application/json").body("{\"scope\":\"rbac:platform\"}")
                    .post("/dev/token").then().statusCode(200);
            Optional<InetAddress> outside = nonLoopbackAddress();
            assumeTrue(outside.isPresent(), "this machine has no non-loopback IPv4 address to try");
            assertThrows(IOException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(outside.get(), port), 2000);
                }
            }, "dev must not be reachable on " + outside.get().getHostAddress());

            // a second instance on the same data directory, here the prod profile on the
            // embedded database asked for explicitly: it passes the settings checks, then meets the lock
            ServiceProcess.Exit second = ServiceProcess.runToExit("launch-second", Map.of(
                    "ROLEGATE_DATA_DIR", dataDir.toString(),
                    "ROLEGATE_EMBEDDED_DATABASE", "true",
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", dataDir.resolve("dev-keys").resolve(DevKeys.PUBLIC_KEY_FILE).toString(),
                    "ROLEGATE_SSO_KEY_ENCRYPTION_KEY", DevKeys.ensureKeyEncryptionKey(dataDir.resolve("dev-keys"))),
                    List.of(), List.of(), LIMIT);
            assertEquals(1, second.code(), second::output);
            assertEquals(List.of("rolegate: another instance (pid " + dev.pid() + ") is using the data directory " + dataDir
                    + ": stop it, or give this one its own rolegate.data-dir"), lines(second.output()));
            given().baseUri(dev.baseUri()).get("/q/health/live").then().statusCode(200);
        }
    }

    /** Its output once it holds {@code text} (the start-up line follows the first live answer closely), or after 20 s. */
    private static String awaitInOutput(ServiceProcess service, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String output = service.output();
        while (!output.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            output = service.output();
        }
        return output;
    }

    /** The output's lines, without the JVM's own notes (e.g. "Picked up JAVA_TOOL_OPTIONS"). */
    private static List<String> lines(String output) {
        return output.lines().filter(line -> !line.startsWith("Picked up ")).toList();
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
