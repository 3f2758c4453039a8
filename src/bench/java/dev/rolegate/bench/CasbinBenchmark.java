package dev.rolegate.bench;

import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.Target;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The questions of {@link CheckBenchmark}, in the same order, on the same account, put to
 * jCasbin 1.99.0 (RBAC with domains; {@link CasbinAccount} has the mapping), on one thread, in
 * questions per second. An operation question may take several {@code enforce()} calls; the
 * secondary score {@code enforceCalls} counts them per second.
 *
 * <p>{@code matcher=canonical} is the model of jCasbin's documentation; {@code targetFirst}
 * reorders it so the string comparisons reject most policies before the role look-up, the most
 * a jCasbin user could do without changing its semantics. Before timing, the setup checks that
 * jCasbin and Rolegate agree on the first {@link #AGREEMENT_SAMPLE} questions (it throws if not).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
public class CasbinBenchmark {

    static final int AGREEMENT_SAMPLE = 2000;

    @Param({"canonical", "targetFirst"})
    public String matcher;

    private CasbinAccount casbin;
    private String[] subjects;
    private Target[] targets;
    private int cursor;

    /** Counts {@code enforce()} calls; JMH reports them per second beside the main score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Calls {
        public long enforceCalls;

        @Setup(Level.Iteration)
        public void reset() {
            enforceCalls = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        EngineAccount data = EngineAccount.get();
        long start = System.nanoTime();
        casbin = new CasbinAccount(data.model, AccountGenerator.NOW,
                matcher.equals("canonical") ? CasbinAccount.CANONICAL_MATCHER : CasbinAccount.TARGET_FIRST_MATCHER);
        long loaded = System.nanoTime();
        subjects = data.questions.subjects();
        targets = data.questions.targets();
        Snapshot snapshot = data.snapshot;
        for (int i = 0; i < AGREEMENT_SAMPLE; i++) {
            boolean rolegate = snapshot.check(subjects[i], targets[i], AccountGenerator.NOW).allowed();
            if (casbin.allowed(subjects[i], targets[i]) != rolegate) {
                throw new IllegalStateException("jCasbin and Rolegate disagree on question " + i + ": "
                        + subjects[i] + " " + targets[i] + ", Rolegate says " + rolegate);
            }
        }
        System.out.printf("%n[jcasbin %s] %d policies, %d grouping links, loaded in %d ms; agrees with Rolegate on"
                + " %d questions (%.2f enforce() per question, %d ms)%n", matcher, casbin.policies, casbin.links,
                (loaded - start) / 1_000_000, AGREEMENT_SAMPLE, (double) casbin.enforceCalls / AGREEMENT_SAMPLE,
                (System.nanoTime() - loaded) / 1_000_000);
    }

    @Benchmark
    public boolean check(Calls calls) {
        int i = cursor;
        cursor = (i + 1) & (EngineAccount.QUESTIONS - 1);
        long before = casbin.enforceCalls;
        boolean allowed = casbin.allowed(subjects[i], targets[i]);
        calls.enforceCalls += casbin.enforceCalls - before;
        return allowed;
    }
}
