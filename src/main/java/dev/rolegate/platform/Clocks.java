package dev.rolegate.platform;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock of the service (assignment validity, SAML time windows, token expiry).
 * Tests replace it with a settable clock; nothing else reads the system time.
 */
public class Clocks {

    @Produces
    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }
}
