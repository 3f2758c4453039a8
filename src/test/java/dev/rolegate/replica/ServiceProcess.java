package dev.rolegate.replica;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One Rolegate service instance, run from the packaged jar ({@code target/quarkus-app}) as its
 * own process, as a replica would run in production. Its log goes to {@code target/it-logs}.
 */
final class ServiceProcess implements AutoCloseable {

    /** Settings in this build's own environment that must not leak into an instance. */
    private static final Pattern INHERITED_SETTING = Pattern.compile("(QUARKUS|MP|ROLEGATE|SMALLRYE)_.*");

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts an instance with these environment variables and waits until it is live on 127.0.0.1. */
    static ServiceProcess start(String name, Map<String, String> environment) throws IOException, InterruptedException {
        Map<String, String> onLoopback = new HashMap<>(environment);
        onLoopback.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        return start(name, onLoopback, List.of());
    }

    /**
     * {@link #start(String, Map)} with this maximum heap ({@code -Xmx}, e.g. {@code 2g}, which
     * overrides the default 512m), for benchmarks on large accounts.
     */
    static ServiceProcess start(String name, Map<String, String> environment, String maxHeap)
            throws IOException, InterruptedException {
        Map<String, String> onLoopback = new HashMap<>(environment);
        onLoopback.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        return start(name, onLoopback, List.of("-Xmx" + maxHeap));
    }

    /**
     * Starts an instance with these environment variables and JVM options (e.g.
     * {@code -Dquarkus.profile=dev}) and nothing else: no listening host is set, and the
     * settings this build inherited from its own environment ({@code QUARKUS_*}, {@code MP_*},
     * {@code ROLEGATE_*}, {@code SMALLRYE_*}) are dropped. Waits until it is live on 127.0.0.1.
     */
    static ServiceProcess start(String name, Map<String, String> environment, List<String> jvmOptions)
            throws IOException, InterruptedException {
        int port = freePort();
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Path log = logFile(name);
        ServiceProcess service = new ServiceProcess(launch(env, jvmOptions, List.of(), log), port, log);
        service.awaitLive(Duration.ofSeconds(90));
        return service;
    }

    /** How a process that was expected to end did end: its exit code and its output (stdout and stderr). */
    record Exit(int code, String output) {
    }

    /**
     * Runs the packaged jar with these settings (as {@link #start(String, Map, List)}) and
     * program arguments, expecting it to end on its own within {@code limit}.
     *
     * @throws IllegalStateException when it is still running after {@code limit} (it is then killed)
     */
    static Exit runToExit(String name, Map<String, String> environment, List<String> jvmOptions, List<String> args,
            Duration limit) throws IOException, InterruptedException {
        Path log = logFile(name);
        Process process = launch(environment, jvmOptions, args, log);
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new IllegalStateException(name + " still running after " + limit + "; log:\n" + Files.readString(log));
        }
        return new Exit(process.exitValue(), Files.readString(log));
    }

    private static Process launch(Map<String, String> environment, List<String> jvmOptions, List<String> args, Path log)
            throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged jar at " + jar + ": run the integration tests with `mvn verify`");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> INHERITED_SETTING.matcher(key).matches());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Path logFile(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "it-logs")).resolve(name + ".log");
    }

    /** The process id, e.g. to compare with what a second instance reports. */
    long pid() {
        return process.pid();
    }

    /** Its output so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitLive(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited early; log:\n" + Files.readString(log));
            }
            try {
                if (given().baseUri(baseUri()).get("/q/health/live").statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) { // RestAssured throws ConnectException undeclared
                // connection refused while starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("service not live after " + timeout + "; log:\n" + Files.readString(log));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the process at once (SIGKILL on Linux): no shutdown hook runs, no connection is closed politely. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
