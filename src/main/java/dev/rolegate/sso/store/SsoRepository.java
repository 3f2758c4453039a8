package dev.rolegate.sso.store;

import dev.rolegate.platform.NativeValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SP's shared memory in PostgreSQL: outstanding AuthnRequests, consumed assertion IDs,
 * one-time login codes and the session signing keys. Every method but the key ones is scoped
 * by account; every one-time operation is a single atomic statement, so replicas that share
 * the database agree on "first" without talking to each other. Callers provide the transaction.
 */
@ApplicationScoped
public class SsoRepository {

    @Inject
    EntityManager em;

    /**
     * Remembers an AuthnRequest ID, the hash of the browser's binding nonce and the browser's
     * target until {@code expiresAt}, for an application login.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addRequest(String account, String requestId, String bindingHash, String target, Instant expiresAt) {
        addRequest(account, requestId, bindingHash, target, "app", null, expiresAt);
    }

    /**
     * Remembers an AuthnRequest as {@link #addRequest(String, String, String, String, Instant)} does,
     * with what it is for.
     *
     * @param purpose {@code app}, {@code console} or {@code test} (a CHECK constraint holds it to these)
     * @param consoleBinding for a test login, the SHA-256 (hex) of the starting console session's
     *     anti-CSRF token; else null
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addRequest(String account, String requestId, String bindingHash, String target, String purpose,
                           String consoleBinding, Instant expiresAt) {
        em.createNativeQuery("INSERT INTO saml_request (account_id, request_id, browser_binding, target, purpose,"
                        + " console_binding, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, account).setParameter(2, requestId).setParameter(3, bindingHash).setParameter(4, target)
                .setParameter(5, purpose).setParameter(6, consoleBinding)
                .setParameter(7, Timestamp.from(expiresAt)).executeUpdate();
    }

    /**
     * An answered AuthnRequest: where the browser goes, what the request was for, and (test
     * logins) the console session it belongs to.
     */
    public record Answered(String target, String purpose, Optional<String> consoleBinding) {
    }

    /**
     * Removes an outstanding, unexpired request started by the browser holding this binding and
     * returns what it was for; empty when there is none (never sent, expired, started by another
     * browser, or already answered, possibly by another replica). A request is left in place
     * when the binding does not match.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Answered> consumeRequest(String account, String requestId, String bindingHash, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("DELETE FROM saml_request WHERE account_id = ?1 AND request_id = ?2"
                        + " AND browser_binding = ?3 AND expires_at > ?4 RETURNING target, purpose, console_binding")
                .setParameter(1, account).setParameter(2, requestId).setParameter(3, bindingHash)
                .setParameter(4, Timestamp.from(now)).getResultList();
        return rows.stream().findFirst()
                .map(r -> new Answered((String) r[0], (String) r[1], Optional.ofNullable((String) r[2])));
    }

    /** Stores the result (JSON) of a test login for the console session whose binding is {@code consoleBinding}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addTestLogin(String account, String id, String consoleBinding, String resultJson, Instant now, Instant expiresAt) {
        em.createNativeQuery("INSERT INTO saml_test_login (account_id, id, console_binding, result, created_at, expires_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, account).setParameter(2, id).setParameter(3, consoleBinding).setParameter(4, resultJson)
                .setParameter(5, Timestamp.from(now)).setParameter(6, Timestamp.from(expiresAt)).executeUpdate();
    }

    /**
     * The result (JSON) of an unexpired test login of the account, if it belongs to the console
     * session whose binding is {@code consoleBinding}; empty otherwise (one answer for unknown,
     * expired and another session's).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> testLogin(String account, String id, String consoleBinding, Instant now) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT result FROM saml_test_login WHERE account_id = ?1 AND id = ?2"
                        + " AND console_binding = ?3 AND expires_at > ?4")
                .setParameter(1, account).setParameter(2, id).setParameter(3, consoleBinding)
                .setParameter(4, Timestamp.from(now)).getResultList();
        return rows.stream().findFirst();
    }

    /**
     * Records the use of an assertion ID: true the first time, false when any replica recorded
     * it before. A concurrent insert of the same ID waits for the first transaction and then
     * sees the conflict.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstUse(String account, String assertionId, Instant keepUntil) {
        return em.createNativeQuery("INSERT INTO saml_assertion_use (account_id, assertion_id, expires_at)"
                        + " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, account).setParameter(2, assertionId).setParameter(3, Timestamp.from(keepUntil))
                .executeUpdate() == 1;
    }

    /** Stores a one-time login code (its hash). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addCode(String account, String codeHash, String userId, Instant sessionNotAfter, Instant expiresAt) {
        em.createNativeQuery("INSERT INTO sso_code (account_id, code_hash, user_id, session_not_after, expires_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, account).setParameter(2, codeHash).setParameter(3, userId)
                .setParameter(4, sessionNotAfter == null ? null : Timestamp.from(sessionNotAfter))
                .setParameter(5, Timestamp.from(expiresAt)).executeUpdate();
    }

    /** A consumed login code: whose it is and the IdP's bound on the session. */
    public record CodeUse(String userId, Optional<Instant> sessionNotAfter) {
    }

    /** Removes an unexpired code and returns what it stood for; empty when unknown, used or expired. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<CodeUse> consumeCode(String account, String codeHash, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("DELETE FROM sso_code WHERE account_id = ?1 AND code_hash = ?2"
                        + " AND expires_at > ?3 RETURNING user_id, session_not_after")
                .setParameter(1, account).setParameter(2, codeHash).setParameter(3, Timestamp.from(now))
                .getResultList();
        return rows.stream().findFirst().map(r -> new CodeUse((String) r[0], Optional.ofNullable(NativeValues.instant(r[1]))));
    }

    /** Deletes the account's expired requests, assertion IDs, codes and test login results; returns the rows removed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int purgeExpired(String account, Instant now) {
        Timestamp t = Timestamp.from(now);
        int n = 0;
        for (String table : List.of("saml_request", "saml_assertion_use", "sso_code", "saml_test_login")) {
            n += em.createNativeQuery("DELETE FROM " + table + " WHERE account_id = ?1 AND expires_at <= ?2")
                    .setParameter(1, account).setParameter(2, t).executeUpdate();
        }
        return n;
    }

    /** A stored signing key: its id and DER encodings (PKCS#8 private, X.509 SubjectPublicKeyInfo public). */
    public record StoredKey(String kid, byte[] privateKey, byte[] publicKey) {
    }

    /** The key for {@code purpose}, if one was stored. */
    @Transactional
    public Optional<StoredKey> signingKey(String purpose) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT kid, private_key, public_key FROM sso_signing_key WHERE purpose = ?1")
                .setParameter(1, purpose).getResultList();
        return rows.stream().findFirst().map(r -> new StoredKey((String) r[0], (byte[]) r[1], (byte[]) r[2]));
    }

    /**
     * Stores a key for {@code purpose} unless another replica stored one first; returns the
     * stored one. In a transaction of its own: a key that callers cache must be committed even
     * if the caller's transaction rolls back.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public StoredKey addSigningKeyIfAbsent(String purpose, StoredKey key) {
        em.createNativeQuery("INSERT INTO sso_signing_key (kid, purpose, private_key, public_key) VALUES (?1, ?2, ?3, ?4)"
                        + " ON CONFLICT (purpose) DO NOTHING")
                .setParameter(1, key.kid()).setParameter(2, purpose).setParameter(3, key.privateKey())
                .setParameter(4, key.publicKey()).executeUpdate();
        return signingKey(purpose).orElseThrow();
    }

    /** One of an account's SP keys: DER encodings of the PKCS#8 private key and the X.509 certificate. */
    public record StoredSpKey(String kid, byte[] privateKey, byte[] certificate) {
    }

    /** The account's SP keys, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredSpKey> spKeys(String account) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "SELECT kid, private_key, certificate FROM saml_sp_key WHERE account_id = ?1 ORDER BY created_at, kid")
                .setParameter(1, account).getResultList();
        return rows.stream().map(r -> new StoredSpKey((String) r[0], (byte[]) r[1], (byte[]) r[2])).toList();
    }

    /**
     * Holds, until the caller's transaction ends, the account's lock on generating SP keys, so
     * that replicas that see no key at the same moment generate one between them, not one each.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockSpKeys(String account) {
        em.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtextextended(?1, 0)) AS text)")
                .setParameter(1, "saml_sp_key:" + account).getSingleResult();
    }

    /** Adds an SP key to the account. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addSpKey(String account, StoredSpKey key) {
        em.createNativeQuery("INSERT INTO saml_sp_key (account_id, kid, private_key, certificate) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, account).setParameter(2, key.kid()).setParameter(3, key.privateKey())
                .setParameter(4, key.certificate()).executeUpdate();
    }
}
