package dev.rolegate.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP peer on a loopback port for the client's retry and error tests: it answers each
 * request with the next scripted answer (the last one repeats) and records what it received.
 * It stands in for the service only where the service cannot be made to answer a given way on
 * demand (a run of 503s, a Retry-After); the client's tests against the real service are in the
 * service's test tree.
 */
final class StubPeer implements AutoCloseable {

    /** One scripted answer; {@code delayMillis} before answering. */
    static final class Answer {
        final int status;
        final Map<String, String> headers;
        final String body;
        final long delayMillis;

        Answer(int status, Map<String, String> headers, String body, long delayMillis) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.delayMillis = delayMillis;
        }

        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body, 0);
        }

        static Answer problem(int status, String code, String detail) {
            return new Answer(status, Map.of("Content-Type", "application/problem+json"),
                    "{\"type\":\"urn:rolegate:problem:" + code + "\",\"title\":\"T\",\"status\":" + status
                            + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}", 0);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Answer(status, Map.copyOf(all), body, delayMillis);
        }

        Answer delayed(long millis) {
            return new Answer(status, headers, body, millis);
        }
    }

    /** One request as received. */
    static final class Received {
        final String method;
        final String uri;
        final String authorization;
        final String body;
        final long nanos;

        Received(String method, String uri, String authorization, String body, long nanos) {
            this.method = method;
            this.uri = uri;
            this.authorization = authorization;
            this.body = body;
            this.nanos = nanos;
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Answer last;
    final List<Received> received = new CopyOnWriteArrayList<>();

    StubPeer(Answer... answers) throws IOException {
        script.addAll(List.of(answers));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body, System.nanoTime()));
            Answer next = script.poll();
            if (next == null) {
                next = last;
            } else {
                last = next;
            }
            try {
                Thread.sleep(next.delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            next.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = next.body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(next.status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
