package dev.rolegate.replica;

import static io.restassured.RestAssured.given;

import dev.rolegate.platform.local.DevKeys;
import dev.rolegate.platform.local.EmbeddedDatabase;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * What the multi-instance tests share: a PostgreSQL they can stop and start again (embedded,
 * persistent data directory, fixed port), a key pair and a key-encryption key generated for
 * the run, and the settings every instance gets (the prod profile refuses to start without
 * them).
 */
final class ReplicaFixture implements AutoCloseable {

    static final String ISSUER = "rolegate-it";

    private final Path dataDirectory;
    private final int databasePort;
    private final Path keys;
    private final PrivateKey signingKey;
    private final String keyEncryptionKey;
    private EmbeddedDatabase database;

    ReplicaFixture() throws Exception {
        Path root = Files.createTempDirectory("rolegate-it");
        dataDirectory = root.resolve("pgdata");
        databasePort = ServiceProcess.freePort();
        keys = DevKeys.ensure(root.resolve("keys"));
        signingKey = readPrivateKey(keys.resolve(DevKeys.PRIVATE_KEY_FILE));
        keyEncryptionKey = DevKeys.ensureKeyEncryptionKey(root.resolve("keys"));
        startDatabase();
    }

    void startDatabase() {
        database = EmbeddedDatabase.persistent(dataDirectory, databasePort);
    }

    void stopDatabase() {
        database.close();
        database = null;
    }

    /** The key-encryption key every instance of the run gets (base64 of 32 bytes). */
    String keyEncryptionKey() {
        return keyEncryptionKey;
    }

    /** The public key every instance of the run verifies bearer tokens with (PEM file). */
    Path publicKey() {
        return keys.resolve(DevKeys.PUBLIC_KEY_FILE);
    }

    /** The JDBC URL of the shared database (user and password {@code postgres}), for a test's own look. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres";
    }

    /** The environment of an instance on this database, with extra settings. */
    Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey().toString());
        env.put("MP_JWT_VERIFY_ISSUER", ISSUER);
        env.put("ROLEGATE_SSO_KEY_ENCRYPTION_KEY", keyEncryptionKey);
        env.putAll(extra);
        return env;
    }

    /**
     * As {@link #environment}, but with no datasource password at all (no
     * {@code QUARKUS_DATASOURCE_PASSWORD}): the embedded server trusts local connections (its
     * initdb runs with {@code -A trust}), as a PostgreSQL with trust authentication does, so an
     * instance must start and work without one.
     */
    Map<String, String> environmentWithoutPassword(Map<String, String> extra) {
        Map<String, String> env = environment(extra);
        env.remove("QUARKUS_DATASOURCE_PASSWORD");
        return env;
    }

    String token(String account, String subject, String scope) {
        var claims = Jwt.issuer(ISSUER).subject(subject).claim("scope", scope).expiresIn(Duration.ofMinutes(30));
        if (account != null) {
            claims.claim("account", account);
        }
        return claims.jws().keyId("it").sign(signingKey);
    }

    RequestSpecification as(ServiceProcess service, String token) {
        return given().baseUri(service.baseUri()).contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    private static PrivateKey readPrivateKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** Closes each resource that is not null, in order: an IT's service, then its fixture. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (database != null) {
            database.close();
        }
    }
}
