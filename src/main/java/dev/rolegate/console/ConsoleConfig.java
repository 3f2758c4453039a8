package dev.rolegate.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the admin console's sessions, prefix {@code rolegate.console} (issue 13 item 8). */
@ConfigMapping(prefix = "rolegate.console")
public interface ConsoleConfig {

    /** How long a console link can be opened after it was made; default and maximum 5 min. */
    @WithDefault("5m")
    Duration linkLifetime();

    /** A console session ends after this long without a request; default and maximum 15 min. */
    @WithDefault("15m")
    Duration idleTimeout();

    /** A console session ends this long after it was opened, however active; default 8 h. */
    @WithDefault("8h")
    Duration maxLifetime();
}
