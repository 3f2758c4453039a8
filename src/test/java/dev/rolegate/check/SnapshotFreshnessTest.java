package dev.rolegate.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.check.SnapshotFreshness.Account;
import dev.rolegate.check.SnapshotFreshness.Current;
import dev.rolegate.check.SnapshotFreshness.Outcome;
import dev.rolegate.check.SnapshotFreshness.Refresh;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The stale-read guarantees of the snapshot cache (issue 12 item 5, DESIGN.md §3), on a ticker
 * that the test moves by hand: never older than {@code atLeastRevision}, never staler than
 * {@code max-staleness} while the database answers, the outage grace, then fail closed.
 */
class SnapshotFreshnessTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_STALENESS = 1000 * MS;
    private static final long GRACE = 30_000 * MS;
    private static final long POLL = 250 * MS;

    /** Starts far from 0 and near overflow, so that no rule may compare ticker values with {@code <}. */
    private final AtomicLong ticker = new AtomicLong(Long.MAX_VALUE - 10_000 * MS);
    private final SnapshotFreshness freshness = new SnapshotFreshness(
            new SnapshotFreshness.Settings(MAX_STALENESS, GRACE, POLL), ticker::get);

    private static Snapshot at(long revision) {
        return SnapshotCompiler.compile(new AccountModel("acme", revision, List.of(), List.of(), List.of(), List.of(), List.of()));
    }

    private void advance(long millis) {
        ticker.addAndGet(millis * MS);
    }

    private Account holding(long revision) {
        Account account = new Account();
        SnapshotFreshness.install(account, new Current(at(revision), ticker.get()));
        return account;
    }

    /** A poll that started now and found the database at {@code revision}, after {@code tookMillis}. */
    private boolean poll(Account account, long revision, long tookMillis) {
        long start = ticker.get();
        advance(tookMillis);
        freshness.reachable();
        return SnapshotFreshness.confirmed(account, revision, start);
    }

    @Test
    void aConfirmedSnapshotAnswersUntilTheStalenessBoundAndNotAfter() {
        Account account = holding(5);
        advance(999);
        assertEquals(5, freshness.usable(account, 0, true).snapshot().revision());
        assertEquals(-1, freshness.usable(account, 0, true).staleMillis());
        advance(1);
        assertNull(freshness.usable(account, 0, true), "confirmed 1 s ago: past the bound");
        assertNull(freshness.usable(account, 0, false));
        assertFalse(freshness.databaseDown(), "the database is not down yet: a poll may still come");
    }

    @Test
    void aConfirmationCountsFromTheReadsStartNotItsEnd() {
        Account account = holding(5);
        advance(500);
        assertFalse(poll(account, 5, 700), "same revision: not behind");
        // confirmed at the poll's start (500 ms), so usable until 1500 ms, not 1700 ms
        advance(299); // now 1499
        assertNotNull(freshness.usable(account, 0, true));
        advance(1); // now 1500
        assertNull(freshness.usable(account, 0, true));
    }

    @Test
    void anOlderReadNeverMovesTheConfirmationBack() {
        Account account = holding(5);
        long early = ticker.get() - 400 * MS;
        SnapshotFreshness.confirmed(account, 5L, early);
        advance(999);
        assertNotNull(freshness.usable(account, 0, true));
    }

    @Test
    void neverOlderThanAtLeastRevisionInAnyState() {
        Account account = holding(5);
        assertNull(freshness.usable(account, 6, true));
        assertNull(freshness.usable(account, 6, false));
        assertNotNull(freshness.usable(account, 5, true));
        freshness.unreachable();
        advance(2000);
        assertNull(freshness.usable(account, 6, false), "not even during an outage");
        assertNotNull(freshness.usable(account, 5, false));
        long deadline = ticker.get() + 2000 * MS;
        assertEquals(new Outcome.Fail("database_unavailable"), freshness.afterRefresh(account, 6, deadline, Refresh.FAILED));
    }

    @Test
    void aRevisionFromTheFutureIsRetriedUntilTheDeadlineThenRefused() {
        Account account = holding(5);
        long deadline = ticker.get() + 2000 * MS;
        assertInstanceOf(Outcome.Retry.class, freshness.afterRefresh(account, 9, deadline, Refresh.DONE));
        advance(2000);
        freshness.reachable();
        SnapshotFreshness.confirmed(account, 5L, ticker.get());
        assertEquals(new Outcome.Fail("revision_unavailable"), freshness.afterRefresh(account, 9, deadline, Refresh.DONE));
        assertEquals(new Outcome.Fail("revision_unavailable"), freshness.afterRefresh(account, 9, deadline + MS, Refresh.TIMED_OUT),
                "a refresh that timed out while the database answers polls: the revision is late, the database is up");
    }

    @Test
    void aRevisionHeardOfIsWaitedForButTheBoundIsTheContract() {
        Account account = holding(5);
        assertTrue(SnapshotFreshness.heard(account, 7), "behind: rebuild");
        assertNull(freshness.usable(account, 0, true), "strict: wait for the revision heard of");
        SnapshotCache.Held relaxed = freshness.usable(account, 0, false);
        assertEquals(5, relaxed.snapshot().revision(), "within the bound the held one may answer");
        Outcome outcome = freshness.afterRefresh(account, 0, ticker.get() + 2000 * MS, Refresh.DONE);
        assertEquals(5, ((Outcome.Use) outcome).held().snapshot().revision());
        assertFalse(SnapshotFreshness.heard(account, 4), "an older revision changes nothing");
        assertEquals(7, account.latestKnown);
    }

    @Test
    void theDatabaseOverridesAForgedOrRolledBackRevision() {
        Account account = holding(5);
        SnapshotFreshness.heard(account, 1_000_000);
        assertEquals(1_000_000, SnapshotFreshness.trustDatabase(account, 5));
        assertEquals(5, account.latestKnown);
        assertNotNull(freshness.usable(account, 0, true));
        assertEquals(-1, SnapshotFreshness.trustDatabase(account, 5));
        SnapshotFreshness.heard(account, 1_000_000);
        assertFalse(poll(account, 5, 10), "the poll drops it too");
        assertEquals(5, account.latestKnown);
    }

    @Test
    void duringAnOutageTheHeldSnapshotAnswersFlaggedForTheGraceThenChecksFailClosed() {
        Account account = holding(5);
        advance(100);
        assertTrue(freshness.unreachable(), "the outage starts");
        assertFalse(freshness.unreachable(), "once");
        assertTrue(freshness.databaseDown());
        advance(1500); // past the staleness bound: only the grace keeps it
        SnapshotCache.Held held = freshness.usable(account, 0, true);
        assertEquals(5, held.snapshot().revision());
        assertEquals(1600, held.staleMillis());
        advance(30_000 - 1600 - 1); // 1 ms before the grace ends (counted from the confirmation)
        assertNotNull(freshness.usable(account, 0, true));
        advance(1);
        assertNull(freshness.usable(account, 0, true));
        assertNull(freshness.usable(account, 0, false));
        long deadline = ticker.get() + 2000 * MS;
        assertEquals(new Outcome.Fail("database_unavailable"), freshness.afterRefresh(account, 0, deadline, Refresh.FAILED));
        assertEquals(new Outcome.Fail("database_unavailable"), freshness.afterRefresh(account, 0, deadline, Refresh.TIMED_OUT),
                "a hung database is down too");
    }

    @Test
    void duringAnOutageASupersededSnapshotNeverAnswers() {
        Account account = holding(5);
        freshness.unreachable();
        SnapshotFreshness.heard(account, 6); // e.g. a revocation committed just before the outage
        advance(1500);
        assertNull(freshness.usable(account, 0, true));
        assertNull(freshness.usable(account, 0, false), "a revision known to be superseded is not served stale");
    }

    @Test
    void aDatabaseThatStoppedAnsweringIsDownAfterTheBoundAndOnePoll() {
        Account account = holding(5);
        freshness.reachable();
        advance(1250);
        assertFalse(freshness.databaseDown());
        assertNull(freshness.usable(account, 0, true), "past the bound, not yet down: no answer");
        advance(1);
        assertTrue(freshness.databaseDown(), "no contact for max-staleness + poll-interval");
        assertEquals(1251, freshness.usable(account, 0, true).staleMillis());
    }

    @Test
    void theDatabaseComingBackEndsTheOutage() {
        Account account = holding(5);
        freshness.unreachable();
        advance(1500);
        assertTrue(freshness.reachable(), "was down");
        assertFalse(freshness.reachable());
        assertFalse(freshness.databaseDown());
        assertNull(freshness.usable(account, 0, true), "up again: the bound rules, the held one is too old");
        SnapshotFreshness.confirmed(account, 5L, ticker.get());
        assertEquals(-1, freshness.usable(account, 0, true).staleMillis());
    }

    @Test
    void aMissingAccountIsUnknownWhileFreshAndOnlyWithoutARevisionAsked() {
        Account account = new Account();
        assertNull(freshness.usable(account, 0, true), "nothing known yet");
        SnapshotFreshness.confirmed(account, null, ticker.get());
        SnapshotCache.Held held = freshness.usable(account, 0, true);
        assertNull(held.snapshot());
        assertNull(freshness.usable(account, 1, true), "a revision of an account not seen: wait");
        advance(1000);
        assertNull(freshness.usable(account, 0, true));
        Outcome outcome = freshness.afterRefresh(account, 0, ticker.get() + 2000 * MS, Refresh.DONE);
        assertNull(((Outcome.Use) outcome).held().snapshot(), "the refresh just read that it does not exist");
        freshness.unreachable();
        assertEquals(new Outcome.Fail("database_unavailable"),
                freshness.afterRefresh(account, 0, ticker.get() + 2000 * MS, Refresh.FAILED));
    }

    @Test
    void installKeepsTheNewerSnapshotAndRaisesTheRevisionKnown() {
        Account account = holding(7);
        Snapshot seven = account.current.snapshot();
        SnapshotFreshness.install(account, new Current(at(6), ticker.get()));
        assertSame(seven, account.current.snapshot(), "a slow rebuild of an older revision never replaces a newer one");
        SnapshotFreshness.install(account, new Current(at(8), ticker.get()));
        assertEquals(8, account.latestKnown);
        advance(10);
        assertTrue(SnapshotFreshness.alreadyCurrent(account, 8, ticker.get()));
        assertFalse(SnapshotFreshness.alreadyCurrent(account, 9, ticker.get()));
    }

    /**
     * Random runs of polls, notifications, rebuilds, failures and time, with random checks in
     * between: whatever answers, answers within the rules, measured against the test's own
     * record of when each revision was confirmed.
     */
    @Test
    void randomHistoriesKeepTheGuarantees() {
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            AtomicLong clock = new AtomicLong(random.nextLong());
            SnapshotFreshness f = new SnapshotFreshness(new SnapshotFreshness.Settings(MAX_STALENESS, GRACE, POLL), clock::get);
            Account account = new Account();
            long database = 1;
            boolean up = true;
            long lastContact = clock.get();
            long confirmedRevision = -1; // the held snapshot's revision per the test's record
            long confirmedAt = 0;
            long newestCommitted = 1;
            boolean failed = false;
            for (int step = 0; step < 300; step++) {
                switch (random.nextInt(7)) {
                    case 0 -> clock.addAndGet((long) random.nextInt(3000) * MS);
                    case 1 -> { // a write commits, maybe notified
                        database++;
                        newestCommitted = database;
                        if (random.nextBoolean()) {
                            SnapshotFreshness.heard(account, database);
                        }
                    }
                    case 2 -> { // a poll or a rebuild's revision read
                        if (up) {
                            long start = clock.get();
                            clock.addAndGet((long) random.nextInt(400) * MS);
                            f.reachable();
                            lastContact = clock.get();
                            SnapshotFreshness.confirmed(account, database, start);
                            failed = false;
                            if (confirmedRevision == database) {
                                confirmedAt = latest(confirmedAt, start);
                            }
                        } else {
                            f.unreachable();
                            failed = true;
                        }
                    }
                    case 3 -> { // a rebuild compiles the current revision
                        if (up) {
                            long start = clock.get();
                            clock.addAndGet((long) random.nextInt(400) * MS);
                            f.reachable();
                            lastContact = clock.get();
                            failed = false;
                            if (confirmedRevision < database) {
                                SnapshotFreshness.install(account, new Current(at(database), start));
                                confirmedRevision = database;
                                confirmedAt = start;
                            }
                        }
                    }
                    case 4 -> up = random.nextInt(3) != 0;
                    case 5 -> SnapshotFreshness.heard(account, database + random.nextInt(3)); // maybe forged
                    default -> {
                        assertEquals(failed || clock.get() - lastContact > MAX_STALENESS + POLL, f.databaseDown());
                        long atLeast = random.nextInt(4) == 0 ? newestCommitted + random.nextInt(2) : random.nextInt((int) database + 1);
                        for (boolean strict : new boolean[] {true, false}) {
                            SnapshotCache.Held held = f.usable(account, atLeast, strict);
                            if (held == null || held.snapshot() == null) {
                                continue;
                            }
                            long now = clock.get();
                            long revision = held.snapshot().revision();
                            String where = "seed " + seed + " step " + step;
                            assertTrue(revision >= atLeast, where + ": older than atLeastRevision");
                            assertEquals(confirmedRevision, revision, where);
                            if (held.staleMillis() < 0) {
                                assertTrue(now - confirmedAt < MAX_STALENESS, where + ": staler than the bound");
                            } else {
                                boolean down = failed || now - lastContact > MAX_STALENESS + POLL;
                                assertTrue(down, where + ": stale answer while the database answers");
                                assertTrue(now - confirmedAt < GRACE, where + ": past the outage grace");
                                assertTrue(revision >= account.latestKnown, where + ": superseded revision served stale");
                                assertEquals(TimeUnit.NANOSECONDS.toMillis(now - confirmedAt), held.staleMillis(), where);
                            }
                        }
                    }
                }
            }
        }
    }

    private static long latest(long a, long b) {
        return a - b >= 0 ? a : b;
    }
}
