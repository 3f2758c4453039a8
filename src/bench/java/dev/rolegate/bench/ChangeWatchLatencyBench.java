package dev.rolegate.bench;

import static dev.rolegate.testing.Api.as;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Push latency of the change watch (issue 12 item 6, {@code docs/benchmarks.md}): a watcher
 * streams {@code /changes/watch}; 500 admin writes, one after the other, each timed from its
 * response (the transaction has committed) to the arrival of its revision's event. Prints
 * p50/p99/max; asserts nothing. Run: {@code mvn -Pbench test -Dtest=ChangeWatchLatencyBench}.
 */
@QuarkusTest
class ChangeWatchLatencyBench {

    private static final int WRITES = 500;

    @Test
    void pushLatency() throws Exception {
        String a = Api.createAccount("watch-bench");
        Map<Long, Long> arrived = new ConcurrentHashMap<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/accounts/" + a
                + "/changes/watch?after=1")).header("Authorization", "Bearer " + Tokens.check(a)).build();
        InputStream body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        arrived.put(Long.parseLong(line.substring(3).trim()), System.nanoTime());
                    }
                }
            } catch (Exception e) {
                // closed
            }
        });
        reader.setDaemon(true);
        reader.start();
        long[] micros = new long[WRITES];
        for (int i = 0; i < WRITES; i++) {
            var response = as(Tokens.admin(a)).body(Map.of("displayName", "U" + i)).put("/v1/accounts/" + a + "/users/u" + (i % 50));
            long committed = System.nanoTime();
            long revision = Long.parseLong(response.getHeader("Rolegate-Revision"));
            while (!arrived.containsKey(revision)) {
                Thread.onSpinWait();
            }
            micros[i] = Math.max(0, arrived.get(revision) - committed) / 1000;
        }
        body.close();
        Arrays.sort(micros);
        System.out.printf("change watch push latency over %d writes: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", WRITES,
                micros[WRITES / 2] / 1000.0, micros[(int) (WRITES * 0.99)] / 1000.0, micros[WRITES - 1] / 1000.0);
    }
}
