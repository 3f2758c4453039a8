package dev.rolegate.check;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the check path, prefix {@code rolegate.check}. */
@ConfigMapping(prefix = "rolegate.check")
public interface CheckConfig {

    /**
     * How old an answer may be when the check carries no {@code atLeastRevision}: a snapshot
     * verified against the database longer ago than this is re-verified first. Default 1 s.
     */
    @WithDefault("1s")
    Duration maxStaleness();
}
