package dev.rolegate.policy.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.GroupDef;
import dev.rolegate.engine.UserDef;
import dev.rolegate.engine.Validity;
import java.io.IOException;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What {@code policy diff} reads of an account export ({@code GET /v1/accounts/{a}/export}):
 * a JSON object with {@code "format": "rolegate.account-export"}, {@code "version": 1},
 * {@code account.id}, {@code revision} and {@code catalog}, whose {@code permissions} and
 * {@code roles} have the shape of a template's ({@code policies/README.md}): keyed by name,
 * {@code description} optional, {@code operations}, {@code grants} and {@code inherits} lists
 * that may be omitted when empty; and, for {@code policy plan}, {@code users} ({@code id},
 * {@code status}), {@code groups} ({@code id}, {@code members}) and {@code assignments}
 * (exactly one of {@code user} and {@code group}, {@code role}, {@code source},
 * {@code validFrom}?, {@code expiresAt}?) as the engine's definitions (other members ignored).
 *
 * @param account     the account id, {@code ""} when the export does not say
 * @param revision    the account's revision at export time, when the export says
 * @param catalog     the account's catalog, without the built-in {@code rbac.*} permissions
 * @param users       the users (absent: none)
 * @param groups      the groups with their members (absent: none)
 * @param assignments the user and group assignments (absent: none)
 */
record AccountExport(String account, OptionalLong revision, Catalog catalog, List<UserDef> users, List<GroupDef> groups,
                     List<AssignmentDef> assignments) {

    /** The {@code format} value of an account export. */
    static final String FORMAT = "rolegate.account-export";
    /** The export format version this reader understands. */
    static final int VERSION = 1;

    /** The export cannot be read or is not an account export; the message says where and why. */
    static final class InvalidExportException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidExportException(String message) {
            super(message);
        }
    }

    /**
     * Reads an export file.
     *
     * @throws InvalidExportException when the file is missing or unreadable, not JSON
     *                                ({@code file:line:column}), another format or version, or
     *                                its catalog does not have the shape above (with a JSON pointer)
     */
    static AccountExport read(Path file) throws InvalidExportException {
        JsonNode root;
        try {
            root = Report.JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new InvalidExportException(where + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidExportException("cannot read " + file + ": " + e);
        }
        return new Reader(file).export(root);
    }

    /** Reads one file's tree; every refusal names the file and a JSON pointer. */
    private record Reader(Path file) {

        AccountExport export(JsonNode root) throws InvalidExportException {
            if (root == null || !root.isObject()) {
                throw invalid("", "expected a JSON object (an account export)");
            }
            if (!FORMAT.equals(root.path("format").asText(null))) {
                throw invalid("/format", "expected \"" + FORMAT + "\": not an account export");
            }
            // strict like the service's JSON (platform.StrictJson): "version": "1" is not version 1
            if (!root.path("version").isInt() || root.path("version").intValue() != VERSION) {
                throw invalid("/version", "export format version " + root.path("version") + " is not supported (this "
                        + "command reads version " + VERSION + ")");
            }
            JsonNode revision = root.path("revision");
            JsonNode catalog = object(root.get("catalog"), "/catalog");
            Map<String, Catalog.Permission> permissions = new TreeMap<>();
            for (Map.Entry<String, JsonNode> p : entries(catalog.get("permissions"), "/catalog/permissions")) {
                String at = "/catalog/permissions/" + pointer(p.getKey());
                JsonNode body = object(p.getValue(), at);
                permissions.put(p.getKey(), new Catalog.Permission(text(body.get("description"), at + "/description"),
                        strings(body.get("operations"), at + "/operations")));
            }
            Map<String, Catalog.Role> roles = new TreeMap<>();
            for (Map.Entry<String, JsonNode> r : entries(catalog.get("roles"), "/catalog/roles")) {
                String at = "/catalog/roles/" + pointer(r.getKey());
                JsonNode body = object(r.getValue(), at);
                roles.put(r.getKey(), new Catalog.Role(text(body.get("description"), at + "/description"),
                        strings(body.get("grants"), at + "/grants"), strings(body.get("inherits"), at + "/inherits")));
            }
            List<UserDef> users = new ArrayList<>();
            JsonNode userList = list(root.get("users"), "/users");
            for (int i = 0; i < userList.size(); i++) {
                String at = "/users/" + i;
                JsonNode u = object(userList.get(i), at);
                String status = text(u.get("status"), at + "/status");
                users.add(new UserDef(required(u.get("id"), at + "/id"), !status.equals("disabled")));
            }
            List<GroupDef> groups = new ArrayList<>();
            JsonNode groupList = list(root.get("groups"), "/groups");
            for (int i = 0; i < groupList.size(); i++) {
                String at = "/groups/" + i;
                JsonNode g = object(groupList.get(i), at);
                groups.add(new GroupDef(required(g.get("id"), at + "/id"), strings(g.get("members"), at + "/members")));
            }
            List<AssignmentDef> assignments = new ArrayList<>();
            JsonNode assignmentList = list(root.get("assignments"), "/assignments");
            for (int i = 0; i < assignmentList.size(); i++) {
                assignments.add(assignment(object(assignmentList.get(i), "/assignments/" + i), "/assignments/" + i));
            }
            return new AccountExport(root.path("account").path("id").asText(""),
                    revision.isIntegralNumber() ? OptionalLong.of(revision.asLong()) : OptionalLong.empty(),
                    Catalog.withoutBuiltIns(permissions, roles), users, groups, assignments);
        }

        private AssignmentDef assignment(JsonNode a, String at) throws InvalidExportException {
            boolean user = a.hasNonNull("user");
            if (user == a.hasNonNull("group")) {
                throw invalid(at, "expected exactly one of \"user\" and \"group\"");
            }
            String assignee = required(a.get(user ? "user" : "group"), at + (user ? "/user" : "/group"));
            AssignmentSource source;
            try {
                source = AssignmentSource.fromWire(required(a.get("source"), at + "/source"));
            } catch (IllegalArgumentException e) {
                throw invalid(at + "/source", "not an assignment source");
            }
            Instant from = instant(a.get("validFrom"), at + "/validFrom");
            Instant until = instant(a.get("expiresAt"), at + "/expiresAt");
            Validity validity;
            try {
                validity = from == null && until == null ? Validity.ALWAYS
                        : new Validity(from == null ? Instant.MIN : from, until == null ? Instant.MAX : until);
            } catch (IllegalArgumentException e) {
                throw invalid(at, e.getMessage());
            }
            return new AssignmentDef(user ? AssigneeKind.USER : AssigneeKind.GROUP, assignee,
                    required(a.get("role"), at + "/role"), source, validity);
        }

        private Instant instant(JsonNode node, String at) throws InvalidExportException {
            String text = text(node, at);
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw invalid(at, "expected an RFC 3339 instant");
            }
        }

        private String required(JsonNode node, String at) throws InvalidExportException {
            String text = text(node, at);
            if (text.isEmpty()) {
                throw invalid(at, "missing; expected a string");
            }
            return text;
        }

        /** A JSON array; absent or null is empty. */
        private JsonNode list(JsonNode node, String at) throws InvalidExportException {
            if (node == null || node.isNull()) {
                return Report.JSON.createArrayNode();
            }
            if (!node.isArray()) {
                throw invalid(at, "expected a list");
            }
            return node;
        }

        private JsonNode object(JsonNode node, String at) throws InvalidExportException {
            if (node == null || !node.isObject()) {
                throw invalid(at, node == null ? "missing; expected an object" : "expected an object");
            }
            return node;
        }

        /** The members of an object; an absent map is empty. */
        private List<Map.Entry<String, JsonNode>> entries(JsonNode node, String at) throws InvalidExportException {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            if (node != null && !node.isNull()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = object(node, at).fields(); it.hasNext(); ) {
                    entries.add(it.next());
                }
            }
            return entries;
        }

        private String text(JsonNode node, String at) throws InvalidExportException {
            if (node == null || node.isNull()) {
                return "";
            }
            if (!node.isTextual()) {
                throw invalid(at, "expected a string");
            }
            return node.asText();
        }

        /** A list of strings; absent or null is empty. */
        private List<String> strings(JsonNode node, String at) throws InvalidExportException {
            List<String> items = new ArrayList<>();
            if (node == null || node.isNull()) {
                return items;
            }
            if (!node.isArray()) {
                throw invalid(at, "expected a list of strings");
            }
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw invalid(at + "/" + i, "expected a string");
                }
                items.add(node.get(i).asText());
            }
            return items;
        }

        private InvalidExportException invalid(String pointer, String message) {
            return new InvalidExportException(file + ": " + (pointer.isEmpty() ? "" : pointer + ": ") + message);
        }

        /** A JSON pointer segment (RFC 6901 §3: {@code ~} as {@code ~0}, {@code /} as {@code ~1}). */
        private static String pointer(String key) {
            return key.replace("~", "~0").replace("/", "~1");
        }
    }
}
