package dev.rolegate.policy.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * One difference between a template's catalog and an account's, from the template's side to
 * the account's: what the account has that the template does not is added ({@code +}), what
 * it lacks is removed ({@code -}), a description or list that differs is changed ({@code ~}).
 */
sealed interface CatalogChange {

    /** {@code permission} or {@code role}. */
    String kind();

    /** The permission or role name. */
    String name();

    /** The text form: one line per difference, e.g. {@code ~ role analyst: + grant billing.view}. */
    List<String> lines();

    /** The object of {@code --format json}. */
    Map<String, Object> json();

    /**
     * A permission or role that only one side has.
     *
     * @param added    true when only the account has it, false when only the template has it
     * @param contents its lists by field ({@code operations}; {@code grants}, {@code inherits}), in order
     */
    record Presence(String kind, String name, boolean added, Map<String, SortedSet<String>> contents)
            implements CatalogChange {
        @Override
        public List<String> lines() {
            String listed = contents.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(e -> e.getKey() + " " + String.join(", ", e.getValue()))
                    .collect(Collectors.joining("; "));
            return List.of((added ? "+ " : "- ") + kind + " " + name + (listed.isEmpty() ? "" : ": " + listed));
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> json = head(this, added ? "added" : "removed");
            json.putAll(contents);
            return json;
        }
    }

    /** Both sides have it with different descriptions ({@code ""} for none). */
    record Description(String kind, String name, String template, String account) implements CatalogChange {
        @Override
        public List<String> lines() {
            return List.of("~ " + kind + " " + name + ": description " + Report.json(template) + " -> "
                    + Report.json(account));
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> json = head(this, "changed");
            json.put("field", "description");
            json.put("template", template);
            json.put("account", account);
            return json;
        }
    }

    /**
     * Both sides have it, with different items in one list.
     *
     * @param field   {@code operations}, {@code grants} or {@code inherits}
     * @param added   items only the account has, sorted
     * @param removed items only the template has, sorted
     */
    record Items(String kind, String name, String field, SortedSet<String> added, SortedSet<String> removed)
            implements CatalogChange {
        @Override
        public List<String> lines() {
            // "operations" → "operation", "grants" → "grant"; "inherits" reads as a verb
            String item = field.equals("inherits") ? field : field.substring(0, field.length() - 1);
            String prefix = "~ " + kind + " " + name + ": ";
            return java.util.stream.Stream.concat(
                    removed.stream().map(i -> prefix + "- " + item + " " + i),
                    added.stream().map(i -> prefix + "+ " + item + " " + i)).toList();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> json = head(this, "changed");
            json.put("field", field);
            json.put("added", added);
            json.put("removed", removed);
            return json;
        }
    }

    private static Map<String, Object> head(CatalogChange change, String what) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", change.kind());
        json.put("name", change.name());
        json.put("change", what);
        return json;
    }
}
