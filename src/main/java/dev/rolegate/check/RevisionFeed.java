package dev.rolegate.check;

import dev.rolegate.change.RevisionHeard;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.platform.DirectConnections;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * How a replica learns that accounts changed, so that any number of stateless replicas stay
 * fresh (DESIGN.md §3):
 *
 * <ul>
 *   <li><b>LISTEN/NOTIFY</b>: every write transaction notifies channel
 *       {@value UnitOfWork#CHANNEL} with {@code account:revision} (delivered on commit); a
 *       dedicated connection listens and starts the rebuild of the snapshot at once;</li>
 *   <li><b>poll</b>: every {@code rolegate.check.poll-interval} the revisions of the held
 *       accounts are read, so a lost notification only delays, and held snapshots stay
 *       confirmed within the staleness bound.</li>
 * </ul>
 * A failed poll marks the database unreachable, which starts the outage grace.
 */
@ApplicationScoped
public class RevisionFeed {

    private static final Logger LOG = Logger.getLogger(RevisionFeed.class);

    @Inject
    SnapshotCache cache;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CheckConfig config;

    @Inject
    DirectConnections connections;

    @Inject
    jakarta.enterprise.event.Event<RevisionHeard> revisionsHeard;

    private ScheduledExecutorService poller;
    private Thread listener;
    private volatile boolean running;
    private volatile boolean listening;

    void start(@Observes StartupEvent event) {
        running = true;
        poller = Executors.newSingleThreadScheduledExecutor(SnapshotCache.daemonThreads("revision-poll"));
        long every = Math.max(10, config.pollInterval().toMillis());
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        listener = SnapshotCache.daemonThreads("revision-listen").newThread(this::listen);
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (poller != null) {
            poller.shutdownNow();
        }
        if (listener != null) {
            listener.interrupt();
        }
    }

    /** True while the notification connection is up (readiness reports it). */
    public boolean listening() {
        return listening;
    }

    void poll() {
        List<String> accounts = cache.heldAccounts();
        if (accounts.isEmpty()) {
            return;
        }
        long started = cache.ticks();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, revision FROM account WHERE id = ANY (?)")) {
            Array ids = c.createArrayOf("text", accounts.toArray());
            s.setArray(1, ids);
            Map<String, Long> revisions = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    revisions.put(rs.getString(1), rs.getLong(2));
                }
            }
            cache.confirmed(accounts, revisions, started);
        } catch (SQLException e) {
            cache.databaseFailed(e);
            LOG.debugf("revision poll failed: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("revision poll failed: %s", e.toString());
        }
    }

    private void listen() {
        while (running) {
            try (Connection c = connections.open(Map.of("ApplicationName", "rolegate-revision-feed", "socketTimeout", "30"))) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + UnitOfWork.CHANNEL);
                }
                listening = true;
                PGConnection pg = c.unwrap(PGConnection.class);
                int idle = 0;
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications == null || notifications.length == 0) {
                        if (++idle % 20 == 0) {
                            // a half-open connection never errors while waiting: probe it every ~10 s
                            try (Statement s = c.createStatement()) {
                                s.execute("SELECT 1");
                            }
                        }
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        deliver(n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.debugf("change notifications interrupted (%s); reconnecting", e.getMessage());
                }
            } finally {
                listening = false;
            }
            if (running) {
                sleep(1000);
            }
        }
    }

    private void deliver(String payload) {
        int colon = payload.lastIndexOf(':');
        if (colon <= 0) {
            return;
        }
        try {
            String account = payload.substring(0, colon);
            long revision = Long.parseLong(payload.substring(colon + 1));
            cache.heard(account, revision);
            revisionsHeard.fire(new RevisionHeard(account, revision));
        } catch (NumberFormatException e) {
            LOG.debugf("ignored a malformed change notification");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
