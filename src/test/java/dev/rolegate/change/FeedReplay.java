package dev.rolegate.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replays change records onto an empty account and renders the result in the shape of the
 * account export, so a test can compare the two: the feed is complete when they agree. Built-in
 * {@code rbac.*} permissions are left out, as the export leaves them out; the identity-source
 * link fields of users and groups ({@code externalId}, {@code externalDn}) are not part of the
 * admin API's wire shapes and are compared without.
 */
final class FeedReplay {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> account = new TreeMap<>();
    private final Map<String, JsonNode> permissions = new TreeMap<>();
    private final Map<String, JsonNode> roles = new TreeMap<>();
    private final Map<String, JsonNode> users = new TreeMap<>();
    private final Map<String, JsonNode> groups = new TreeMap<>();
    private final Map<String, TreeSet<String>> members = new TreeMap<>();
    /** "user|group assignee role source" → the assignment shape. */
    private final Map<String, JsonNode> assignments = new TreeMap<>();

    void apply(JsonNode record) {
        for (JsonNode item : record.get("changes")) {
            String kind = item.get("kind").asText();
            String op = item.get("op").asText();
            String key = item.get("key").asText();
            JsonNode before = item.get("before");
            JsonNode after = item.get("after");
            boolean delete = op.equals("delete");
            switch (kind) {
                case "account" -> account.put("account", after);
                case "permission" -> put(permissions, key.substring("permission:".length()), delete ? null : after);
                case "role" -> put(roles, key.substring("role:".length()), delete ? null : after);
                case "user" -> {
                    if (!delete && op.equals("update") && !before.get("id").asText().equals(after.get("id").asText())) {
                        rename(before.get("id").asText(), after.get("id").asText());
                    }
                    put(users, delete ? before.get("id").asText() : after.get("id").asText(), delete ? null : after);
                }
                case "group" -> {
                    put(groups, key.substring("group:".length()), delete ? null : after);
                    if (!delete) {
                        members.computeIfAbsent(key.substring("group:".length()), g -> new TreeSet<>());
                    } else {
                        members.remove(key.substring("group:".length()));
                    }
                }
                case "member" -> {
                    String group = key.substring("group:".length(), key.indexOf("/member:"));
                    String user = key.substring(key.indexOf("/member:") + "/member:".length());
                    if (delete) {
                        members.getOrDefault(group, new TreeSet<>()).remove(user);
                    } else {
                        members.computeIfAbsent(group, g -> new TreeSet<>()).add(user);
                    }
                }
                case "assignment" -> {
                    String assignee = key.substring(0, key.indexOf("/role:"));
                    String role = key.substring(key.indexOf("/role:") + "/role:".length());
                    JsonNode shape = delete ? before : after;
                    String id = assignee.replaceFirst(":", " ") + " " + role + " " + shape.get("source").asText();
                    put(assignments, id, delete ? null : shape);
                }
                case "sso_settings", "ldap_settings", "scim_settings" -> {
                    // not part of the export
                }
                default -> throw new AssertionError("unknown kind " + kind + " in " + item);
            }
        }
    }

    private void rename(String from, String to) {
        members.values().forEach(set -> {
            if (set.remove(from)) {
                set.add(to);
            }
        });
        Map<String, JsonNode> moved = new TreeMap<>();
        assignments.entrySet().removeIf(e -> {
            if (e.getKey().startsWith("user " + from + " ")) {
                moved.put("user " + to + e.getKey().substring(("user " + from).length()), e.getValue());
                return true;
            }
            return false;
        });
        assignments.putAll(moved);
        users.remove(from);
    }

    private static void put(Map<String, JsonNode> map, String key, JsonNode value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /** The replayed account as the comparable part of an export. */
    ObjectNode asExport() {
        ObjectNode doc = JSON.createObjectNode();
        JsonNode a = account.get("account");
        doc.putObject("account").put("id", a.get("id").asText()).put("name", a.get("name").asText())
                .put("template", a.get("template").asText());
        ObjectNode catalog = doc.putObject("catalog");
        ObjectNode perms = catalog.putObject("permissions");
        permissions.forEach((name, p) -> {
            if (!name.startsWith("rbac.")) {
                ObjectNode out = perms.putObject(name);
                text(out, "description", p.get("description"));
                list(out, "operations", p.get("operations"));
            }
        });
        ObjectNode rolesOut = catalog.putObject("roles");
        roles.forEach((name, r) -> {
            ObjectNode out = rolesOut.putObject(name);
            text(out, "description", r.get("description"));
            list(out, "grants", r.get("permissions"));
            list(out, "inherits", r.get("inherits"));
        });
        ArrayNode usersOut = doc.putArray("users");
        users.forEach((id, u) -> {
            ObjectNode out = usersOut.addObject().put("id", id);
            text(out, "email", u.get("email"));
            text(out, "displayName", u.get("displayName"));
            out.put("status", u.get("status").asText()).put("source", u.get("source").asText());
        });
        ArrayNode groupsOut = doc.putArray("groups");
        groups.forEach((id, g) -> {
            ObjectNode out = groupsOut.addObject().put("id", id);
            text(out, "displayName", g.get("displayName"));
            out.put("source", g.get("source").asText());
            ArrayNode m = out.putArray("members");
            members.getOrDefault(id, new TreeSet<>()).forEach(m::add);
        });
        ArrayNode assignmentsOut = doc.putArray("assignments");
        List<String> keys = new ArrayList<>(assignments.keySet());
        keys.sort((x, y) -> {
            String[] p = x.split(" ");
            String[] q = y.split(" ");
            int byKind = Boolean.compare(p[0].equals("group"), q[0].equals("group"));
            if (byKind != 0) {
                return byKind;
            }
            for (int i = 1; i < 4; i++) {
                int c = p[i].compareTo(q[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        for (String key : keys) {
            String[] p = key.split(" ");
            JsonNode shape = assignments.get(key);
            ObjectNode out = assignmentsOut.addObject().put(p[0], p[1]).put("role", p[2]).put("source", p[3]);
            text(out, "validFrom", shape.get("validFrom"));
            text(out, "expiresAt", shape.get("expiresAt"));
        }
        return doc;
    }

    /** An export document reduced to what {@link #asExport} renders. */
    static ObjectNode comparable(JsonNode export) {
        ObjectNode doc = JSON.createObjectNode();
        doc.set("account", export.get("account"));
        ObjectNode catalog = doc.putObject("catalog");
        ObjectNode perms = catalog.putObject("permissions");
        export.get("catalog").get("permissions").fields().forEachRemaining(e -> {
            ObjectNode out = perms.putObject(e.getKey());
            text(out, "description", e.getValue().get("description"));
            list(out, "operations", e.getValue().get("operations"));
        });
        ObjectNode rolesOut = catalog.putObject("roles");
        export.get("catalog").get("roles").fields().forEachRemaining(e -> {
            ObjectNode out = rolesOut.putObject(e.getKey());
            text(out, "description", e.getValue().get("description"));
            list(out, "grants", e.getValue().get("grants"));
            list(out, "inherits", e.getValue().get("inherits"));
        });
        ArrayNode usersOut = doc.putArray("users");
        for (JsonNode u : export.get("users")) {
            ObjectNode out = usersOut.addObject().put("id", u.get("id").asText());
            text(out, "email", u.get("email"));
            text(out, "displayName", u.get("displayName"));
            out.put("status", u.get("status").asText()).put("source", u.get("source").asText());
        }
        ArrayNode groupsOut = doc.putArray("groups");
        for (JsonNode g : export.get("groups")) {
            ObjectNode out = groupsOut.addObject().put("id", g.get("id").asText());
            text(out, "displayName", g.get("displayName"));
            out.put("source", g.get("source").asText());
            out.set("members", g.get("members"));
        }
        ArrayNode assignmentsOut = doc.putArray("assignments");
        for (JsonNode a : export.get("assignments")) {
            String kind = a.has("user") ? "user" : "group";
            ObjectNode out = assignmentsOut.addObject().put(kind, a.get(kind).asText()).put("role", a.get("role").asText())
                    .put("source", a.get("source").asText());
            text(out, "validFrom", a.get("validFrom"));
            text(out, "expiresAt", a.get("expiresAt"));
        }
        return doc;
    }

    /** A text member, absent when null or empty (the export omits both). */
    private static void text(ObjectNode out, String name, JsonNode value) {
        if (value != null && !value.isNull() && !value.asText().isEmpty()) {
            out.put(name, value.asText());
        }
    }

    /** A sorted list member, absent when empty. */
    private static void list(ObjectNode out, String name, JsonNode value) {
        TreeSet<String> sorted = new TreeSet<>();
        if (value != null) {
            value.forEach(v -> sorted.add(v.asText()));
        }
        if (!sorted.isEmpty()) {
            ArrayNode array = out.putArray(name);
            sorted.forEach(array::add);
        }
    }
}
