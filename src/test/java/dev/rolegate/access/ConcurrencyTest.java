package dev.rolegate.access;

import static dev.rolegate.testing.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.audit.AuditLog;
import dev.rolegate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Issue 3 item 6: ETag / If-Match on roles, users and groups; concurrent writers never see a 500. */
@QuarkusTest
class ConcurrencyTest {

    @Inject
    AuditLog audit;

    @Test
    void getReturnsAnETagAndAStaleIfMatchIsRefusedWith412AndChangesNothing() {
        String a = Api.createAccount("etag");
        String role = "/v1/accounts/" + a + "/roles/editor";
        admin(a).body(Map.of("permissions", List.of("report.view"))).put(role).then().statusCode(201).header("ETag", not(equalTo(null)));
        String tag = admin(a).get(role).then().statusCode(200).extract().header("ETag");
        assertTrue(tag.matches("\"[0-9a-f]{32}\""), tag);

        Response changed = admin(a).header("If-Match", tag).body(Map.of("permissions", List.of("report.view", "report.edit"))).put(role);
        changed.then().statusCode(200);
        String newTag = changed.header("ETag");
        assertNotEquals(tag, newTag);
        assertEquals(newTag, admin(a).get(role).header("ETag"));

        long entries = audit.count(a);
        admin(a).header("If-Match", tag).body(Map.of("permissions", List.of("report.view"))).put(role).then()
                .statusCode(412).contentType("application/problem+json").body("code", equalTo("precondition_failed"));
        admin(a).header("If-Match", tag).delete(role).then().statusCode(412).body("code", equalTo("precondition_failed"));
        assertEquals(entries, audit.count(a));
        admin(a).get(role).then().statusCode(200).body("permissions", equalTo(List.of("report.edit", "report.view")));

        // If-Match on something that does not exist, a list of tags, and *
        admin(a).header("If-Match", "*").body(Map.of()).put("/v1/accounts/" + a + "/roles/nope").then().statusCode(412);
        admin(a).header("If-Match", "\"0\", " + newTag).body(Map.of("permissions", List.of("report.view"))).put(role).then().statusCode(200);
        admin(a).header("If-Match", "*").delete(role).then().statusCode(204);
    }

    @Test
    void usersAndGroupsHonourIfMatchToo() {
        String a = Api.createAccount("etag-dir");
        for (String path : List.of("/users/dana", "/groups/team")) {
            String url = "/v1/accounts/" + a + path;
            admin(a).body(Map.of("displayName", "one")).put(url).then().statusCode(201);
            String tag = admin(a).get(url).then().statusCode(200).extract().header("ETag");
            admin(a).header("If-Match", tag).body(Map.of("displayName", "two")).put(url).then().statusCode(200);
            admin(a).header("If-Match", tag).body(Map.of("displayName", "three")).put(url).then().statusCode(412)
                    .body("code", equalTo("precondition_failed"));
            admin(a).header("If-Match", tag).delete(url).then().statusCode(412);
            admin(a).get(url).then().statusCode(200).body("displayName", equalTo("two"));
            admin(a).header("If-Match", admin(a).get(url).header("ETag")).delete(url).then().statusCode(204);
        }
    }

    @Test
    void twoAdminsEditingOneRoleAtOnceGetOneSuccessAndOne412() throws Exception {
        String a = Api.createAccount("race");
        String role = "/v1/accounts/" + a + "/roles/contested";
        admin(a).body(Map.of("permissions", List.of("report.view"))).put(role).then().statusCode(201);
        for (int round = 0; round < 5; round++) {
            String tag = admin(a).get(role).header("ETag");
            List<String> grants = List.of(List.of("report.edit"), List.of("report.share")).get(round % 2 == 0 ? 0 : 1);
            List<Integer> statuses = race(2, i -> admin(a).header("If-Match", tag)
                    .body(Map.of("description", "writer " + i, "permissions", grants)).put(role).statusCode());
            Collections.sort(statuses);
            assertEquals(List.of(200, 412), statuses, "round " + round);
        }
        // a write and a delete racing on the same tag: one wins, the other sees 412 (or 404 when deleted)
        String tag = admin(a).get(role).header("ETag");
        List<Integer> statuses = race(2, i -> i == 0
                ? admin(a).header("If-Match", tag).body(Map.of("permissions", List.of("report.view"))).put(role).statusCode()
                : admin(a).header("If-Match", tag).delete(role).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200 || s == 204).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 204 || s == 412), statuses.toString());
        admin(a).get("/v1/accounts/" + a + "/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void manyUnconditionalWritersOfOneRoleNeverSeeA500() throws Exception {
        String a = Api.createAccount("race-many");
        String base = "/v1/accounts/" + a;
        List<Integer> statuses = race(8, i -> switch (i % 4) {
            case 0 -> admin(a).body(Map.of("permissions", List.of("report.view"))).put(base + "/roles/hot").statusCode();
            case 1 -> admin(a).body(Map.of("permissions", List.of("report.edit"), "inherits", List.of("viewer"))).put(base + "/roles/hot").statusCode();
            case 2 -> admin(a).delete(base + "/roles/hot").statusCode();
            default -> admin(a).body(Map.of()).put(base + "/users/owner@" + a + ".test/roles/hot").statusCode();
        });
        for (int s : statuses) {
            assertTrue(s == 200 || s == 201 || s == 204 || s == 404 || s == 409, statuses.toString());
        }
        admin(a).get(base + "/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    /** Runs {@code n} calls at once (released together) and returns their results. */
    private static List<Integer> race(int n, Function<Integer, Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Integer> task = () -> {
                    start.await();
                    return call.apply(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
