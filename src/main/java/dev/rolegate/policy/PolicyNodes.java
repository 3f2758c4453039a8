package dev.rolegate.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of a SnakeYAML node tree that report every mismatch to a {@link Problems} with
 * the node's line, and carry on where they can so that one load reports everything.
 */
final class PolicyNodes {

    /** One key of a mapping, with the key's node (for "unknown key" lines) and the value. */
    record Entry(String key, ScalarNode keyNode, Node value) {
    }

    /** Scalars read verbatim as text; YAML 1.1 resolves {@code on} to bool, but it is text to us. */
    private static final Set<Tag> TEXT_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.TIMESTAMP);

    private final Problems problems;

    PolicyNodes(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /**
     * The entries of a mapping in document order. Non-text keys and repeated keys are reported
     * (the first occurrence wins). A null value (an empty {@code key:}) counts as an empty
     * mapping when {@code nullIsEmpty}. Empty when the node is no mapping (reported).
     */
    Optional<Map<String, Entry>> mapping(Node node, String what, boolean nullIsEmpty) {
        if (nullIsEmpty && isNull(node)) {
            return Optional.of(Map.of());
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, "wrong_type", what + " must be a mapping (key: value), found " + describe(node));
            return Optional.empty();
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (Tag.MERGE.equals(keyNode.getTag())) {
                problems.add(keyNode, "unknown_key", "merge keys (<<) are not supported in " + what
                        + "; write the keys out");
                continue;
            }
            if (!(keyNode instanceof ScalarNode key) || !TEXT_TAGS.contains(key.getTag())) {
                problems.add(keyNode, "wrong_type", "keys in " + what + " must be plain text, found " + describe(keyNode));
                continue;
            }
            Entry first = entries.get(key.getValue());
            if (first != null) {
                problems.add(key, "duplicate_key", "duplicate key '" + key.getValue() + "' in " + what
                        + " (first at line " + problems.at(first.keyNode()).line() + ")");
                continue;
            }
            entries.put(key.getValue(), new Entry(key.getValue(), key, tuple.getValueNode()));
        }
        return Optional.of(entries);
    }

    /** Reports every key not in {@code allowed} (with a "did you mean" for near misses). */
    void onlyKeys(Map<String, Entry> entries, String what, List<String> allowed) {
        for (Entry entry : entries.values()) {
            if (!allowed.contains(entry.key())) {
                problems.add(entry.keyNode(), "unknown_key", "unknown key '" + entry.key() + "' in " + what
                        + "; expected " + String.join(", ", allowed) + suggestion(entry.key(), allowed));
            }
        }
    }

    /** Reports a missing required key at the mapping's start; true when present. */
    boolean require(Map<String, Entry> entries, Node mapping, String key, String what) {
        if (entries.containsKey(key)) {
            return true;
        }
        problems.add(mapping, "missing_key", what + " needs the key '" + key + "'");
        return false;
    }

    /** A scalar's text; empty (reported) for a mapping, a list, null or an unsupported tag. */
    Optional<String> text(Node node, String what) {
        if (node instanceof ScalarNode scalar && TEXT_TAGS.contains(scalar.getTag())) {
            return Optional.of(scalar.getValue());
        }
        problems.add(node, "wrong_type", what + " must be text, found " + describe(node));
        return Optional.empty();
    }

    /** A description: text, or {@code ""} when the node is absent or null. */
    String description(Entry entry, String what) {
        if (entry == null || isNull(entry.value())) {
            return "";
        }
        return text(entry.value(), what).orElse("");
    }

    /**
     * The items of a list of scalars (a null value counts as an empty list). Non-scalar items
     * are reported and skipped; empty when the node is no list (reported).
     */
    Optional<List<ScalarNode>> scalarList(Node node, String what) {
        if (isNull(node)) {
            return Optional.of(List.of());
        }
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(node, "wrong_type", what + " must be a list ([a, b] or one '- item' per line), found "
                    + describe(node));
            return Optional.empty();
        }
        List<ScalarNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar && TEXT_TAGS.contains(scalar.getTag())) {
                items.add(scalar);
            } else {
                problems.add(item, "wrong_type", "each item of " + what + " must be text, found " + describe(item));
            }
        }
        return Optional.of(items);
    }

    /** The items of a list of any nodes; empty (reported) when the node is no list. */
    Optional<List<Node>> list(Node node, String what) {
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(node, "wrong_type", what + " must be a list, found " + describe(node));
            return Optional.empty();
        }
        return Optional.of(sequence.getValue());
    }

    /**
     * Keeps the first of repeated items and reports the others as {@code duplicate_entry}.
     *
     * @param what e.g. {@code "grants of role 'analyst'"}
     */
    List<ScalarNode> distinct(List<ScalarNode> items, String what) {
        Map<String, ScalarNode> seen = new HashMap<>();
        List<ScalarNode> out = new ArrayList<>();
        for (ScalarNode item : items) {
            ScalarNode first = seen.putIfAbsent(item.getValue(), item);
            if (first == null) {
                out.add(item);
            } else {
                problems.add(item, "duplicate_entry", "'" + item.getValue() + "' appears twice in " + what
                        + " (first at line " + problems.at(first).line() + ")");
            }
        }
        return out;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        if (node instanceof ScalarNode scalar && !TEXT_TAGS.contains(scalar.getTag())) {
            String tag = scalar.getTag().getValue();
            return "a value tagged " + (tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag);
        }
        return "text";
    }

    /** {@code " (did you mean 'x'?)"} for the closest candidate within edit distance 2, else "". */
    static String suggestion(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int d = editDistance(given, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Levenshtein distance; policy names are short, so the quadratic table is fine. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
