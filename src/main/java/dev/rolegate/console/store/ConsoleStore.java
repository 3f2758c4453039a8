package dev.rolegate.console.store;

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
 * Console links and sessions in PostgreSQL, shared by every replica: secrets by their hash
 * ({@code platform.OneTimeSecrets}). Taking a link is one atomic statement, so two replicas
 * (or two tabs) opening the same link cannot both get a session. Callers provide the transaction.
 */
@ApplicationScoped
public class ConsoleStore {

    @Inject
    EntityManager em;

    /** A console session as stored. */
    public record Session(String account, String admin, String csrfToken, Optional<String> returnUrl,
                          Instant lastSeenAt, Instant endsAt) {
    }

    /** A link that was taken: whose console it opens, and where the vendor's page is. */
    public record Link(String admin, Optional<String> returnUrl) {
    }

    /** Stores a link (its hash) that opens the console as {@code admin} until {@code expiresAt}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addLink(String account, String linkHash, String admin, String returnUrl, Instant now, Instant expiresAt) {
        em.createNativeQuery("INSERT INTO console_link (account_id, link_hash, admin_id, return_url, created_at, expires_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, account).setParameter(2, linkHash).setParameter(3, admin).setParameter(4, returnUrl)
                .setParameter(5, Timestamp.from(now)).setParameter(6, Timestamp.from(expiresAt)).executeUpdate();
        em.createNativeQuery("DELETE FROM console_link WHERE account_id = ?1 AND expires_at <= ?2")
                .setParameter(1, account).setParameter(2, Timestamp.from(now)).executeUpdate();
    }

    /**
     * Removes an unexpired link of this account and returns what it opens; empty when it is
     * unknown, of another account, expired, or was taken before (by any replica).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Link> takeLink(String account, String linkHash, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("DELETE FROM console_link WHERE account_id = ?1 AND link_hash = ?2"
                        + " AND expires_at > ?3 RETURNING admin_id, return_url")
                .setParameter(1, account).setParameter(2, linkHash).setParameter(3, Timestamp.from(now)).getResultList();
        return rows.stream().findFirst().map(row -> new Link((String) row[0], Optional.ofNullable((String) row[1])));
    }

    /** Stores a new session (its hash), seen now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addSession(String account, String sessionHash, String admin, String csrfToken, Optional<String> returnUrl,
                           Instant now, Instant endsAt) {
        em.createNativeQuery("INSERT INTO console_session (account_id, session_hash, admin_id, csrf_token, return_url,"
                        + " created_at, last_seen_at, ends_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)")
                .setParameter(1, account).setParameter(2, sessionHash).setParameter(3, admin).setParameter(4, csrfToken)
                .setParameter(5, returnUrl.orElse(null)).setParameter(6, Timestamp.from(now))
                .setParameter(7, Timestamp.from(endsAt)).executeUpdate();
        em.createNativeQuery("DELETE FROM console_session WHERE account_id = ?1 AND ends_at <= ?2")
                .setParameter(1, account).setParameter(2, Timestamp.from(now)).executeUpdate();
    }

    /**
     * The session with this hash, of whatever account (the caller compares the account with the
     * path's), marked as seen at {@code now}; empty when unknown or when it ended: past its
     * {@code endsAt}, or last seen at or before {@code idleSince}. A session found ended is removed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Session> touchSession(String sessionHash, Instant now, Instant idleSince) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("UPDATE console_session SET last_seen_at = ?2 WHERE session_hash = ?1"
                        + " AND ends_at > ?2 AND last_seen_at > ?3"
                        + " RETURNING account_id, admin_id, csrf_token, return_url, last_seen_at, ends_at")
                .setParameter(1, sessionHash).setParameter(2, Timestamp.from(now)).setParameter(3, Timestamp.from(idleSince))
                .getResultList();
        if (rows.isEmpty()) {
            endSession(sessionHash);
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        return Optional.of(new Session((String) row[0], (String) row[1], (String) row[2], Optional.ofNullable((String) row[3]),
                NativeValues.instant(row[4]), NativeValues.instant(row[5])));
    }

    /** Removes a session; true when there was one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean endSession(String sessionHash) {
        return em.createNativeQuery("DELETE FROM console_session WHERE session_hash = ?1")
                .setParameter(1, sessionHash).executeUpdate() == 1;
    }
}
