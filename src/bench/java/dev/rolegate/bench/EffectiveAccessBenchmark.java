package dev.rolegate.bench;

import dev.rolegate.engine.EffectiveAccess;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.UserDef;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * "What may this user do" ({@link Snapshot#effectiveAccess}) on the 10,000-user account, in
 * microseconds per call.
 *
 * <ul>
 *   <li>{@link #warm}: active users in a fixed pseudo-random order on a snapshot whose caches
 *       are already filled, as in steady state.</li>
 *   <li>{@link #cold}: the first call for each distinct cache entry. The snapshot caches one
 *       answer per distinct unbounded permission set (and one per user with time-bounded
 *       grants), so "cold" means a call that computes and fills an entry. The setup finds, on a
 *       scratch snapshot, the first user of each entry (a call whose returned instance was not
 *       returned before: the cached object is shared by every user of the entry) and keeps
 *       {@link #COLD_CALLS} of them. Each measured iteration then compiles a fresh snapshot
 *       (not timed) and times one call for each of these users, every one of which misses the
 *       cache: single-shot mode, the score divided by {@link #COLD_CALLS}. Each measured
 *       iteration also prints the CPU time of those calls ({@code [cold cpu]}), which a CPU
 *       shared with other work does not inflate.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EffectiveAccessBenchmark {

    static final int WARM_BATCH = 256;
    static final int COLD_CALLS = 2000;

    /** Warm: the shared snapshot, its caches filled in setup. */
    @State(Scope.Thread)
    public static class Warm {
        Snapshot snapshot;
        String[] users;
        int cursor;

        @Setup(Level.Trial)
        public void setUp() {
            EngineAccount data = EngineAccount.get();
            snapshot = data.snapshot;
            List<String> active = new ArrayList<>();
            for (UserDef user : data.model.users()) {
                if (user.active()) {
                    active.add(user.id());
                }
            }
            SplittableRandom random = new SplittableRandom(7);
            users = new String[1 << 14];
            for (int i = 0; i < users.length; i++) {
                users[i] = active.get(random.nextInt(active.size()));
                snapshot.effectiveAccess(users[i], AccountGenerator.NOW);
            }
        }
    }

    /** Cold: one user per distinct cache entry, and a fresh snapshot per iteration. */
    @State(Scope.Thread)
    public static class Cold {
        String[] users;
        Snapshot snapshot;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private long cpuAtStart;

        @Setup(Level.Trial)
        public void findOneUserPerEntry() {
            EngineAccount data = EngineAccount.get();
            Snapshot scratch = data.freshSnapshot();
            IdentityHashMap<EffectiveAccess, Boolean> seen = new IdentityHashMap<>();
            List<String> firsts = new ArrayList<>();
            long permissions = 0;
            for (UserDef user : data.model.users()) {
                EffectiveAccess access = scratch.effectiveAccess(user.id(), AccountGenerator.NOW);
                if (access != EffectiveAccess.NOTHING && seen.put(access, Boolean.TRUE) == null) {
                    firsts.add(user.id());
                    permissions += access.permissions().size();
                }
            }
            if (firsts.size() < COLD_CALLS) {
                throw new IllegalStateException("only " + firsts.size() + " distinct entries, need " + COLD_CALLS);
            }
            System.out.printf("%n[effectiveAccess] %d distinct cache entries among %d users (mean %.0f permissions);"
                    + " timing the first %d%n", firsts.size(), data.model.users().size(),
                    (double) permissions / firsts.size(), COLD_CALLS);
            users = firsts.subList(0, COLD_CALLS).toArray(new String[0]);
        }

        @Setup(Level.Iteration)
        public void freshSnapshot() {
            snapshot = EngineAccount.get().freshSnapshot();
        }

        // single-shot: one invocation per iteration, so these bracket exactly the timed calls
        @Setup(Level.Invocation)
        public void startCpuClock() {
            cpuAtStart = threads.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Invocation)
        public void stopCpuClock(IterationParams iteration) {
            long cpu = threads.getCurrentThreadCpuTime() - cpuAtStart;
            if (iteration.getType() == IterationType.MEASUREMENT) {
                System.out.printf(" [cold cpu] %.3f us CPU/op", cpu / 1e3 / COLD_CALLS);
            }
        }
    }

    @Benchmark
    @Warmup(iterations = 4, time = 1)
    @Measurement(iterations = 5, time = 1)
    @OperationsPerInvocation(WARM_BATCH)
    public void warm(Warm state, Blackhole blackhole) {
        int from = state.cursor;
        state.cursor = (from + WARM_BATCH) & (state.users.length - 1);
        Instant now = AccountGenerator.NOW;
        for (int i = from; i < from + WARM_BATCH; i++) {
            blackhole.consume(state.snapshot.effectiveAccess(state.users[i], now));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 15)
    @Measurement(iterations = 20)
    @OperationsPerInvocation(COLD_CALLS)
    public void cold(Cold state, Blackhole blackhole) {
        Instant now = AccountGenerator.NOW;
        for (String user : state.users) {
            blackhole.consume(state.snapshot.effectiveAccess(user, now));
        }
    }
}
