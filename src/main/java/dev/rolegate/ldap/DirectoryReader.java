package dev.rolegate.ldap;

import java.util.Optional;

/**
 * Reads one account's directory. Obtained from {@link LdapDirectory#open}; holds a small
 * connection pool until {@link #close()}. Safe for use by several threads, though a sync run
 * uses it from one.
 *
 * <p>Every method throws {@link LdapException} when the directory cannot be reached, refuses the
 * bind or TLS, or answers a search with an error. A read that merely stops short (size limit,
 * an entry without a stable id) is returned with {@link DirectoryRead#complete()} false instead,
 * so the planner can abort with a reason.
 */
public interface DirectoryReader extends AutoCloseable {

    /** Reads every user and group (paged, RFC 2696). */
    DirectoryRead readFull() throws LdapException;

    /**
     * Reads users changed since {@code since}, and all groups if any group changed.
     *
     * @param since the {@link DirectoryRead#highWatermark()} of an earlier read of this directory
     */
    DirectoryRead readChanges(Watermark since) throws LdapException;

    /**
     * Looks up the one user whose {@code userId} attribute equals {@code userId} (an exact
     * equality match inside the user filter; the value is escaped as RFC 4515 §3 says, so
     * {@code *)(uid=*} matches only a user literally called that).
     *
     * @return the user, or empty when none matches
     * @throws LdapException also when more than one entry matches
     */
    Optional<DirectoryEntryUser> findUser(String userId) throws LdapException;

    /** Connects, binds, counts users and groups; changes nothing. */
    DirectoryProbe probe() throws LdapException;

    /** Closes the pool. Idempotent; never throws. */
    @Override
    void close();
}
