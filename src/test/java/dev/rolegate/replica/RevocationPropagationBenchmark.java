package dev.rolegate.replica;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test of the suite (failsafe runs only {@code *IT} unless asked): how long
 * after a revocation commits on replica A does replica B stop honouring it, for checks that
 * carry no consistency token. Target (issue 4): p99 ≤ 100 ms.
 *
 * <pre>mvn verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RevocationPropagationBenchmark</pre>
 *
 * Each round grants a role on A, waits until B honours it, revokes it on A and then asks B
 * back to back until it denies; the figure is the time from the revocation's response to B's
 * first denial (so it includes one HTTP round trip). Results go to stdout and
 * {@code target/bench/revocation-propagation.txt}.
 */
class RevocationPropagationBenchmark {

    private static final int ROUNDS = Integer.getInteger("rounds", 200);

    @Test
    void revocationReachesTheOtherReplica() throws Exception {
        try (ReplicaFixture fixture = new ReplicaFixture();
             ServiceProcess a = ServiceProcess.start("bench-a", fixture.environment(Map.of()));
             ServiceProcess b = ServiceProcess.start("bench-b", fixture.environment(Map.of(
                     "QUARKUS_LOG_CATEGORY__DEV_ROLEGATE__LEVEL", System.getProperty("replicaLog", "INFO"))))) {
            String account = "propagation";
            fixture.as(a, fixture.token(null, "platform", "rbac:platform"))
                    .body(Map.of("id", account, "name", "Propagation", "template", "saas-analytics", "owner", "admin"))
                    .post("/v1/accounts").then().statusCode(201);
            String admin = fixture.token(account, "admin", "rbac:admin");
            String check = fixture.token(account, "backend", "rbac:check");
            fixture.as(a, admin).body(Map.of()).put("/v1/accounts/" + account + "/users/eve").then().statusCode(201);
            String role = "/v1/accounts/" + account + "/users/eve/roles/analyst";
            Map<String, String> question = Map.of("subject", "eve", "operation", "report.rename");

            long[] micros = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                fixture.as(a, admin).body(Map.of()).put(role).then().statusCode(201);
                while (!fixture.as(b, check).body(question).post("/v1/accounts/" + account + "/check")
                        .jsonPath().getBoolean("allowed")) {
                    Thread.onSpinWait();
                }
                fixture.as(a, admin).delete(role).then().statusCode(204);
                long revoked = System.nanoTime();
                while (fixture.as(b, check).body(question).post("/v1/accounts/" + account + "/check")
                        .jsonPath().getBoolean("allowed")) {
                    Thread.onSpinWait();
                }
                micros[round] = (System.nanoTime() - revoked) / 1000;
            }
            Arrays.sort(micros);
            String result = String.format("revocation visible on the other replica, %d rounds: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    ROUNDS, micros[ROUNDS / 2] / 1000.0, micros[(int) Math.ceil(ROUNDS * 0.99) - 1] / 1000.0,
                    micros[ROUNDS - 1] / 1000.0);
            System.out.print(result);
            Path out = Files.createDirectories(Path.of("target", "bench")).resolve("revocation-propagation.txt");
            Files.writeString(out, result);
            assertTrue(micros[ROUNDS - 1] > 0);
        }
    }
}
