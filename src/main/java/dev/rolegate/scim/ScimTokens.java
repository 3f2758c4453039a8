package dev.rolegate.scim;

import dev.rolegate.change.Action;
import dev.rolegate.change.Change;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.platform.Attribution;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.scim.api.ScimTokenCreated;
import dev.rolegate.scim.api.ScimTokenResponse;
import dev.rolegate.scim.store.ScimTokenEntity;
import dev.rolegate.token.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An account's SCIM bearer tokens (issue 15 item 2): what an IdP (Okta, Entra ID) presents at
 * {@code /scim/v2/{account}}.
 *
 * <p>A token reads {@code rgscim_<id>_<secret>}: {@code id} is {@value #ID_LENGTH} random
 * lowercase base32 characters ({@code a-z2-7}), {@code secret} 32 bytes of {@link SecureRandom}
 * as unpadded base64url (43 characters), 62 characters in all. It is shown once, when created;
 * the row keeps only the SHA-256 of the whole token (a plain digest is enough for 256 random bits:
 * nothing to guess, as GitHub does for its tokens). {@link #authenticate} finds the row by the
 * account and the token's id (so a token of another account finds nothing) and compares the
 * digests in constant time; it reads the database on every request, so a revocation holds on every
 * replica at once. At most {@value #MAX_ACTIVE} tokens per account at a time, so an IdP's token
 * can be rotated without a gap. Creating and revoking one is audited ({@code scim.token.create},
 * {@code scim.token.revoke}, target {@code scim:token:{id}}, detail {@code {"id"}}) without a new
 * revision: tokens are not part of the model. A token never reaches a log or an audit entry.
 *
 * <p>Thread-safe (stateless but for the random source).
 */
@ApplicationScoped
public class ScimTokens {

    /** The most tokens an account may have at once. */
    public static final int MAX_ACTIVE = 2;
    /** What every token starts with, so that it can be recognised (by secret scanners too). */
    public static final String PREFIX = "rgscim_";
    /** Characters of a token's id. */
    public static final int ID_LENGTH = 12;
    /** Random bytes of a token's secret. */
    static final int SECRET_BYTES = 32;

    private static final int SECRET_LENGTH = 43; // unpadded base64url of 32 bytes
    private static final int TOKEN_LENGTH = PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** How stale {@code lastUsedAt} may get: authentication writes it at most once per token in this time. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();

    @Inject
    UnitOfWork writes;

    @Inject
    CallerContext callers;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Creates a token and returns it, the one time it is shown.
     *
     * @return {@code {"id","token","createdAt"}}
     * @throws ProblemException 404 {@code account_not_found}; 409 {@code scim_token_limit} when the
     *         account has {@value #MAX_ACTIVE} tokens already (revoke one first)
     */
    @Transactional
    public ScimTokenCreated create(String account) {
        Attribution by = callers.attribution();
        writes.lock(account); // the count below holds until this transaction ends
        if (ScimTokenEntity.countOf(account) >= MAX_ACTIVE) {
            throw ProblemException.conflict("scim_token_limit", "This account has " + MAX_ACTIVE
                    + " SCIM tokens already, the most it may have at once (two, to rotate one without a gap);"
                    + " revoke one (DELETE .../scim/tokens/{id}) before creating another.");
        }
        String id = randomId();
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String token = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ScimTokenEntity row = new ScimTokenEntity();
        row.accountId = account;
        row.id = id;
        row.tokenHash = sha256(token);
        row.createdAt = now();
        row.createdBy = by.actor();
        row.persist();
        writes.noteUnchanged(account, by, Action.SCIM_TOKEN_CREATE, Change.scimTokenKey(id), Map.of("id", id));
        return new ScimTokenCreated(id, token, row.createdAt);
    }

    /** The account's tokens, oldest first, without secret or digest. */
    @Transactional
    public List<ScimTokenResponse> list(String account) {
        return ScimTokenEntity.of(account).stream().map(ScimTokens::view).toList();
    }

    /** How many tokens the account has (its active ones: a revoked token is gone). */
    @Transactional
    public long active(String account) {
        return ScimTokenEntity.countOf(account);
    }

    /**
     * Revokes a token: from this transaction's commit on, no replica accepts it.
     *
     * @throws ProblemException 404 {@code account_not_found}; 404 {@code scim_token_not_found} for
     *         an id the account has no token of (unknown, or revoked already)
     */
    @Transactional
    public void revoke(String account, String id) {
        Attribution by = callers.attribution();
        writes.lock(account);
        ScimTokenEntity row = ScimTokenEntity.find(account, id);
        if (row == null) {
            throw ProblemException.notFound("scim_token_not_found", "This account has no SCIM token with this id.");
        }
        row.delete();
        writes.noteUnchanged(account, by, Action.SCIM_TOKEN_REVOKE, Change.scimTokenKey(id), Map.of("id", id));
    }

    /**
     * Whether {@code presentedToken} is a token of {@code account}, for the SCIM endpoints' filter.
     * Reads the database every time (no cache). Records the use in {@code lastUsedAt} at most once
     * a minute per token. Never throws on what a caller sends: a null, empty, malformed or foreign
     * token, or a right id with a wrong secret, is empty alike.
     *
     * @param account        the account of the request's path
     * @param presentedToken the bearer token as sent, without {@code "Bearer "}
     * @return the token's id when it is one of the account's tokens, else empty
     */
    @Transactional
    public Optional<String> authenticate(String account, String presentedToken) {
        if (account == null || presentedToken == null || presentedToken.length() != TOKEN_LENGTH
                || !presentedToken.startsWith(PREFIX) || presentedToken.charAt(PREFIX.length() + ID_LENGTH) != '_') {
            return Optional.empty();
        }
        String id = presentedToken.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
        if (!isId(id)) {
            return Optional.empty();
        }
        ScimTokenEntity row = ScimTokenEntity.find(account, id);
        if (row == null || !MessageDigest.isEqual(row.tokenHash, sha256(presentedToken))) {
            return Optional.empty();
        }
        Instant now = now();
        if (row.lastUsedAt == null || row.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
            // a guarded UPDATE: of concurrent requests of the same minute, one writes
            em.createNativeQuery("UPDATE scim_token SET last_used_at = ?3 WHERE account_id = ?1 AND id = ?2"
                            + " AND (last_used_at IS NULL OR last_used_at < ?4)")
                    .setParameter(1, account).setParameter(2, id).setParameter(3, now)
                    .setParameter(4, now.minus(LAST_USED_RESOLUTION)).executeUpdate();
        }
        return Optional.of(id);
    }

    /** Whether {@code id} could be a token's id (also for a path parameter). */
    public static boolean isId(String id) {
        if (id == null || id.length() != ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '2' && c <= '7')) {
                return false;
            }
        }
        return true;
    }

    private String randomId() {
        char[] id = new char[ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = BASE32[random.nextInt(BASE32.length)];
        }
        return new String(id);
    }

    private static ScimTokenResponse view(ScimTokenEntity row) {
        return new ScimTokenResponse(row.id, row.createdAt, row.lastUsedAt);
    }

    /** Microseconds, as PostgreSQL keeps it: the answer shows what the row holds. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
