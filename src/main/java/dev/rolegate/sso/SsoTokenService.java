package dev.rolegate.sso;

import dev.rolegate.directory.DirectoryService;
import dev.rolegate.directory.api.UserResponse;
import dev.rolegate.platform.OneTimeSecrets;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.sso.api.SsoTokenResponse;
import dev.rolegate.sso.store.SsoRepository;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Exchanges the one-time code of a SAML login for a session JWT signed by Rolegate
 * ({@link SessionKeys}): RS256, {@code iss} the account's issuer and {@code aud} the account's
 * client id ({@link SessionClaims}), {@code sub} the user id, {@code account}, {@code email},
 * {@code iat}, {@code exp} at most {@link SsoConfig#sessionLength()} after the exchange and never
 * after the IdP's SessionNotOnOrAfter, and a {@code jti}. docs/saml.md "Verifying a session"
 * lists what an app must check.
 */
@ApplicationScoped
public class SsoTokenService {

    private static final Logger LOG = Logger.getLogger(SsoTokenService.class);

    @Inject
    SsoRepository repository;

    @Inject
    SessionKeys keys;

    @Inject
    SsoConfig config;

    @Inject
    Clock clock;

    @Inject
    SessionClaims sessions;

    @Inject
    SamlConfigService configs;

    @Inject
    DirectoryService directory;

    /**
     * @throws ProblemException 400 {@code invalid_sso_code} when the code is unknown in this
     *         account, expired, already used, or its user is gone or disabled (one answer for all)
     */
    @Transactional
    public SsoTokenResponse exchange(String account, String code) {
        Instant now = clock.instant();
        SsoRepository.CodeUse use = repository.consumeCode(account, OneTimeSecrets.hash(code), now)
                .orElseThrow(SsoTokenService::invalidCode);
        UserResponse user = directory.findUser(account, use.userId()).orElse(null);
        if (user == null || !"active".equals(user.status())) {
            throw invalidCode();
        }
        Instant expiresAt = now.plus(config.sessionLength());
        if (use.sessionNotAfter().isPresent() && use.sessionNotAfter().get().isBefore(expiresAt)) {
            expiresAt = use.sessionNotAfter().get();
        }
        if (!expiresAt.isAfter(now)) {
            throw invalidCode();
        }
        SessionKeys.SigningKey key = keys.current();
        String audience = sessions.audience(account,
                configs.find(account).flatMap(row -> java.util.Optional.ofNullable(row.clientId)));
        JwtClaimsBuilder claims = Jwt.issuer(sessions.issuer(account)).audience(audience).subject(user.id())
                .claim("account", account)
                .issuedAt(now).expiresAt(expiresAt).claim("jti", UUID.randomUUID().toString());
        if (user.email() != null) {
            claims.claim("email", user.email());
        }
        String token = claims.jws().keyId(key.kid()).algorithm(SignatureAlgorithm.RS256).sign(key.privateKey());
        LOG.infof("SSO session issued: account=%s user=%s kid=%s", account, user.id(), key.kid());
        return new SsoTokenResponse(token, new SsoTokenResponse.User(user.id(), user.email(), user.displayName()), expiresAt);
    }

    private static ProblemException invalidCode() {
        return new ProblemException(Problem.of(400, "invalid_sso_code", "Invalid login code",
                "The code is unknown, expired or already used.", List.of()));
    }
}
