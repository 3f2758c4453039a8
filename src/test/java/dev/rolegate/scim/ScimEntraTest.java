package dev.rolegate.scim;

import static dev.rolegate.scim.Scim.as;
import static dev.rolegate.scim.Scim.base;
import static dev.rolegate.scim.Scim.op;
import static dev.rolegate.scim.Scim.patch;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Microsoft Entra ID's provisioning sequences, in its two PATCH dialects: the default one (op
 * names capitalised, booleans as "True"/"False", a path-less Replace whose keys are paths, Remove
 * of members with a value array) and the RFC-compliant one (Entra's {@code aadOptscim062020}
 * flag). The same logical steps run in two accounts, one per dialect, and must leave the same
 * state, seen through SCIM and through Rolegate's own admin API.
 */
@QuarkusTest
class ScimEntraTest {

    enum Dialect { DEFAULT, COMPLIANT }

    @Test
    void bothDialectsLeaveTheSameState() {
        Map<String, Object> legacy = run(Dialect.DEFAULT);
        Map<String, Object> compliant = run(Dialect.COMPLIANT);
        assertEquals(compliant, legacy);
        // and that state is the one the steps describe
        assertEquals("disabled", legacy.get("ann.status"));
        assertEquals("Sales", legacy.get("ann.department"));
        assertEquals("Jones-Lee", legacy.get("ann.familyName"));
        assertEquals("ann.new@entra.example.test", legacy.get("ann.workEmail"));
        assertEquals(List.of("bob@entra.example.test"), legacy.get("group.members"));
    }

    /** The Entra steps in one dialect on a new account; the state they leave, without ids. */
    private Map<String, Object> run(Dialect dialect) {
        String account = Api.createAccount("scim-entra");
        String token = Scim.token(account);
        boolean legacy = dialect == Dialect.DEFAULT;
        // Entra first looks the user up by userName, then creates it
        as(token).queryParam("filter", "userName eq \"ann@entra.example.test\"").get(base(account) + "/Users").then()
                .statusCode(200).body("totalResults", equalTo(0));
        String ann = create(account, token, "ann@entra.example.test", "Ann", "Jones", "E-100");
        String bob = create(account, token, "bob@entra.example.test", "Bob", "Stone", "E-101");

        // attribute changes: several ops, value-filtered paths, the extension's attribute by its URN path
        List<Map<String, Object>> ops = new ArrayList<>();
        if (legacy) {
            ops.add(op("Replace", null, Map.of("name.familyName", "Jones-Lee")));
            ops.add(op("Replace", "emails[type eq \"work\"].value", "ann.new@entra.example.test"));
            ops.add(op("Add", Scim.ENTERPRISE + ":department", "Sales"));
        } else {
            ops.add(op("replace", "name.familyName", "Jones-Lee"));
            ops.add(op("replace", "emails[type eq \"work\"].value", "ann.new@entra.example.test"));
            ops.add(op("add", Scim.ENTERPRISE + ":department", "Sales"));
        }
        as(token).body(patch(ops)).patch(base(account) + "/Users/" + ann).then().statusCode(200);

        // a group pushed empty, then members added and one removed
        as(token).queryParam("filter", "displayName eq \"Sales Team\"").queryParam("excludedAttributes", "members")
                .get(base(account) + "/Groups").then().statusCode(200).body("totalResults", equalTo(0));
        String group = as(token).body(Map.of("schemas", List.of(Scim.GROUP), "displayName", "Sales Team", "externalId", "g-1",
                "members", List.of())).post(base(account) + "/Groups").then().statusCode(201).extract().path("id");
        List<Map<String, Object>> add = List.of(op(legacy ? "Add" : "add", "members", List.of(Map.of("value", ann), Map.of("value", bob))));
        as(token).body(patch(add)).patch(base(account) + "/Groups/" + group).then().statusCode(204);
        List<Map<String, Object>> remove = legacy
                ? List.of(op("Remove", "members", List.of(Map.of("value", ann))))
                : List.of(op("remove", "members[value eq \"" + ann + "\"]", null));
        as(token).body(patch(remove)).patch(base(account) + "/Groups/" + group).then().statusCode(204);
        as(token).queryParam("excludedAttributes", "members").get(base(account) + "/Groups/" + group).then().statusCode(200)
                .body("displayName", equalTo("Sales Team")).body("members", equalTo(null));

        // deactivation, with an attribute Rolegate does not keep in the same request
        List<Map<String, Object>> off = legacy
                ? List.of(op("Replace", "active", "False"), op("Replace", Scim.ENTERPRISE + ":costCenter", "CC-9"))
                : List.of(op("replace", null, Map.of("active", false)), op("replace", Scim.ENTERPRISE + ":costCenter", "CC-9"));
        as(token).body(patch(off)).patch(base(account) + "/Users/" + ann).then().statusCode(200).body("active", equalTo(false));

        return state(account, token, ann, group);
    }

    private String create(String account, String token, String userName, String given, String family, String employeeNumber) {
        return as(token).body(Map.of(
                        "schemas", List.of(Scim.USER, Scim.ENTERPRISE),
                        "externalId", given.toLowerCase(), "userName", userName, "active", "True",
                        "displayName", given + " " + family,
                        "name", Map.of("formatted", given + " " + family, "familyName", family, "givenName", given),
                        "emails", List.of(Map.of("primary", true, "type", "work", "value", userName)),
                        "meta", Map.of("resourceType", "User"),
                        "title", "Engineer",
                        Scim.ENTERPRISE, Map.of("employeeNumber", employeeNumber, "manager", Map.of("value", "boss"))))
                .post(base(account) + "/Users").then().statusCode(201).body("active", equalTo(true)).extract().path("id");
    }

    private Map<String, Object> state(String account, String token, String ann, String group) {
        Map<String, Object> state = new TreeMap<>();
        JsonPath user = as(token).get(base(account) + "/Users/" + ann).then().statusCode(200).extract().jsonPath();
        state.put("ann.active", user.getBoolean("active"));
        state.put("ann.familyName", user.getString("name.familyName"));
        state.put("ann.workEmail", user.getString("emails.find { it.type == 'work' }.value"));
        state.put("ann.department", user.getString("'" + Scim.ENTERPRISE + "'.department"));
        state.put("ann.employeeNumber", user.getString("'" + Scim.ENTERPRISE + "'.employeeNumber"));
        state.put("ann.costCenter", user.getString("'" + Scim.ENTERPRISE + "'.costCenter"));
        JsonPath rolegate = Api.admin(account).get("/v1/accounts/" + account + "/users/ann@entra.example.test").then().statusCode(200)
                .extract().jsonPath();
        state.put("ann.status", rolegate.getString("status"));
        state.put("ann.email", rolegate.getString("email"));
        List<String> members = as(token).get(base(account) + "/Groups/" + group).then().statusCode(200).extract().jsonPath()
                .getList("members.display");
        state.put("group.members", members);
        return state;
    }
}
