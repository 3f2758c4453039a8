package dev.rolegate.platform.local;

import dev.rolegate.policy.cli.PolicyCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * The service's entry point. A command line starting with {@code policy} is the policy command
 * line ({@link PolicyCommand}, {@code docs/policy-cli.md}): it runs and exits before anything
 * below, so no database starts and Quarkus never boots. Otherwise, before Quarkus starts, it
 * prepares what a local run needs:
 *
 * <ul>
 *   <li>no datasource URL configured ({@code quarkus.datasource.jdbc.url} /
 *       {@code QUARKUS_DATASOURCE_JDBC_URL}): starts the embedded PostgreSQL with its data in
 *       {@code rolegate.data-dir} (default {@code ~/.rolegate}) and says so loudly;</li>
 *   <li>dev profile and no JWT verification key configured: generates a dev-only key pair in
 *       the data directory and uses it for verifying and for {@code POST /dev/token};</li>
 *   <li>dev profile and no {@code rolegate.sso.key-encryption-key}: generates a dev-only one in
 *       the data directory, so LDAP settings (whose bind password is stored only encrypted) can
 *       be saved. Any other profile without the key refuses them (503
 *       {@code encryption_key_missing}).</li>
 * </ul>
 *
 * Settings are read from system properties and environment variables, as Quarkus would.
 */
@QuarkusMain
public final class RolegateMain {

    private static final Logger LOG = Logger.getLogger(RolegateMain.class);

    private RolegateMain() {
    }

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals(PolicyCommand.NAME)) {
            PolicyCommand.main(Arrays.copyOfRange(args, 1, args.length)); // exits the JVM
            return;
        }
        Path dataDir = Path.of(setting("rolegate.data-dir",
                Path.of(System.getProperty("user.home"), ".rolegate").toString()));
        if (setting("quarkus.datasource.jdbc.url", "").isBlank()) {
            int port = Integer.parseInt(setting("rolegate.embedded-postgres.port", "0"));
            EmbeddedDatabase db = EmbeddedDatabase.persistent(dataDir.resolve("pgdata"), port);
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-postgres-stop"));
            System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
            System.setProperty("quarkus.datasource.username", db.username());
            System.setProperty("quarkus.datasource.password", db.password());
            LOG.warnf("""

                    ************************************************************************
                    *  No datasource configured: running on the EMBEDDED PostgreSQL        *
                    *  (data in %s, port %d).
                    *  For production set QUARKUS_DATASOURCE_JDBC_URL, _USERNAME, _PASSWORD. *
                    ************************************************************************""",
                    dataDir.resolve("pgdata"), db.port());
        }
        String profile = setting("quarkus.profile", "prod");
        if (profile.equals("dev") && setting("mp.jwt.verify.publickey.location", "").isBlank()
                && setting("mp.jwt.verify.publickey", "").isBlank()) {
            Path keys = DevKeys.ensure(dataDir.resolve("dev-keys"));
            System.setProperty("mp.jwt.verify.publickey.location", keys.resolve(DevKeys.PUBLIC_KEY_FILE).toString());
            System.setProperty("smallrye.jwt.sign.key.location", keys.resolve(DevKeys.PRIVATE_KEY_FILE).toString());
            LOG.warnf("dev profile: using the DEV-ONLY JWT key pair in %s; POST /dev/token mints tokens", keys);
        }
        if (profile.equals("dev") && setting("rolegate.sso.key-encryption-key", "").isBlank()) {
            Path keys = dataDir.resolve("dev-keys");
            System.setProperty("rolegate.sso.key-encryption-key", DevKeys.ensureKeyEncryptionKey(keys));
            LOG.warnf("dev profile: using the DEV-ONLY key-encryption key in %s for stored secrets (LDAP bind password, private keys)", keys);
        }
        Quarkus.run(args);
    }

    /** A setting from system properties, then the environment (Quarkus's naming rule). */
    static String setting(String key, String fallback) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null ? fallback : value;
    }
}
