package dev.rolegate.testing;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;

/** Mints bearer tokens with the test run's key (see {@link RolegateTestResource}). */
public final class Tokens {

    public static final String ISSUER = "rolegate-test";

    private Tokens() {
    }

    public static String platform() {
        return Jwt.issuer(ISSUER).subject("platform-operator").claim("scope", "rbac:platform")
                .expiresIn(Duration.ofMinutes(10)).sign();
    }

    /** An admin token of {@code account} whose subject is {@link #adminSubject}. */
    public static String admin(String account) {
        return admin(account, adminSubject(account));
    }

    /** The subject of {@link #admin(String)}: the owner that {@link Api#createAccount} creates. */
    public static String adminSubject(String account) {
        return "owner@" + account + ".test";
    }

    public static String admin(String account, String subject) {
        return of(account, subject, "rbac:admin");
    }

    public static String check(String account) {
        return of(account, "service-" + account, "rbac:check");
    }

    public static String of(String account, String subject, String scope) {
        var claims = Jwt.issuer(ISSUER).subject(subject).claim("scope", scope).expiresIn(Duration.ofMinutes(10));
        if (account != null) {
            claims.claim("account", account);
        }
        return claims.sign();
    }
}
