package dev.rolegate.platform.local;

import dev.rolegate.policy.cli.PolicyCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The service's entry point. A command line starting with {@code policy} is the policy command
 * line ({@link PolicyCommand}, {@code docs/policy-cli.md}): it runs and exits before anything
 * below, so no database starts and Quarkus never boots; {@code --help} (or {@code -h}) prints
 * {@link #USAGE} and exits 0. Otherwise, before Quarkus starts:
 *
 * <ol>
 *   <li>the settings pass {@link LaunchChecks} or the process prints one line per problem on
 *       stderr ({@code rolegate: refusing to start: ...}) and exits 1: outside the dev profile a
 *       JWT verification key, a key-encryption key and a datasource (or
 *       {@code rolegate.embedded-database=true}) are required;</li>
 *   <li>an instance that keeps state in {@code rolegate.data-dir} (default {@code ~/.rolegate}:
 *       the embedded PostgreSQL, the dev profile's keys) locks it ({@link DataDirectoryLock})
 *       for its lifetime; when another instance holds it, one line on stderr and exit 1;</li>
 *   <li>the embedded PostgreSQL starts when chosen, with its data in {@code pgdata/} there, and
 *       says so loudly;</li>
 *   <li>dev profile and no JWT verification key configured: generates a dev-only key pair in
 *       the data directory and uses it for verifying and for {@code POST /dev/token};</li>
 *   <li>dev profile and no {@code rolegate.sso.key-encryption-key}: generates a dev-only one in
 *       the data directory.</li>
 * </ol>
 *
 * Settings are read as Quarkus reads them at run time (system properties, environment
 * variables, {@code .env}, {@code config/application.properties}, the packaged
 * {@code application.properties}, with {@code %profile.} keys of the active profile).
 */
@QuarkusMain
public final class RolegateMain {

    private static final Logger LOG = Logger.getLogger(RolegateMain.class);

    private RolegateMain() {
    }

    /** What {@code --help} prints: the profiles, the main settings, the README's two commands. */
    static final String USAGE = """
            Usage: java [-Dkey=value ...] -jar quarkus-run.jar [--help]
                   java -jar quarkus-run.jar policy validate|test|diff ...   (docs/policy-cli.md)

            Runs the Rolegate service. Each setting is a -Dkey=value, an environment variable
            (upper case, '.' and '-' as '_'), or a line of application.properties.

            Profiles (quarkus.profile):
              prod (default)  refuses to start unless mp.jwt.verify.publickey.location (or
                              mp.jwt.verify.publickey), rolegate.sso.key-encryption-key and
                              quarkus.datasource.jdbc.url (or rolegate.embedded-database=true) are set
              dev             for your machine: listens on 127.0.0.1 only, embedded PostgreSQL unless
                              quarkus.datasource.jdbc.url is set, dev-only keys, POST /dev/token

            Main settings (README "Configuration" lists them all):
              quarkus.datasource.jdbc.url, .username, .password   your PostgreSQL
              rolegate.embedded-database=true    run on the embedded PostgreSQL (data in rolegate.data-dir)
              rolegate.data-dir                  embedded PostgreSQL data and dev keys (default ~/.rolegate);
                                                 one instance at a time (lock file rolegate.lock)
              mp.jwt.verify.publickey.location   PEM public key that verifies bearer tokens
              mp.jwt.verify.issuer               required iss of bearer tokens (default rolegate)
              rolegate.sso.key-encryption-key    base64 of 32 random bytes (openssl rand -base64 32)
              rolegate.sso.public-base-url       public URL of the service (SAML entityIDs, ACS URLs)
              quarkus.http.host, quarkus.http.port   where to listen (default 0.0.0.0:8080; dev 127.0.0.1)

            From a clone (README "Two commands"):
              mvn -DskipTests package && java -Dquarkus.profile=dev -jar target/quarkus-app/quarkus-run.jar
              mvn verify
            """;

    /** Held for the process lifetime: the OS releases it when the process ends. */
    private static DataDirectoryLock dataDirectoryLock;

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals(PolicyCommand.NAME)) {
            PolicyCommand.main(Arrays.copyOfRange(args, 1, args.length)); // exits the JVM
            return;
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            System.out.flush();
            System.exit(0);
        }
        String profile = settings(Optional.empty()).getOptionalValue("quarkus.profile", String.class).orElse("prod");
        SmallRyeConfig settings = settings(Optional.of(profile));
        boolean dev = LaunchChecks.isDev(profile);
        LaunchChecks.Verdict verdict = LaunchChecks.check(profile, key -> settings.getOptionalValue(key, String.class));
        if (!verdict.problems().isEmpty()) {
            verdict.problems().forEach(problem -> System.err.println("rolegate: refusing to start: " + problem));
            System.exit(1);
        }
        Path dataDir = Path.of(setting(settings, "rolegate.data-dir",
                Path.of(System.getProperty("user.home"), ".rolegate").toString()));
        if (verdict.embeddedDatabase() || dev) {
            dataDirectoryLock = DataDirectoryLock.tryAcquire(dataDir).orElse(null);
            if (dataDirectoryLock == null) {
                System.err.println("rolegate: another instance"
                        + DataDirectoryLock.holder(dataDir).map(pid -> " (pid " + pid + ")").orElse("")
                        + " is using the data directory " + dataDir
                        + ": stop it, or give this one its own rolegate.data-dir");
                System.exit(1);
            }
        }
        if (verdict.embeddedDatabase()) {
            int port = Integer.parseInt(setting(settings, "rolegate.embedded-postgres.port", "0"));
            EmbeddedDatabase db = EmbeddedDatabase.persistent(dataDir.resolve("pgdata"), port);
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-postgres-stop"));
            System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
            System.setProperty("quarkus.datasource.username", db.username());
            System.setProperty("quarkus.datasource.password", db.password());
            LOG.warnf("""

                    ************************************************************************
                    *  Running on the EMBEDDED PostgreSQL (data in %s, port %d).
                    *  For production set QUARKUS_DATASOURCE_JDBC_URL, _USERNAME, _PASSWORD. *
                    ************************************************************************""",
                    dataDir.resolve("pgdata"), db.port());
        }
        if (dev && LaunchChecks.JWT_KEYS.stream().allMatch(key -> setting(settings, key, "").isBlank())) {
            Path keys = DevKeys.ensure(dataDir.resolve("dev-keys"));
            System.setProperty("mp.jwt.verify.publickey.location", keys.resolve(DevKeys.PUBLIC_KEY_FILE).toString());
            System.setProperty("smallrye.jwt.sign.key.location", keys.resolve(DevKeys.PRIVATE_KEY_FILE).toString());
            LOG.warnf("dev profile: using the DEV-ONLY JWT key pair in %s; POST /dev/token mints tokens", keys);
        }
        if (dev && setting(settings, LaunchChecks.KEY_ENCRYPTION_KEY, "").isBlank()) {
            Path keys = dataDir.resolve("dev-keys");
            System.setProperty(LaunchChecks.KEY_ENCRYPTION_KEY, DevKeys.ensureKeyEncryptionKey(keys));
            LOG.warnf("dev profile: using the DEV-ONLY key-encryption key in %s for stored secrets (LDAP bind password, private keys)", keys);
        }
        Quarkus.run(args);
    }

    /**
     * The settings as Quarkus will read them: system properties, environment variables,
     * {@code .env} and {@code config/application.properties} in the working directory, and the
     * packaged {@code application.properties}; with a profile, its {@code %profile.} keys win.
     */
    private static SmallRyeConfig settings(Optional<String> profile) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .forClassLoader(RolegateMain.class.getClassLoader())
                .addDefaultSources()
                .addDefaultInterceptors()
                .withSources(new DotEnvConfigSourceProvider());
        profile.ifPresent(builder::withProfile);
        return builder.build();
    }

    /** A setting (blank counts as unset). */
    static String setting(SmallRyeConfig settings, String key, String fallback) {
        return settings.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).orElse(fallback);
    }
}
