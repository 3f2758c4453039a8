package dev.rolegate.testing;

import dev.rolegate.platform.local.DevKeys;
import dev.rolegate.platform.local.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What every {@code @QuarkusTest} needs before Quarkus starts: a real PostgreSQL and a JWT key
 * pair generated for this run.
 *
 * <p>The database is a throw-away embedded PostgreSQL, unless {@code QUARKUS_DATASOURCE_JDBC_URL}
 * (and _USERNAME, _PASSWORD) point at a server, which is then used as is (tests create accounts
 * with unique ids, so an existing database is fine).
 */
@QuarkusTestResource(value = RolegateTestResource.class, restrictToAnnotatedClass = false)
public class RolegateTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        String external = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (external == null || external.isBlank()) {
            database = EmbeddedDatabase.temporary();
            config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
            config.put("quarkus.datasource.username", database.username());
            config.put("quarkus.datasource.password", database.password());
        }
        try {
            Path keys = DevKeys.ensure(Files.createTempDirectory("rolegate-test-keys"));
            config.put("mp.jwt.verify.publickey.location", keys.resolve(DevKeys.PUBLIC_KEY_FILE).toString());
            config.put("smallrye.jwt.sign.key.location", keys.resolve(DevKeys.PRIVATE_KEY_FILE).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
