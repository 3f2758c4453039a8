package dev.rolegate.bench;

import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * Snapshot build time and retained heap for {@link AccountGenerator#LARGE}: 100,000 users and
 * 1,000,000 assignments (500 roles, 2,000 permissions, 5,000 operations). A plain main rather
 * than JMH because heap size is not a JMH score; run it in a JVM of its own (the Maven profile
 * does, with a fixed 2 GB heap).
 *
 * <ul>
 *   <li><b>Time</b>: {@code SnapshotCompiler.compile} (validation included), wall-clock. The
 *       first compile of the JVM is reported on its own (what a replica pays right after start);
 *       after {@code warmups} compiles in all, {@code runs} timed ones give min, median (the
 *       upper one for an even count) and max, and the median CPU time of the compiling thread,
 *       which a CPU shared with other work does not inflate. The bytes each compile allocates (its
 *       transient garbage) come from HotSpot's per-thread allocation counter.</li>
 *   <li><b>Retained heap</b>: what a service keeps once it has compiled and dropped the model.
 *       With the model dropped, a full GC (repeated until the figure settles) and the heap in use
 *       is read with the snapshot held; then the snapshot is dropped, the GC repeated and the
 *       heap read again. The difference is everything reachable only from the snapshot,
 *       strings of ids and names included.</li>
 * </ul>
 * Arguments: {@code [warmups [runs]]}, default 5 and 10.
 */
public final class SnapshotBuildBenchmark {

    private static final long MB = 1024 * 1024;

    private SnapshotBuildBenchmark() {
    }

    public static void main(String[] args) {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        AccountGenerator.Spec spec = AccountGenerator.LARGE;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        System.out.printf("Snapshot build: %s, JVM %s, max heap %d MB, %d processors%n", spec,
                System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() / MB,
                Runtime.getRuntime().availableProcessors());
        long empty = usedAfterGc(memory);
        long start = System.nanoTime();
        AccountModel model = AccountGenerator.account(spec);
        long generated = System.nanoTime();
        long withModel = usedAfterGc(memory);
        System.out.printf("model generated in %d ms: %,d users, %,d groups, %,d roles, %,d permissions, %,d assignments;"
                + " the model itself holds %d MB%n", (generated - start) / 1_000_000, model.users().size(),
                model.groups().size(), model.roles().size(), model.permissions().size(), model.assignments().size(),
                (withModel - empty) / MB);

        // the first compile in a fresh JVM (interpreted, then JIT-compiling): what a replica pays at start
        long first = System.nanoTime();
        Reference.reachabilityFence(SnapshotCompiler.compile(model));
        System.out.printf("first compile in this JVM: %d ms%n", (System.nanoTime() - first) / 1_000_000);
        for (int i = 1; i < warmups; i++) {
            Reference.reachabilityFence(SnapshotCompiler.compile(model));
        }
        double[] millis = new double[runs];
        double[] cpuMillis = new double[runs];
        long allocated = 0;
        for (int i = 0; i < runs; i++) {
            long before = threads.getThreadAllocatedBytes(thread);
            long cpu = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Snapshot snapshot = SnapshotCompiler.compile(model);
            millis[i] = (System.nanoTime() - t0) / 1e6;
            cpuMillis[i] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            allocated += threads.getThreadAllocatedBytes(thread) - before;
            Reference.reachabilityFence(snapshot);
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        Arrays.sort(cpuMillis);
        System.out.printf("compile time over %d runs after %d warm-ups: min %.0f ms, median %.0f ms, max %.0f ms"
                + " (runs in order: %s); CPU time of the compiling thread: median %.0f ms (GC threads not"
                + " included); allocates %d MB per compile%n", runs, warmups, sorted[0], sorted[runs / 2],
                sorted[runs - 1], Arrays.toString(Arrays.stream(millis).map(Math::rint).toArray()),
                cpuMillis[runs / 2], allocated / runs / MB);

        Snapshot kept = SnapshotCompiler.compile(model);
        model = null; // the service drops the model once compiled
        long withSnapshot = usedAfterGc(memory);
        Reference.reachabilityFence(kept);
        kept = null;
        long withoutSnapshot = usedAfterGc(memory);
        System.out.printf("retained heap of the snapshot (model dropped): %.1f MB%n",
                (withSnapshot - withoutSnapshot) / (double) MB);
        System.out.println("machine load: " + EngineBenchmarks.load());
        System.out.printf("%nvs targets (issue 4): build <= 2000 ms: %s (median %.0f ms); heap <= 300 MB: %s (%.1f MB)%n",
                sorted[runs / 2] <= 2000 ? "met" : "MISSED", sorted[runs / 2],
                withSnapshot - withoutSnapshot <= 300 * MB ? "met" : "MISSED",
                (withSnapshot - withoutSnapshot) / (double) MB);
    }

    /** Heap in use after full GCs, repeated until two readings agree within 64 KB (at most 10). */
    private static long usedAfterGc(MemoryMXBean memory) {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
