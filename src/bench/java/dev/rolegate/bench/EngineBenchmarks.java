package dev.rolegate.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the JMH benchmarks of this package (JMH's usual command line: a name filter, {@code -f},
 * {@code -wi}, {@code -i}, {@code -rf}, …; {@code -h} for help) and then prints the figures
 * against the targets of issue 4 and the Rolegate / jCasbin ratio.
 */
public final class EngineBenchmarks {

    private static final double CHECK_TARGET = 10_000_000;
    private static final double EFFECTIVE_ACCESS_TARGET_US = 10;

    private EngineBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                || options.shouldListProfilers() || options.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        String loadBefore = load();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Result<?>> scores = new HashMap<>();
        Map<String, Result<?>> enforceCalls = new HashMap<>();
        for (RunResult run : results) {
            String name = run.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            String matcher = run.getParams().getParam("matcher");
            String key = matcher == null ? name : name + ":" + matcher;
            scores.put(key, run.getPrimaryResult());
            Result<?> calls = run.getSecondaryResults().get("enforceCalls");
            if (calls != null) {
                enforceCalls.put(key, calls);
            }
        }

        System.out.println();
        System.out.println("Rolegate engine vs targets (issue 4), and jCasbin on the same data and questions");
        Result<?> check = scores.get("CheckBenchmark.check");
        if (check != null) {
            System.out.printf("  check, one thread        %,15.0f checks/s  ± %,.0f   target >= %,.0f: %s%n",
                    check.getScore(), check.getScoreError(), CHECK_TARGET, verdict(check.getScore() >= CHECK_TARGET));
        }
        Result<?> same = scores.get("CheckBenchmark.checkSameInstances");
        if (same != null) {
            System.out.printf("  (same String instances)  %,15.0f checks/s  ± %,.0f%n", same.getScore(), same.getScoreError());
        }
        for (String mode : new String[] {"warm", "cold"}) {
            Result<?> access = scores.get("EffectiveAccessBenchmark." + mode);
            if (access != null) {
                System.out.printf("  effectiveAccess, %-4s    %15.3f us/op     ± %.3f   target <= %.0f us: %s%n", mode,
                        access.getScore(), access.getScoreError(), EFFECTIVE_ACCESS_TARGET_US,
                        verdict(access.getScore() <= EFFECTIVE_ACCESS_TARGET_US));
            }
        }
        for (String matcher : new String[] {"canonical", "targetFirst"}) {
            Result<?> casbin = scores.get("CasbinBenchmark.check:" + matcher);
            if (casbin == null) {
                continue;
            }
            Result<?> calls = enforceCalls.get("CasbinBenchmark.check:" + matcher);
            System.out.printf("  jCasbin (%-11s)     %,15.1f questions/s (%,.1f enforce()/s)%n", matcher,
                    casbin.getScore(), calls == null ? Double.NaN : calls.getScore());
            if (check != null) {
                System.out.printf("    ratio Rolegate / jCasbin: %,.0f x per question%n", check.getScore() / casbin.getScore());
            }
        }
        System.out.println("  machine load before: " + loadBefore);
        System.out.println("  machine load after:  " + load());
    }

    /** The machine's load average and CPU pressure (Linux), to judge how shared the CPUs were. */
    static String load() {
        StringBuilder out = new StringBuilder();
        for (String file : new String[] {"/proc/loadavg", "/proc/pressure/cpu"}) {
            try {
                out.append(file).append(": ")
                        .append(java.nio.file.Files.readAllLines(java.nio.file.Path.of(file)).get(0)).append("; ");
            } catch (java.io.IOException | RuntimeException e) {
                out.append(file).append(": n/a; ");
            }
        }
        return out.toString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
