package dev.rolegate.platform.local;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rules a start must pass before anything else happens (issue 11 item 7, "safe by
 * default"), as a pure function of the settings: no I/O, no Quarkus, so each rule is a plain
 * unit test. {@link RolegateMain} calls {@link #check} before it starts a database or Quarkus.
 *
 * <p>Outside the dev profile a start is refused when
 * <ul>
 *   <li>no JWT verification key is configured ({@link #JWT_KEYS}): every call would be 401;</li>
 *   <li>no datasource is configured ({@link #JDBC_URL}) and the embedded PostgreSQL was not asked
 *       for explicitly ({@link #EMBEDDED_DATABASE}{@code =true});</li>
 *   <li>no key-encryption key is configured ({@link #KEY_ENCRYPTION_KEY}): secrets (session and
 *       SP private keys, LDAP bind passwords) are never stored in the clear in production.</li>
 * </ul>
 * In every profile: a key-encryption key that is not base64 of 32 bytes, an
 * {@code rolegate.embedded-database} that is neither {@code true} nor {@code false}, and both a
 * JDBC URL and {@code rolegate.embedded-database=true}. The dev profile runs on the embedded
 * PostgreSQL unless a JDBC URL is set (or {@code rolegate.embedded-database=false}, which then
 * needs one) and generates its own dev-only keys.
 *
 * <p>Each problem is one line that starts with the property it is about and says how to fix
 * it; no line ever contains a setting's value (the key-encryption key is a secret).
 */
public final class LaunchChecks {

    /** JDBC URL of the service's PostgreSQL. */
    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    /** {@code true}: run on the embedded PostgreSQL in {@code rolegate.data-dir}; required outside dev. */
    public static final String EMBEDDED_DATABASE = "rolegate.embedded-database";
    /** Base64 of 32 bytes: the AES-256 key that seals the secrets kept in the database. */
    public static final String KEY_ENCRYPTION_KEY = "rolegate.sso.key-encryption-key";
    /** Any one of these configures the key that verifies bearer tokens (MicroProfile JWT 2.1 §9, SmallRye JWT). */
    public static final List<String> JWT_KEYS = List.of(
            "mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey", "smallrye.jwt.verify.key.location");

    /**
     * What the launcher is to do.
     *
     * @param embeddedDatabase whether to start the embedded PostgreSQL (meaningless when there are problems)
     * @param problems         one line each, in a stable order; empty: the start may go on
     */
    public record Verdict(boolean embeddedDatabase, List<String> problems) {
        public Verdict {
            problems = List.copyOf(problems);
        }
    }

    private LaunchChecks() {
    }

    /** Whether {@code profile} (Quarkus's {@code quarkus.profile}, possibly comma-separated) includes {@code dev}. */
    public static boolean isDev(String profile) {
        for (String name : profile.split(",")) {
            if (name.trim().equals("dev")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies the rules.
     *
     * @param profile  the active profile, e.g. {@code prod} (the packaged jar's default) or {@code dev}
     * @param settings a setting by property name; blank values count as unset
     */
    public static Verdict check(String profile, Function<String, Optional<String>> settings) {
        boolean dev = isDev(profile);
        List<String> problems = new ArrayList<>();

        boolean url = present(settings, JDBC_URL);
        Optional<String> embeddedSetting = value(settings, EMBEDDED_DATABASE).map(v -> v.trim().toLowerCase(Locale.ROOT));
        boolean embedded = false;
        if (embeddedSetting.isPresent() && !embeddedSetting.get().equals("true") && !embeddedSetting.get().equals("false")) {
            problems.add(EMBEDDED_DATABASE + " must be true or false");
        } else if (url && embeddedSetting.equals(Optional.of("true"))) {
            problems.add(EMBEDDED_DATABASE + "=true and " + JDBC_URL + " are both set: keep the one database you mean");
        } else if (!url) {
            // the embedded database is the dev profile's default and must be asked for elsewhere
            embedded = embeddedSetting.map("true"::equals).orElse(dev);
            if (!embedded) {
                problems.add(JDBC_URL + " is not set: point it (QUARKUS_DATASOURCE_JDBC_URL) at your PostgreSQL, "
                        + "or set " + EMBEDDED_DATABASE + "=true to run on the embedded one in rolegate.data-dir");
            }
        }

        if (!dev && JWT_KEYS.stream().noneMatch(key -> present(settings, key))) {
            problems.add(JWT_KEYS.get(0) + " is not set (nor " + JWT_KEYS.get(1) + "): set it "
                    + "(MP_JWT_VERIFY_PUBLICKEY_LOCATION) to the PEM public key that verifies bearer tokens");
        }

        Optional<String> kek = value(settings, KEY_ENCRYPTION_KEY);
        if (kek.isEmpty()) {
            if (!dev) {
                problems.add(KEY_ENCRYPTION_KEY + " is not set: secrets are never stored in the clear in production; "
                        + "set ROLEGATE_SSO_KEY_ENCRYPTION_KEY to the output of `openssl rand -base64 32`");
            }
        } else if (!isAes256Key(kek.get())) {
            problems.add(KEY_ENCRYPTION_KEY + " is not base64 of 32 bytes (AES-256): generate one with `openssl rand -base64 32`");
        }
        return new Verdict(embedded, problems);
    }

    private static boolean isAes256Key(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim()).length == 32;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static Optional<String> value(Function<String, Optional<String>> settings, String key) {
        return settings.apply(key).filter(v -> !v.isBlank());
    }

    private static boolean present(Function<String, Optional<String>> settings, String key) {
        return value(settings, key).isPresent();
    }
}
