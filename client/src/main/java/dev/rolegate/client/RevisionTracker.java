package dev.rolegate.client;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The newest revision seen per account: Rolegate's consistency token (like Zanzibar's zookie).
 * Every write to an account answers with the account's new revision ({@code Rolegate-Revision}
 * header), and every check answers with the revision it was computed at. A check that sends
 * {@code atLeastRevision: N} is answered from data at revision N or newer, so a caller who has
 * seen a revocation's revision never gets the revoked answer ("new enemy" problem).
 *
 * <p>The client records every revision it sees here and sends the account's newest on the next
 * check; record the revisions of your own admin writes with {@link #observe}. Revisions only go
 * up: observing an older one changes nothing. Thread-safe; one tracker may be shared by several
 * clients (see {@link RolegateClient.Builder#revisions(RevisionTracker)}).
 */
public final class RevisionTracker {

    private final ConcurrentMap<String, Long> newest = new ConcurrentHashMap<>();

    /**
     * Records that {@code account} has reached {@code revision}.
     *
     * @param account  the account id
     * @param revision a revision the service returned (positive 64-bit integer); 0 or less is ignored
     */
    public void observe(String account, long revision) {
        Objects.requireNonNull(account, "account");
        if (revision > 0) {
            newest.merge(account, revision, Math::max);
        }
    }

    /** The newest revision seen for {@code account}, or empty when none was. */
    public OptionalLong latest(String account) {
        Long revision = newest.get(account);
        return revision == null ? OptionalLong.empty() : OptionalLong.of(revision);
    }

    /** Forgets the revisions of {@code account} (e.g. after it was deleted and created anew). */
    public void forget(String account) {
        newest.remove(account);
    }
}
