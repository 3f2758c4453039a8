package dev.rolegate.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.ModelChange;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.engine.Validity;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns the change items of one change-feed record into the engine's {@link ModelChange}s, so a
 * replica can patch its snapshot ({@link dev.rolegate.engine.SnapshotPatcher}) instead of
 * reading the account whole (issue 12 item 7).
 *
 * <p>Input: the record's {@code changes}, the JSON array
 * {@code [{"kind","op","key","before","after"}, ...]} of {@code docs/audit.md}, whose
 * {@code before}/{@code after} are the admin API's wire shapes. Per kind:
 * <table>
 *   <caption>what each item becomes</caption>
 *   <tr><th>kind</th><th>create / update</th><th>delete</th></tr>
 *   <tr><td>{@code user} ({@code UserResponse})</td><td>{@code UserPut(id, status == "active")}</td><td>{@code UserDelete}</td></tr>
 *   <tr><td>{@code group} ({@code GroupResponse})</td><td>{@code GroupPut}</td><td>{@code GroupDelete}</td></tr>
 *   <tr><td>{@code member} ({@code MemberResponse}, key {@code group:{g}/member:{u}})</td><td>{@code MemberAdd}</td><td>{@code MemberRemove}</td></tr>
 *   <tr><td>{@code role} ({@code RoleResponse})</td><td>{@code RolePut(id, permissions, inherits)}</td><td>{@code RoleDelete}</td></tr>
 *   <tr><td>{@code permission} ({@code PermissionResponse})</td><td>{@code PermissionPut(id, operations)}</td><td>{@code PermissionDelete}</td></tr>
 *   <tr><td>{@code assignment} ({@code AssignmentResponse}, key {@code user:{u}/role:{r}} or {@code group:{g}/role:{r}})</td>
 *       <td>{@code AssignmentPut} with the source and validity of {@code after}</td><td>{@code AssignmentDelete} of {@code before}'s source</td></tr>
 *   <tr><td>{@code account}, {@code sso_settings}, {@code ldap_settings}, {@code console_settings}, {@code scim_settings}</td><td colspan="2">nothing: they do not take part in decisions</td></tr>
 * </table>
 *
 * <p>Strict, so that a wrong translation can never pass for a right one: an unknown kind or op,
 * a missing or mistyped field, a key that does not name the thing its shape describes, an
 * assignment update that changes the source, a rename (an update whose {@code before.id}
 * differs from {@code after.id}: the rows that move with it are not items of the record), or an
 * instant finer than the microseconds the database keeps is {@link Untranslatable}, and the
 * caller rebuilds the snapshot from the tables. Stateless and thread safe.
 */
public final class ChangeTranslator {

    private final ObjectMapper json;

    /** @param json the mapper that parses the records (any plain {@link ObjectMapper}) */
    public ChangeTranslator(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** An item this translator cannot express as model changes; the message says which and why. */
    public static final class Untranslatable extends Exception {
        public Untranslatable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The model changes of one record, in the order of its items.
     *
     * @param changes the record's {@code changes} JSON array
     * @throws Untranslatable when the text is no such array, or an item cannot be translated
     */
    public List<ModelChange> translate(String changes) throws Untranslatable {
        JsonNode items;
        try {
            items = json.readTree(changes);
        } catch (JsonProcessingException e) {
            throw new Untranslatable("the record's changes are not JSON");
        }
        if (items == null || !items.isArray()) {
            throw new Untranslatable("the record's changes are not a JSON array");
        }
        List<ModelChange> out = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            translate(item, out);
        }
        return out;
    }

    private void translate(JsonNode item, List<ModelChange> out) throws Untranslatable {
        String kind = text(item, "kind");
        String op = text(item, "op");
        String key = text(item, "key");
        boolean delete;
        switch (op) {
            case "create", "update" -> delete = false;
            case "delete" -> delete = true;
            default -> throw new Untranslatable("unknown op " + op + " of " + key);
        }
        JsonNode shape = shape(item, op, key);
        switch (kind) {
            case "user" -> {
                String id = id(item, op, key, shape, "user:");
                if (delete) {
                    out.add(new ModelChange.UserDelete(id));
                } else {
                    String status = text(shape, "status");
                    if (!status.equals("active") && !status.equals("disabled")) {
                        throw new Untranslatable("user " + id + " has status " + status);
                    }
                    out.add(new ModelChange.UserPut(id, status.equals("active")));
                }
            }
            case "group" -> {
                String id = id(item, op, key, shape, "group:");
                out.add(delete ? new ModelChange.GroupDelete(id) : new ModelChange.GroupPut(id));
            }
            case "member" -> {
                int at = key.indexOf("/member:");
                if (!key.startsWith("group:") || at < 0 || op.equals("update")) {
                    throw new Untranslatable("member item " + op + " " + key);
                }
                String group = key.substring("group:".length(), at);
                String user = key.substring(at + "/member:".length());
                if (!user.equals(text(shape, "id"))) {
                    throw new Untranslatable("member item " + key + " shows member " + text(shape, "id"));
                }
                out.add(delete ? new ModelChange.MemberRemove(group, user) : new ModelChange.MemberAdd(group, user));
            }
            case "role" -> {
                String id = id(item, op, key, shape, "role:");
                out.add(delete ? new ModelChange.RoleDelete(id)
                        : new ModelChange.RolePut(new RoleDef(id, texts(shape, "permissions"), texts(shape, "inherits"))));
            }
            case "permission" -> {
                String id = id(item, op, key, shape, "permission:");
                out.add(delete ? new ModelChange.PermissionDelete(id)
                        : new ModelChange.PermissionPut(new PermissionDef(id, texts(shape, "operations"))));
            }
            case "assignment" -> out.add(assignment(item, op, key, shape));
            case "account", "sso_settings", "ldap_settings", "console_settings", "scim_settings" -> {
                // settings and the account's name: no part of any decision
            }
            default -> throw new Untranslatable("unknown kind " + kind + " of " + key);
        }
    }

    /** The shape that states the thing: {@code after}, or {@code before} for a delete. */
    private static JsonNode shape(JsonNode item, String op, String key) throws Untranslatable {
        JsonNode shape = item.get(op.equals("delete") ? "before" : "after");
        if (shape == null || !shape.isObject()) {
            throw new Untranslatable(op + " " + key + " has no " + (op.equals("delete") ? "before" : "after"));
        }
        return shape;
    }

    /** The thing's id from its shape, checked against the key; an update must keep it (no rename). */
    private static String id(JsonNode item, String op, String key, JsonNode shape, String prefix) throws Untranslatable {
        String id = text(shape, "id");
        if (!key.equals(prefix + id)) {
            throw new Untranslatable("key " + key + " does not name " + prefix + id);
        }
        if (op.equals("update")) {
            JsonNode before = item.get("before");
            if (before == null || !before.isObject() || !id.equals(text(before, "id"))) {
                throw new Untranslatable("update " + key + " renames " + (before == null ? "?" : before.path("id").asText())
                        + ": the rows that move with it are not in the record");
            }
        }
        return id;
    }

    private static ModelChange assignment(JsonNode item, String op, String key, JsonNode shape) throws Untranslatable {
        int at = key.indexOf("/role:");
        AssigneeKind kind = key.startsWith("user:") ? AssigneeKind.USER : key.startsWith("group:") ? AssigneeKind.GROUP : null;
        if (kind == null || at < 0) {
            throw new Untranslatable("assignment key " + key);
        }
        String assignee = key.substring(key.indexOf(':') + 1, at);
        String role = key.substring(at + "/role:".length());
        if (!role.equals(text(shape, "id"))) {
            throw new Untranslatable("assignment " + key + " shows role " + text(shape, "id"));
        }
        AssignmentSource source = source(shape, key);
        if (op.equals("delete")) {
            return new ModelChange.AssignmentDelete(kind, assignee, role, source);
        }
        if (op.equals("update")) {
            JsonNode before = item.get("before");
            if (before == null || !before.isObject() || source(before, key) != source) {
                throw new Untranslatable("assignment update " + key + " changes its source");
            }
        }
        Instant from = instant(shape, "validFrom", key);
        Instant until = instant(shape, "expiresAt", key);
        Validity validity;
        try {
            validity = from == null && until == null ? Validity.ALWAYS
                    : new Validity(from == null ? Instant.MIN : from, until == null ? Instant.MAX : until);
        } catch (IllegalArgumentException e) {
            throw new Untranslatable("assignment " + key + ": " + e.getMessage());
        }
        return new ModelChange.AssignmentPut(new AssignmentDef(kind, assignee, role, source, validity));
    }

    private static AssignmentSource source(JsonNode shape, String key) throws Untranslatable {
        String source = text(shape, "source");
        try {
            return AssignmentSource.fromWire(source);
        } catch (IllegalArgumentException e) {
            throw new Untranslatable("assignment " + key + " has source " + source);
        }
    }

    /** An optional RFC 3339 instant; null when absent or null. */
    private static Instant instant(JsonNode shape, String field, String key) throws Untranslatable {
        JsonNode value = shape.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new Untranslatable("assignment " + key + ": " + field + " is not an RFC 3339 text");
        }
        Instant instant;
        try {
            instant = Instant.parse(value.asText());
        } catch (DateTimeException e) {
            throw new Untranslatable("assignment " + key + ": " + field + " is not an RFC 3339 instant");
        }
        // timestamptz keeps microseconds: a finer instant was rounded in the table, not here
        if (instant.getNano() % 1000 != 0) {
            throw new Untranslatable("assignment " + key + ": " + field + " is finer than a microsecond");
        }
        return instant;
    }

    private static String text(JsonNode node, String field) throws Untranslatable {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new Untranslatable("no text " + field + " in " + abbreviated(node));
        }
        return value.asText();
    }

    /** A list of texts, which the shape must have. */
    private static List<String> texts(JsonNode node, String field) throws Untranslatable {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new Untranslatable(field + " is not a list in " + abbreviated(node));
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new Untranslatable(field + " holds a non-text in " + abbreviated(node));
            }
            out.add(element.asText());
        }
        return out;
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
