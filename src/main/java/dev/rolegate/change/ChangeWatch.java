package dev.rolegate.change;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.change.api.ChangeRecordResponse;
import dev.rolegate.change.store.ChangeRecords;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The streams of {@code GET /v1/accounts/{a}/changes/watch}: each watcher gets the records after
 * its revision in order, one event each ({@code id:} the revision, {@code data:} the record's
 * JSON), then each new record as it commits. A watcher is woken by this replica's
 * {@link AccountChanged} after commit and by every revision heard through LISTEN/NOTIFY
 * ({@link RevisionHeard}); it then reads what it has not sent from the records table, so a
 * missed wake-up only delays until the next heartbeat, and nothing is sent twice or skipped.
 * A comment line is sent when a stream was silent for {@code rolegate.changes.heartbeat}.
 */
@ApplicationScoped
public class ChangeWatch {

    private static final Logger LOG = Logger.getLogger(ChangeWatch.class);
    private static final int BATCH = 1000;

    @Inject
    ChangeRecords records;

    @Inject
    ChangeConfig config;

    @Inject
    ObjectMapper json;

    private final Map<String, Set<Watcher>> watchers = new ConcurrentHashMap<>();
    private ExecutorService pumps;
    private ScheduledExecutorService beats;

    /** One open stream. */
    private final class Watcher {
        final String account;
        final SseEventSink sink;
        final Sse sse;
        long lastSent;
        long lastWriteNanos = System.nanoTime();

        Watcher(String account, long after, SseEventSink sink, Sse sse) {
            this.account = account;
            this.lastSent = after;
            this.sink = sink;
            this.sse = sse;
        }

        /** Sends every record after {@link #lastSent}; false when the stream is gone. */
        synchronized boolean pump() {
            try {
                while (!sink.isClosed()) {
                    List<ChangeRecords.Row> rows = records.after(account, lastSent, BATCH);
                    for (ChangeRecords.Row row : rows) {
                        OutboundSseEvent event = sse.newEventBuilder().id(Long.toString(row.revision()))
                                .data(json.writeValueAsString(ChangeFeed.view(row))).build();
                        sink.send(event).toCompletableFuture().get(10, TimeUnit.SECONDS);
                        lastSent = row.revision();
                        lastWriteNanos = System.nanoTime();
                    }
                    if (rows.size() < BATCH) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debugf("change watch of %s ended: %s", account, e.toString());
            }
            return false;
        }

        synchronized boolean beat() {
            if (System.nanoTime() - lastWriteNanos < config.heartbeat().toNanos()) {
                return true;
            }
            try {
                sink.send(sse.newEventBuilder().comment("heartbeat").build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
                lastWriteNanos = System.nanoTime();
                return !sink.isClosed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                return false;
            }
        }
    }

    void start(@Observes StartupEvent event) {
        pumps = Executors.newFixedThreadPool(2, daemon("change-watch"));
        beats = Executors.newSingleThreadScheduledExecutor(daemon("change-watch-heartbeat"));
        long every = Math.max(50, config.heartbeat().toMillis() / 4);
        beats.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (beats != null) {
            beats.shutdownNow();
            pumps.shutdownNow();
        }
        watchers.values().forEach(set -> set.forEach(w -> w.sink.close()));
    }

    /** Streams the records of {@code account} after revision {@code after} to {@code sink}, then what commits. */
    public void watch(String account, long after, SseEventSink sink, Sse sse) {
        Watcher watcher = new Watcher(account, after, sink, sse);
        watchers.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(watcher);
        wake(watcher);
    }

    /** How many streams are open (for tests and metrics). */
    public int open() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }

    void committedHere(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountChanged change) {
        wakeAll(change.account());
    }

    void heard(@Observes RevisionHeard heard) {
        wakeAll(heard.account());
    }

    private void wakeAll(String account) {
        Set<Watcher> set = watchers.get(account);
        if (set != null) {
            set.forEach(this::wake);
        }
    }

    private void wake(Watcher watcher) {
        pumps.execute(() -> {
            if (!watcher.pump()) {
                remove(watcher);
            }
        });
    }

    /** Heartbeats, closed streams, and a read for every stream in case a wake-up was lost. */
    private void tick() {
        for (Set<Watcher> set : watchers.values()) {
            for (Watcher watcher : set) {
                if (watcher.sink.isClosed() || !watcher.beat()) {
                    remove(watcher);
                } else if (System.nanoTime() - watcher.lastWriteNanos > config.heartbeat().toNanos() / 2) {
                    wake(watcher);
                }
            }
        }
    }

    private void remove(Watcher watcher) {
        Set<Watcher> set = watchers.get(watcher.account);
        if (set != null) {
            set.remove(watcher);
        }
        if (!watcher.sink.isClosed()) {
            watcher.sink.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
