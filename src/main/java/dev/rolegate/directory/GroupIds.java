package dev.rolegate.directory;

import java.util.Locale;
import java.util.Set;

/** Group ids for groups an identity source brings, made from the group's name. */
public final class GroupIds {

    private GroupIds() {
    }

    /**
     * A group id from {@code name}: lowercase {@code [a-z0-9_.-]}, at most 100 characters, made
     * unique against {@code taken} with {@code -2}, {@code -3}, ... and added to it.
     *
     * @param fallback what the id is made of when the name leaves nothing (e.g. {@code ldap-} and the stable id)
     */
    public static String from(String name, String fallback, Set<String> taken) {
        String base = slug(name);
        if (base.isEmpty()) {
            base = slug(fallback);
        }
        if (base.length() > 100) {
            base = base.substring(0, 100);
        }
        String id = base;
        for (int i = 2; taken.contains(id); i++) {
            id = base + "-" + i;
        }
        taken.add(id);
        return id;
    }

    private static String slug(String text) {
        return (text == null ? "" : text).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[^a-z0-9]+", "");
    }
}
