package dev.rolegate.ldap;

import java.util.Objects;

/**
 * A distinguished name (RFC 4514) as the pure side sees it: the string to show and a comparison
 * key. Two DNs are equal iff their keys are: {@code UID=o+CN=O\2C Brien,dc=Example} and
 * {@code cn=o\, brien+uid=o,dc=example} name the same entry.
 *
 * <p>Only the adapter ({@link LdapDirectory#dn}) makes keys, with a real DN parser; nothing in
 * this package parses, escapes or compares DN strings itself. Store both parts when persisting,
 * so the planner can match a stored DN against a fresh read without the adapter.
 *
 * @param value the DN as the directory (or the admin) wrote it, for display and logs
 * @param key   its normalized form (attribute types and values case-folded as their matching
 *              rules say, RDN components in canonical order, canonical escaping)
 */
public record DirectoryDn(String value, String key) implements Comparable<DirectoryDn> {
    public DirectoryDn {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DirectoryDn that && key.equals(that.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    /** Orders by key, for deterministic plans. */
    @Override
    public int compareTo(DirectoryDn other) {
        return key.compareTo(other.key);
    }

    @Override
    public String toString() {
        return value;
    }
}
