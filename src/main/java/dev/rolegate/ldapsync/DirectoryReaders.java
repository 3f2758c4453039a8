package dev.rolegate.ldapsync;

import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapDirectory;
import dev.rolegate.ldap.LdapException;
import dev.rolegate.ldap.LdapSettings;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps each account's {@link DirectoryReader} (its UnboundID connection pool: TCP, TLS and bind
 * already done, health-checked by the pool) across sync runs, so a run that finds nothing
 * changed costs two small searches, not a new TLS handshake and bind.
 *
 * <ul>
 *   <li>Keyed by account; reused only while the account's {@link LdapSettings} are equal to the
 *       ones it was opened with (URL, TLS, CA, bind DN and password, ...): changed settings close
 *       it and open a new one.</li>
 *   <li>A run whose read failed ({@code ldap_*}, or anything else) closes it: the next run
 *       connects afresh.</li>
 *   <li>Bounded: at most {@value #MAX_ACCOUNTS} accounts, least recently used closed first;
 *       one unused for {@link #IDLE} is closed (swept every minute).</li>
 *   <li>A reader still in use when it is replaced or evicted is closed when its user releases
 *       it. Thread-safe.</li>
 * </ul>
 */
@ApplicationScoped
public class DirectoryReaders {

    static final int MAX_ACCOUNTS = 32;
    static final Duration IDLE = Duration.ofMinutes(10);

    @Inject
    LdapDirectory ldap;

    @Inject
    LdapClientOptions options;

    /** Access-ordered: the eldest is the least recently used. Guarded by {@code this}. */
    private final Map<String, Held> held = new LinkedHashMap<>(16, 0.75f, true);

    /** What a sync run does with the reader. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(DirectoryReader reader) throws LdapException;
    }

    /**
     * Runs {@code work} with the account's reader, opening (connect, TLS, bind) one when none is
     * held or the settings changed. A failure of {@code work} closes the reader and is rethrown.
     *
     * @throws LdapException as {@link LdapDirectory#open} and {@code work}
     */
    public <T> T with(String account, LdapSettings settings, Work<T> work) throws LdapException {
        Held reader = acquire(account, settings);
        boolean failed = true;
        try {
            T result = work.apply(reader.reader);
            failed = false;
            return result;
        } finally {
            release(account, reader, failed);
        }
    }

    private Held acquire(String account, LdapSettings settings) throws LdapException {
        List<Held> retired = new ArrayList<>();
        try {
            synchronized (this) {
                Held current = held.get(account);
                if (current != null && current.settings.equals(settings)) {
                    current.users++;
                    return current;
                }
                if (current != null) {
                    held.remove(account);
                    retired.add(current);
                }
            }
        } finally {
            closeRetired(retired);
        }
        // Connect outside the lock: another account's run must not wait for this handshake.
        Held opened = new Held(settings, ldap.open(settings, options));
        opened.users = 1;
        synchronized (this) {
            Held previous = held.put(account, opened);
            if (previous != null) {
                retired.add(previous); // a concurrent open of the same account: the newest wins
            }
            Iterator<Held> eldest = held.values().iterator();
            while (held.size() > MAX_ACCOUNTS && eldest.hasNext()) {
                Held evicted = eldest.next();
                eldest.remove();
                retired.add(evicted);
            }
        }
        closeRetired(retired);
        return opened;
    }

    private void release(String account, Held reader, boolean failed) {
        boolean close;
        synchronized (this) {
            reader.users--;
            reader.lastUsedNanos = System.nanoTime();
            if (failed && held.get(account) == reader) {
                held.remove(account);
                reader.retired = true;
            }
            close = reader.retired && reader.users == 0;
        }
        if (close) {
            reader.reader.close();
        }
    }

    /** Closes readers unused for {@link #IDLE}. */
    @Scheduled(every = "60s", identity = "ldap-directory-readers-idle")
    void closeIdle() {
        List<Held> retired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            Iterator<Held> it = held.values().iterator();
            while (it.hasNext()) {
                Held h = it.next();
                if (h.users == 0 && now - h.lastUsedNanos > IDLE.toNanos()) {
                    it.remove();
                    retired.add(h);
                }
            }
        }
        closeRetired(retired);
    }

    /** How many accounts have a reader held (for tests). */
    synchronized int size() {
        return held.size();
    }

    @PreDestroy
    void closeAll() {
        List<Held> retired;
        synchronized (this) {
            retired = new ArrayList<>(held.values());
            held.clear();
        }
        closeRetired(retired);
    }

    /** Marks readers retired; each closes now if unused, else when its last user releases it. */
    private void closeRetired(List<Held> retired) {
        for (Held h : retired) {
            boolean close;
            synchronized (this) {
                h.retired = true;
                close = h.users == 0;
            }
            if (close) {
                h.reader.close();
            }
        }
        retired.clear();
    }

    private static final class Held {
        final LdapSettings settings;
        final DirectoryReader reader;
        int users;
        boolean retired;
        long lastUsedNanos = System.nanoTime();

        Held(LdapSettings settings, DirectoryReader reader) {
            this.settings = settings;
            this.reader = reader;
        }
    }
}
