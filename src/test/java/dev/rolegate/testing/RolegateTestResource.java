package dev.rolegate.testing;

import dev.rolegate.platform.local.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * What every {@code @QuarkusTest} needs before Quarkus starts: a real PostgreSQL. (The JWT key
 * pair is generated for each run by SmallRye JWT's test-mode key generation: no key file exists.)
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
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
