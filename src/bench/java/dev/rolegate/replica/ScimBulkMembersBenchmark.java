package dev.rolegate.replica;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Issue 15's benchmark: one SCIM {@code PATCH /Groups/{id}} that adds 10,000 members (the request
 * Okta or Entra ID sends when a large group is pushed), through HTTP to the packaged service, and
 * the PATCH that removes them again. Each must be one revision and finish in under 5 s.
 *
 * <p>Setup: the packaged service ({@link ServiceProcess}) on an embedded PostgreSQL
 * ({@link ReplicaFixture}); an account from the {@code saas-analytics} template, with group
 * {@code All} → role {@code viewer} in its SCIM settings; {@code USERS} SCIM users (default 10,000)
 * copied into {@code app_user} and {@code scim_user} with {@code COPY}; the group created through
 * {@code POST /Groups}. Then {@code ROUNDS} times (default 5): add every user in one PATCH, remove
 * every user in one PATCH, each timed from the request to the last byte of the answer, and each
 * answer's {@code Rolegate-Revision} checked to be the one before plus one.
 *
 * <pre>mvn -Pbench -DskipTests package exec:exec@scim-members [-Dscim-members.args="ROUNDS USERS"]</pre>
 * Output on stdout and in {@code target/bench/scim-members.txt}.
 */
public final class ScimBulkMembersBenchmark {

    private static final String ACCOUNT = "scimbench";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private ScimBulkMembersBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            new ScimBulkMembersBenchmark().run(args);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private void run(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Map<String, String> settings = Map.of("QUARKUS_LOG_CATEGORY__DEV_ROLEGATE__LEVEL", "WARN");
        try (ReplicaFixture fixture = new ReplicaFixture()) {
            String admin = fixture.token(ACCOUNT, "admin", "rbac:admin");
            try (ServiceProcess service = ServiceProcess.start("scim-members", fixture.environment(settings), "2g")) {
                String v1 = service.baseUri() + "/v1/accounts/" + ACCOUNT;
                send("POST", service.baseUri() + "/v1/accounts", fixture.token(null, "platform", "rbac:platform"),
                        Map.of("id", ACCOUNT, "name", "SCIM bench", "template", "saas-analytics", "owner", "admin"), 201);
                send("PUT", v1 + "/scim", admin, Map.of("groupRoles", Map.of("All", List.of("viewer"))), 200);
                String token = json.readTree(send("POST", v1 + "/scim/tokens", admin, null, 201).body()).get("token").asText();
                List<String> ids = seed(fixture.jdbcUrl(), users);
                String scim = service.baseUri() + "/scim/v2/" + ACCOUNT;
                String group = json.readTree(send("POST", scim + "/Groups", token, Map.of("schemas",
                        List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", "All"), 201).body()).get("id").asText();
                List<Map<String, String>> members = new ArrayList<>();
                ids.forEach(id -> members.add(Map.of("value", id)));
                Map<String, Object> add = patch(Map.of("op", "add", "path", "members", "value", members));
                Map<String, Object> remove = patch(Map.of("op", "remove", "path", "members"));
                double[] adds = new double[rounds];
                double[] removes = new double[rounds];
                long revision = -1;
                for (int i = 0; i < rounds; i++) {
                    for (int step = 0; step < 2; step++) {
                        long started = System.nanoTime();
                        HttpResponse<String> answer = send("PATCH", scim + "/Groups/" + group, token, step == 0 ? add : remove, 204);
                        double millis = (System.nanoTime() - started) / 1e6;
                        long made = Long.parseLong(answer.headers().firstValue("Rolegate-Revision").orElseThrow());
                        if (revision >= 0 && made != revision + 1) {
                            throw new IllegalStateException("a PATCH made revisions " + (revision + 1) + ".." + made);
                        }
                        revision = made;
                        (step == 0 ? adds : removes)[i] = millis;
                    }
                }
                StringBuilder out = new StringBuilder(String.format(
                        "SCIM PATCH /Groups/{id} with %,d members in one request, through HTTP, %d rounds; each one revision%n", users, rounds));
                out.append(line("add " + users + " members", adds));
                out.append(line("remove them (remove path=members)", removes));
                out.append("machine: " + Runtime.getRuntime().availableProcessors() + " processors; load average "
                        + Files.readString(Path.of("/proc/loadavg")).trim() + "\n");
                out.append(String.format("%nvs target (issue 15 item 3): one revision and under 5 s: %s%n",
                        max(adds) < 5000 && max(removes) < 5000 ? "met" : "MISSED"));
                System.out.print(out);
                Files.writeString(Files.createDirectories(Path.of("target", "bench")).resolve("scim-members.txt"), out.toString());
            }
        }
    }

    private static Map<String, Object> patch(Map<String, Object> op) {
        return Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"), "Operations", List.of(op));
    }

    private HttpResponse<String> send(String method, String url, String token, Object body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    /** {@code users} SCIM users, copied in; their SCIM ids. */
    private static List<String> seed(String jdbcUrl, int users) throws Exception {
        List<String> ids = new ArrayList<>();
        StringBuilder appUsers = new StringBuilder();
        StringBuilder scimUsers = new StringBuilder();
        String now = java.time.Instant.now().toString();
        for (int i = 0; i < users; i++) {
            String id = UUID.randomUUID().toString();
            String name = String.format("u%05d@scim.bench.test", i);
            ids.add(id);
            appUsers.append(ACCOUNT).append('\t').append(name).append('\t').append(name).append("\tscim\t").append(id).append('\n');
            scimUsers.append(ACCOUNT).append('\t').append(id).append('\t').append(name).append('\t').append(name)
                    .append("\t{\"userName\": \"").append(name).append("\", \"active\": true}\t").append(now).append('\t')
                    .append(now).append('\n');
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            c.setAutoCommit(false);
            PGConnection pg = c.unwrap(PGConnection.class);
            pg.getCopyAPI().copyIn("COPY app_user (account_id, id, email, source, external_id) FROM STDIN",
                    new StringReader(appUsers.toString()));
            pg.getCopyAPI().copyIn("COPY scim_user (account_id, id, user_id, user_name, resource, created_at, updated_at) FROM STDIN",
                    new StringReader(scimUsers.toString()));
            c.commit();
        }
        return ids;
    }

    private static double max(double[] millis) {
        return Arrays.stream(millis).max().orElse(0);
    }

    private static String line(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format("%-40s min %7.1f ms  median %7.1f ms  max %7.1f ms%n", what, sorted[0], sorted[sorted.length / 2],
                sorted[sorted.length - 1]);
    }
}
