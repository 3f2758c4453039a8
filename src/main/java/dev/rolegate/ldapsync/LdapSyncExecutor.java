package dev.rolegate.ldapsync;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The bounded pool LDAP sync runs execute on: {@link LdapSyncConfig#syncThreads()} threads and a
 * queue of {@link LdapSyncConfig#syncQueue()} accepted runs, shared by all accounts, so a slow
 * directory holds one thread and never the HTTP workers or the scheduler. At shutdown running
 * runs are interrupted; their transactions roll back and their rows read as {@code interrupted}.
 */
@ApplicationScoped
public class LdapSyncExecutor {

    @Inject
    LdapSyncConfig config;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        AtomicInteger count = new AtomicInteger();
        pool = new ThreadPoolExecutor(config.syncThreads(), config.syncThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.syncQueue()), runnable -> {
                    Thread thread = new Thread(runnable, "ldap-sync-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code work} on the pool.
     *
     * @throws RejectedExecutionException when the queue is full
     */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, pool);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
