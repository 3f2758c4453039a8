package dev.rolegate.change;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the change feed ({@code rolegate.changes.*}, README "Configuration"). */
@ConfigMapping(prefix = "rolegate.changes")
public interface ChangeConfig {

    /**
     * How long change records are kept at least; older ones are pruned (a reader behind them gets
     * 410 {@code changes_expired} and re-reads the export).
     */
    @WithDefault("7d")
    Duration retention();

    /**
     * How often each replica prunes (a duration such as {@code 10m}, or {@code off}); read by the
     * scheduler from the property itself ({@link ChangeFeed}), declared here so it is a known setting.
     */
    @WithDefault("10m")
    String pruneEvery();

    /** How long a watch stream may stay silent before it sends a heartbeat comment (at most 5 s). */
    @WithDefault("4s")
    Duration heartbeat();
}
