package dev.rolegate.bench;

import dev.rolegate.engine.Decision;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.Target;
import dev.rolegate.engine.UserDef;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
 * Rolegate's {@link Snapshot#check} on one thread, in checks per second, over the fixed question
 * sequence of {@link AccountGenerator#questions} (operations and permissions, allowed and denied,
 * a few unknowns) on the 10,000-user account. One invocation asks {@link #BATCH} consecutive
 * questions, so the harness's per-call cost does not blur a check that costs tens of
 * nanoseconds; the score is per question.
 *
 * <p>{@link #check} asks with the generator's strings: built in advance, as the HTTP layer
 * would have them after parsing, each its own copy (so the name look-ups compare characters),
 * with hash codes cached after the first pass. {@link #checkSameInstances} asks the same
 * questions with the very {@code String} instances the snapshot interned, so that
 * {@code equals} succeeds on the reference: the difference is what comparing characters costs
 * (mostly the cache misses of reading the second copy). {@link #checkCacheResident} asks only
 * the first {@link #BATCH} questions, over and over: their data stays in the CPU caches, so the
 * gap to {@link #check} is what memory latency costs (a diagnostic, not a target figure).
 *
 * <p>Beside JMH's wall-clock score, each measured iteration prints the CPU time the benchmark
 * thread used per check ({@code [check cpu]} lines): on a machine whose CPUs are shared with
 * other work, wall-clock throughput drops when the thread waits for a CPU, CPU time does not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class CheckBenchmark {

    static final int BATCH = 1024;

    private Snapshot snapshot;
    private String[] subjects;
    private Target[] targets;
    private String[] sameSubjects;
    private Target[] sameTargets;
    private final Instant now = AccountGenerator.NOW;
    private int cursor;
    private long batches;
    private long cpuAtStart;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Setup(Level.Trial)
    public void setUp() {
        EngineAccount data = EngineAccount.get();
        snapshot = data.snapshot;
        subjects = data.questions.subjects();
        targets = data.questions.targets();
        int allowed = 0;
        for (int i = 0; i < subjects.length; i++) {
            allowed += snapshot.check(subjects[i], targets[i], now).allowed() ? 1 : 0;
        }
        Map<String, String> canonical = new HashMap<>();
        for (UserDef user : data.model.users()) {
            canonical.put(user.id(), user.id());
        }
        for (PermissionDef permission : data.model.permissions()) {
            canonical.put(permission.name(), permission.name());
            for (String operation : permission.operations()) {
                canonical.putIfAbsent(operation, operation);
            }
        }
        sameSubjects = new String[subjects.length];
        sameTargets = new Target[subjects.length];
        for (int i = 0; i < subjects.length; i++) {
            sameSubjects[i] = canonical.getOrDefault(subjects[i], subjects[i]);
            String name = canonical.getOrDefault(targets[i].name(), targets[i].name());
            sameTargets[i] = targets[i] instanceof Target.Operation ? new Target.Operation(name) : new Target.Permission(name);
        }
        System.out.printf("%n[check] %d questions, %d allowed (%.1f%%)%n", subjects.length, allowed,
                100.0 * allowed / subjects.length);
    }

    @Setup(Level.Iteration)
    public void startCpuClock() {
        batches = 0;
        cpuAtStart = threads.getCurrentThreadCpuTime();
    }

    /** Prints the CPU time per check of a measured iteration (runs on the benchmark thread). */
    @TearDown(Level.Iteration)
    public void stopCpuClock(IterationParams iteration) {
        long cpu = threads.getCurrentThreadCpuTime() - cpuAtStart;
        if (iteration.getType() == IterationType.MEASUREMENT && batches > 0) {
            double nanos = (double) cpu / (batches * BATCH);
            System.out.printf(" [check cpu] %.1f ns CPU/check = %,.0f checks per CPU-second", nanos, 1e9 / nanos);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void check(Blackhole blackhole) {
        batches++;
        int from = cursor;
        cursor = (from + BATCH) & (EngineAccount.QUESTIONS - 1);
        for (int i = from; i < from + BATCH; i++) {
            Decision decision = snapshot.check(subjects[i], targets[i], now);
            blackhole.consume(decision);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void checkSameInstances(Blackhole blackhole) {
        batches++;
        int from = cursor;
        cursor = (from + BATCH) & (EngineAccount.QUESTIONS - 1);
        for (int i = from; i < from + BATCH; i++) {
            blackhole.consume(snapshot.check(sameSubjects[i], sameTargets[i], now));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void checkCacheResident(Blackhole blackhole) {
        batches++;
        for (int i = 0; i < BATCH; i++) {
            blackhole.consume(snapshot.check(subjects[i], targets[i], now));
        }
    }
}
