package dev.rolegate.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a command ({@code java -jar target/quarkus-app/quarkus-run.jar policy ...}),
 * as a customer's CI runs it: exit codes and {@code file:line} output, and proof that no
 * database starts (no embedded PostgreSQL banner, nothing written to the data directory, no
 * Quarkus start-up line) and that the JVM exits on its own.
 */
class PolicyCliIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** Generous for a loaded CI machine; a run takes about a second on a quiet one. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @TempDir
    Path outputs;

    @Test
    void theShippedPoliciesValidateAndTheirTestsPass() throws Exception {
        Result validate = run("validate", "policies");
        assertEquals(0, validate.exitCode(), validate::toString);
        assertEquals(List.of("2 templates, 1 tests file: 0 errors, 0 warnings"), validate.out().lines().toList());
        assertEquals("", validate.err(), validate::toString);
        assertNoServiceStarted(validate);

        Result test = run("test", "policies");
        assertEquals(0, test.exitCode(), test::toString);
        assertEquals(List.of("12 cases, 0 failed (82 checks, 0 failed)"), test.out().lines().toList());
        assertNoServiceStarted(test);
    }

    @Test
    void brokenPolicyFilesFailWithFileAndLine() throws Exception {
        String broken = "src/test/resources/policy-cli/broken";
        Result validate = run("validate", broken);
        assertEquals(1, validate.exitCode(), validate::toString);
        assertTrue(validate.out().lines().anyMatch(l -> l.equals(broken + "/templates/extra.yaml:6:14: error: role "
                + "'picker' grants unknown permission 'stock.veiw' (did you mean 'stock.view'?) [unknown_permission]")),
                validate::toString);
        assertTrue(validate.out().endsWith("2 templates, 1 tests file: 5 errors, 0 warnings\n"), validate::toString);
        assertNoServiceStarted(validate);

        String failing = "src/test/resources/policy-cli/failing-tests";
        Result test = run("test", failing, "--format", "github");
        assertEquals(1, test.exitCode(), test::toString);
        assertTrue(test.out().startsWith("::error file=" + failing + "/tests/shop.yaml,line=12,col=32,title=test_failed::"
                + "case 'a clerk refunds (wrong on purpose)' (line 9, roles [clerk]): operation order.refund should be "
                + "allowed but is denied (missing_permission: order.refund)\n"), test::toString);
        assertNoServiceStarted(test);
    }

    @Test
    void usageErrorsAndDiffsExitWithTheirCodes() throws Exception {
        Result usage = run("validate", "no/such/dir");
        assertEquals(2, usage.exitCode(), usage::toString);
        assertTrue(usage.err().startsWith("error: no such folder: no/such/dir\n"), usage::toString);
        assertNoServiceStarted(usage);

        Result diff = run("diff", "src/test/resources/policy-cli/failing-tests/templates/shop.yaml",
                "src/test/resources/policy-cli/diff/shop-drifted.json");
        assertEquals(1, diff.exitCode(), diff::toString);
        assertTrue(diff.out().contains("\n~ role manager: + grant rbac.users.read\n"), diff::toString);
        assertNoServiceStarted(diff);
    }

    private void assertNoServiceStarted(Result result) throws IOException {
        String all = result.out() + result.err();
        assertFalse(all.contains("EMBEDDED PostgreSQL"), result::toString);
        assertFalse(all.contains("started in"), result::toString); // Quarkus's "rolegate ... started in 2.1s"
        try (Stream<Path> written = Files.list(dataDir)) {
            assertEquals(List.of(), written.toList(), "the command wrote to the data directory");
        }
        assertTrue(result.elapsed().compareTo(LIMIT) < 0, () -> "took " + result.elapsed());
    }

    private record Result(int exitCode, String out, String err, Duration elapsed) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the jar with {@code policy args}; the data directory points at an empty temporary folder. */
    private Result run(String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("no packaged jar at " + JAR + ": run the integration tests with `mvn verify`");
        }
        Path out = Files.createTempFile(outputs, "policy-cli", ".out");
        Path err = Files.createTempFile(outputs, "policy-cli", ".err");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), "policy"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("ROLEGATE_DATA_DIR", dataDir.toString());
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(LIMIT.toSeconds() * 2, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("policy " + String.join(" ", args) + " did not exit within " + LIMIT.multipliedBy(2));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), elapsed);
    }
}
