package dev.rolegate.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One PATCH request (RFC 7644 §3.5.2), read in both dialects that Microsoft Entra ID speaks: the
 * RFC's, and its default one, where op names come in any case ({@code "Replace"}), booleans as
 * the strings {@code "True"}/{@code "False"}, a path-less {@code replace} carries attribute paths
 * as its value's keys ({@code {"name.givenName": "Ann"}}), and {@code Remove} of {@code members}
 * names the members to remove in a value array. Both are normalised into the RFC's operations,
 * which the SCIM SDK applies ({@link PatchOperation#apply}), so both dialects leave one state.
 *
 * <p>Group membership is applied here as set algebra on member ids, not by the SDK on a JSON
 * array: a PATCH adding 10,000 members is then linear, and a {@code members[value eq "x"]}
 * removal costs one look-up.
 */
public final class ScimPatch {

    /** One normalised operation; {@code path} null for a path-less {@code add} or {@code replace} of one attribute set. */
    record Op(PatchOpType type, Path path, JsonNode value) {
    }

    private final List<Op> ops;

    private ScimPatch(List<Op> ops) {
        this.ops = ops;
    }

    /**
     * Reads a PATCH body.
     *
     * @throws ScimFailure 400 {@code invalidSyntax} when it is not a PatchOp message or an op is
     *         not {@code add}/{@code replace}/{@code remove}; 400 {@code invalidPath} when a path
     *         does not parse; 400 {@code noTarget} for a {@code remove} without a path
     */
    public static ScimPatch read(ObjectNode body) {
        ScimRequests.requireSchema(body, ScimSchemas.PATCH_OP);
        JsonNode operations = field(body, "operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimFailure.invalidSyntax("a PatchOp message needs a non-empty \"Operations\" array");
        }
        List<Op> ops = new ArrayList<>();
        for (JsonNode operation : operations) {
            if (!operation.isObject()) {
                throw ScimFailure.invalidSyntax("each of \"Operations\" must be an object, got " + operation.getNodeType());
            }
            PatchOpType type = type(field(operation, "op"));
            JsonNode pathNode = field(operation, "path");
            JsonNode value = field(operation, "value");
            String path = pathNode == null || pathNode.isNull() ? null : pathNode.asText();
            if (path == null || path.isBlank()) {
                if (type == PatchOpType.REMOVE) {
                    throw new ScimFailure(400, "noTarget", "a remove operation needs a path");
                }
                if (value == null || !value.isObject()) {
                    throw ScimFailure.invalidValue("an " + type.getStringValue() + " without a path needs an object value");
                }
                // Entra ID's default: each key of the value is an attribute path of its own
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    ops.add(new Op(type, path(entry.getKey()), entry.getValue()));
                }
            } else {
                ops.add(new Op(type, path(path), value));
            }
        }
        return new ScimPatch(ops);
    }

    /**
     * Applies the operations to a User's kept attributes, in order: those on attributes that
     * Rolegate keeps through the SDK, the others skipped and counted.
     *
     * @return the number of operations skipped because their attribute is not kept
     * @throws ScimFailure what the SDK refuses ({@code noTarget}, {@code invalidValue}, ...)
     */
    public int applyToUser(ObjectNode user) {
        int ignored = 0;
        for (Op op : ops) {
            if (!keptUserAttribute(op.path())) {
                ignored++;
                continue;
            }
            apply(op, user);
        }
        ScimDocuments.coerceActive(user);
        return ignored;
    }

    /**
     * Applies the operations to a Group: {@code members} operations to {@code members} (SCIM user
     * ids, in order), the others to the group's other kept attributes through the SDK.
     *
     * @return the number of operations skipped because their attribute is not kept
     */
    public int applyToGroup(ObjectNode group, java.util.LinkedHashSet<String> members) {
        int ignored = 0;
        for (Op op : ops) {
            String attribute = attribute(op.path());
            if (attribute.equals("members") && isCore(op.path(), ScimSchemas.GROUP)) {
                applyToMembers(op, members);
            } else if (ScimSchemas.GROUP_ATTRIBUTES.stream().anyMatch(a -> a.equalsIgnoreCase(attribute)) || attribute.equals("externalid")) {
                apply(op, group);
            } else {
                ignored++;
            }
        }
        return ignored;
    }

    /** The member ids an operation's value names: {@code [{"value": id}, ...]} or one such object. */
    static List<String> memberIds(JsonNode value) {
        List<String> ids = new ArrayList<>();
        if (value == null || value.isNull()) {
            return ids;
        }
        for (JsonNode member : value.isArray() ? value : List.of(value)) {
            JsonNode id = member.isObject() ? field(member, "value") : member;
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw ScimFailure.invalidValue("each member must be an object with a string \"value\" (a User id), got " + member);
            }
            ids.add(id.asText());
        }
        if (ids.size() > ScimSchemas.MAX_MEMBERS_PER_REQUEST) {
            throw ScimFailure.tooMany("at most " + ScimSchemas.MAX_MEMBERS_PER_REQUEST + " members in one request, got " + ids.size());
        }
        return ids;
    }

    private static void applyToMembers(Op op, java.util.LinkedHashSet<String> members) {
        Filter filter = op.path().getElement(0).getValueFilter();
        switch (op.type()) {
            case ADD -> members.addAll(memberIds(op.value()));
            case REPLACE -> {
                if (filter != null) {
                    throw ScimFailure.invalidPath("replace members[filter] is not supported: replace members, or remove and add");
                }
                List<String> ids = memberIds(op.value());
                members.clear();
                members.addAll(ids);
            }
            case REMOVE -> {
                if (filter != null) {
                    removeMatching(filter, members);
                } else if (op.value() != null && !op.value().isNull()) {
                    memberIds(op.value()).forEach(members::remove); // Entra ID: the members to remove as a value
                } else {
                    members.clear();
                }
            }
        }
    }

    private static void removeMatching(Filter filter, java.util.LinkedHashSet<String> members) {
        if (filter.getFilterType() == FilterType.EQUAL && filter.getAttributePath().size() == 1
                && filter.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")
                && filter.getComparisonValue().isTextual()) {
            members.remove(filter.getComparisonValue().asText());
            return;
        }
        members.removeIf(id -> {
            ObjectNode member = JsonNodeFactory.instance.objectNode().put("value", id);
            try {
                return FilterEvaluator.evaluate(filter, member);
            } catch (ScimException e) {
                throw ScimFailure.of(e);
            }
        });
    }

    private static void apply(Op op, ObjectNode resource) {
        try {
            JsonNode value = op.value();
            Path path = op.path();
            if (op.type() == PatchOpType.REMOVE && value != null && !value.isNull()) {
                // a remove naming the values to remove: one filtered remove per value
                for (String v : memberIds(value)) {
                    PatchOperation.remove(path.replace(path.size() - 1, Filter.eq("value", v))).apply(resource);
                }
                return;
            }
            PatchOperation.create(op.type(), path, op.type() == PatchOpType.REMOVE ? null : value).apply(resource);
        } catch (ScimException e) {
            throw ScimFailure.of(e);
        }
    }

    private static boolean keptUserAttribute(Path path) {
        String attribute = attribute(path);
        String urn = path.getSchemaUrn();
        if (urn != null && urn.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER)) {
            return path.size() > 0 && ScimSchemas.ENTERPRISE_ATTRIBUTES.stream().anyMatch(a -> a.equalsIgnoreCase(attribute));
        }
        return isCore(path, ScimSchemas.USER) && (attribute.equals("externalid")
                || ScimSchemas.USER_ATTRIBUTES.stream().anyMatch(a -> a.equalsIgnoreCase(attribute)));
    }

    private static boolean isCore(Path path, String schema) {
        return path.getSchemaUrn() == null || path.getSchemaUrn().equalsIgnoreCase(schema);
    }

    /** The path's first attribute, lowercased ({@code ""} for a path of the extension object itself). */
    private static String attribute(Path path) {
        return path.size() == 0 ? "" : path.getElement(0).getAttribute().toLowerCase(Locale.ROOT);
    }

    private static Path path(String text) {
        try {
            return Path.fromString(text);
        } catch (BadRequestException e) {
            throw ScimFailure.invalidPath("the path " + quoted(text) + " does not parse: " + e.getMessage());
        }
    }

    private static PatchOpType type(JsonNode op) {
        String name = op == null || !op.isTextual() ? "" : op.asText().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "add" -> PatchOpType.ADD;
            case "replace" -> PatchOpType.REPLACE;
            case "remove" -> PatchOpType.REMOVE;
            default -> throw ScimFailure.invalidSyntax("op must be add, replace or remove, got " + op);
        };
    }

    /** A member of an object by name, ignoring case (SCIM names are case-insensitive). */
    static JsonNode field(JsonNode object, String lowerName) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.toLowerCase(Locale.ROOT).equals(lowerName)) {
                return object.get(name);
            }
        }
        return null;
    }

    private static String quoted(String text) {
        return "\"" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "\"";
    }
}
