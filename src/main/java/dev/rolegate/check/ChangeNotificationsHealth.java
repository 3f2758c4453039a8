package dev.rolegate.check;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the replica listens for change notifications ({@link RevisionFeed}). Without them
 * revocations reach this replica only through the poll, so it reports unready until the
 * listener is connected again. (The database itself is Agroal's built-in readiness check.)
 */
@Readiness
@ApplicationScoped
public class ChangeNotificationsHealth implements HealthCheck {

    static final String NAME = "change-notifications";

    @Inject
    RevisionFeed feed;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(feed.listening()).build();
    }
}
