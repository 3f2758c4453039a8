package dev.rolegate.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The one classifier of database failures (issue 12 item 5). The snapshot cache and the HTTP
 * layer used to have one each, with different rules: the cache missed the pool's acquisition
 * timeout and JDBC's connection exception types, the HTTP layer missed socket timeouts, and the
 * cache's walk of the cause chain never ended on a cause cycle.
 */
class DatabaseFailuresTest {

    private static SQLException state(String sqlState) {
        return new SQLException("failed", sqlState);
    }

    @Test
    void connectionExceptionsOfSqlStateClass08AreUnreachable() {
        assertTrue(DatabaseFailures.unreachable(state("08001")));
        assertTrue(DatabaseFailures.unreachable(state("08006")));
        assertTrue(DatabaseFailures.unreachable(new RuntimeException("wrapped", state("08003"))));
        assertTrue(DatabaseFailures.unreachable(new SQLTransientConnectionException("pool")));
        assertTrue(DatabaseFailures.unreachable(new SQLNonTransientConnectionException("closed")));
    }

    @Test
    void theServerEndingTheSessionIsUnreachableButACancelledStatementIsNot() {
        assertTrue(DatabaseFailures.unreachable(state("57P01"))); // admin_shutdown: the server stops
        assertTrue(DatabaseFailures.unreachable(state("57P03"))); // cannot_connect_now: it starts
        assertFalse(DatabaseFailures.unreachable(state("57014"))); // query_canceled (statement timeout)
    }

    @Test
    void socketFailuresAnywhereInTheChainAreUnreachable() {
        assertTrue(DatabaseFailures.unreachable(new ConnectException("Connection refused")));
        assertTrue(DatabaseFailures.unreachable(new SocketException("Connection reset")));
        assertTrue(DatabaseFailures.unreachable(
                new CompletionException(new SQLException("I/O", null, new SocketTimeoutException("Read timed out")))));
    }

    @Test
    void thePoolGivingUpOnAConnectionIsUnreachable() {
        // Agroal's form: no SQLState, the reason only in the message
        SQLException acquisition = new SQLException("Acquisition timeout while waiting for new connection", new TimeoutException());
        assertTrue(DatabaseFailures.unreachable(acquisition));
        assertTrue(DatabaseFailures.unreachable(new IllegalStateException("Unable to acquire JDBC Connection", acquisition)));
        // the words in a message with an SQLState of its own are the database's, not the pool's
        assertFalse(DatabaseFailures.unreachable(new SQLException("acquisition timeout in a trigger", "P0001")));
    }

    @Test
    void aDatabaseThatAnsweredWithAnErrorIsReachable() {
        assertFalse(DatabaseFailures.unreachable(state("23505"))); // unique violation
        assertFalse(DatabaseFailures.unreachable(state("40001"))); // serialization failure
        assertFalse(DatabaseFailures.unreachable(state("42P01"))); // undefined table
        assertFalse(DatabaseFailures.unreachable(new SQLException("no state")));
        assertFalse(DatabaseFailures.unreachable(new IllegalArgumentException("a bug")));
        assertFalse(DatabaseFailures.unreachable(null));
    }

    @Test
    void aCauseCycleEndsTheWalk() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b); // initCause refuses only a self-cause
        assertFalse(DatabaseFailures.unreachable(a));
        SQLException lost = state("08006");
        RuntimeException around = new RuntimeException("around", lost);
        lost.initCause(around);
        assertTrue(DatabaseFailures.unreachable(around));
    }

    @Test
    void theWalkStopsAfterTheDepthBound() {
        Throwable deep = state("08006");
        for (int i = 0; i < DatabaseFailures.MAX_DEPTH; i++) {
            deep = new RuntimeException("layer " + i, deep);
        }
        assertFalse(DatabaseFailures.unreachable(deep));
        Throwable shallow = state("08006");
        for (int i = 0; i < DatabaseFailures.MAX_DEPTH - 1; i++) {
            shallow = new RuntimeException("layer " + i, shallow);
        }
        assertTrue(DatabaseFailures.unreachable(shallow));
        assertEquals(32, DatabaseFailures.MAX_DEPTH);
    }
}
