package dev.rolegate.replica;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One Rolegate service instance, run from the packaged jar ({@code target/quarkus-app}) as its
 * own process, as a replica would run in production. Its log goes to {@code target/it-logs}.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts an instance with these environment variables and waits until it is live. */
    static ServiceProcess start(String name, Map<String, String> environment) throws IOException, InterruptedException {
        return start(name, environment, "512m");
    }

    /** {@link #start(String, Map)} with this maximum heap ({@code -Xmx}, e.g. {@code 2g}), for benchmarks on large accounts. */
    static ServiceProcess start(String name, Map<String, String> environment, String maxHeap) throws IOException, InterruptedException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged jar at " + jar + ": run the integration tests with `mvn verify`");
        }
        int port = freePort();
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Path log = logs.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        ServiceProcess service = new ServiceProcess(builder.start(), port, log);
        service.awaitLive(Duration.ofSeconds(90));
        return service;
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
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
