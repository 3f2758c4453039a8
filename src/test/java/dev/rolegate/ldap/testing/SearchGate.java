package dev.rolegate.ldap.testing;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds search result entries of an in-memory directory while closed, so a test can catch a sync
 * run in the middle of its read: {@link #close()}, start the run, wait for {@link #held()} to
 * rise, act, {@link #open()}. An entry waits at most a minute, then goes on.
 */
public final class SearchGate extends InMemoryOperationInterceptor {

    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger held = new AtomicInteger();

    /** Entries from now on wait until {@link #open()}. */
    public void close() {
        held.set(0);
        gate = new CountDownLatch(1);
    }

    /** Lets every waiting and later entry through. */
    public void open() {
        gate.countDown();
    }

    /** Entries that reached the gate since it was last closed. */
    public int held() {
        return held.get();
    }

    @Override
    public void processSearchEntry(InMemoryInterceptedSearchEntry entry) {
        CountDownLatch current = gate;
        if (current.getCount() > 0) {
            held.incrementAndGet();
            try {
                current.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
