package dev.rolegate.check;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the check path, prefix {@code rolegate.check}. */
@ConfigMapping(prefix = "rolegate.check")
public interface CheckConfig {

    /**
     * How old an answer may be when the check carries no {@code atLeastRevision}: a snapshot
     * last confirmed current by the database longer ago than this is not used while the
     * database can be reached. Default 1 s.
     */
    @WithDefault("1s")
    Duration maxStaleness();

    /**
     * How long a check waits for a snapshot that satisfies it (a newer revision being built, or
     * an {@code atLeastRevision} this replica has not seen yet) before answering 503. Default 2 s.
     */
    @WithDefault("2s")
    Duration revisionWait();

    /**
     * While the database cannot be reached, how long after its last confirmation a held
     * snapshot still answers checks (with the {@code Rolegate-Stale} header); after that checks
     * fail closed with 503. Default 30 s.
     */
    @WithDefault("30s")
    Duration outageGrace();

    /**
     * How often the revisions of the held accounts are read from the database: the fallback for
     * lost change notifications, and what keeps held snapshots confirmed. Default 250 ms.
     */
    @WithDefault("250ms")
    Duration pollInterval();

    /**
     * When a replica learns of a newer revision of an account it holds, it applies the change
     * feed's records to its snapshot when there are at most this many revisions and change items
     * between the two (issue 12 item 7), and reads the account whole past it, on a gap in the
     * records, or on a change it cannot patch in. 0 turns patching off. Default 1000.
     */
    @WithDefault("1000")
    int patchMaxChanges();
}
