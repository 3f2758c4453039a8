package dev.rolegate.api;

import static dev.rolegate.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 3 item 4, tenant isolation proven: every {@code /v1} endpoint, found from the JAX-RS
 * annotations of the compiled resources (so a new endpoint is swept without touching this test),
 * is called for account A with tokens of account B (admin, check, and both scopes at once): each
 * answer is 403 or 404, and no body carries anything of account A.
 */
@QuarkusTest
class CrossAccountSweepTest {

    /** A JAX-RS endpoint: method and path template. */
    record Endpoint(String method, String template) implements Comparable<Endpoint> {
        @Override
        public int compareTo(Endpoint o) {
            return (template + " " + method).compareTo(o.template + " " + o.method);
        }
    }

    @Test
    void everyEndpointRefusesAnotherAccountsTokensAndLeaksNothing() {
        String a = Api.createAccount("victim");
        String b = Api.createAccount("intruder");
        String base = "/v1/accounts/" + a;
        String secret = "secret-" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of("description", secret, "permissions", List.of("report.view"))).put(base + "/roles/" + "r-" + secret).then().statusCode(201);
        as(owner).body(Map.of("displayName", secret)).put(base + "/users/u-" + secret).then().statusCode(201);
        as(owner).body(Map.of("displayName", secret)).put(base + "/groups/g-" + secret).then().statusCode(201);
        as(owner).put(base + "/groups/g-" + secret + "/members/u-" + secret).then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/u-" + secret + "/roles/r-" + secret).then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/groups/g-" + secret + "/roles/r-" + secret).then().statusCode(201);
        as(owner).body(Map.of("description", secret, "operations", List.of("op." + secret))).put(base + "/permissions/p." + secret).then().statusCode(201);

        Map<String, String> values = Map.ofEntries(
                Map.entry("account", a),
                Map.entry("role", "r-" + secret),
                Map.entry("user", "u-" + secret),
                Map.entry("group", "g-" + secret),
                Map.entry("permission", "p." + secret),
                Map.entry("operation", "op." + secret),
                Map.entry("run", "run-" + secret),
                Map.entry("tokenId", "abcdefghijkl"),
                Map.entry("id", "00000000-0000-0000-0000-000000000000"),
                Map.entry("name", "User"),
                Map.entry("urn", "urn:ietf:params:scim:schemas:core:2.0:User"));
        List<String> tokens = List.of(Tokens.admin(b), Tokens.check(b), Tokens.of(b, Tokens.adminSubject(b), "rbac:admin rbac:check"));

        List<Endpoint> endpoints = endpoints();
        assertTrue(endpoints.size() >= 30, "found only " + endpoints);
        List<String> failures = new ArrayList<>();
        int swept = 0;
        for (Endpoint e : endpoints) {
            if (!e.template().contains("{account}")) {
                continue; // account creation: platform scope only, covered by ApiContractTest
            }
            String path = expand(e.template(), values);
            for (String token : tokens) {
                var spec = as(token);
                if (!e.method().equals("GET") && !e.method().equals("DELETE")) {
                    spec = spec.body(e.template().endsWith("/check/batch")
                            ? Map.of("checks", List.of(Map.of("subject", "u-" + secret, "operation", "op." + secret)))
                            : e.template().endsWith("/check") ? Map.of("subject", "u-" + secret, "operation", "op." + secret)
                            : Map.of());
                }
                Response r = spec.request(e.method(), path);
                String body = r.asString();
                if ((r.statusCode() != 403 && r.statusCode() != 404) || body.contains(secret) || body.contains(a)) {
                    failures.add(e.method() + " " + path + " → " + r.statusCode() + " " + body);
                }
                swept++;
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(swept >= 90, "swept " + swept);
        // and account A is unchanged: nothing of the sweep got through
        as(owner).get(base + "/roles/r-" + secret).then().statusCode(200);
        as(owner).get(base + "/users/u-" + secret).then().statusCode(200);
        as(owner).get(base + "/audit?limit=1000").then().statusCode(200)
                .body("items.actor", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(b))));
    }

    /** Every HTTP endpoint under /v1 declared by the resource classes of dev.rolegate. */
    static List<Endpoint> endpoints() {
        TreeSet<Endpoint> found = new TreeSet<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rolegate")) {
            if (!c.isAnnotatedWith(Path.class)) {
                continue;
            }
            Class<?> type = c.reflect();
            String root = type.getAnnotation(Path.class).value();
            for (Method m : type.getDeclaredMethods()) {
                String http = httpMethod(m);
                if (http == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String template = join(root, sub == null ? "" : sub.value());
                if (template.startsWith("/v1/")) {
                    found.add(new Endpoint(http, template));
                }
            }
        }
        return List.copyOf(found);
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String root, String sub) {
        String r = root.startsWith("/") ? root : "/" + root;
        if (sub.isEmpty()) {
            return r;
        }
        return r.replaceAll("/$", "") + "/" + sub.replaceAll("^/", "");
    }

    /** {@code template} with each {@code {name}} replaced by its value; fails on a name without one. */
    static String expand(String template, Map<String, String> values) {
        Matcher m = Pattern.compile("\\{([a-zA-Z]+)(:[^}]*)?}").matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new AssertionError("no value for path parameter {" + m.group(1) + "} of " + template
                        + "; add one to the sweep");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
