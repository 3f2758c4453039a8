package dev.rolegate.ldap;

import java.util.Objects;

/**
 * One thing wrong with {@link LdapSettings}, in the shape of a problem+json {@code errors[]}
 * member (RFC 9457 §3.2 extension): a JSON pointer (RFC 6901) to the offending field of the
 * settings document and a message that states what is expected. Messages never contain the bind
 * password.
 *
 * @param pointer JSON pointer, e.g. {@code /userFilter} or {@code /groupRoles/cn=admins,dc=example}
 * @param message what is wrong and what is expected, one sentence
 */
public record SettingsProblem(String pointer, String message) {
    public SettingsProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    /** The pointer for a member of an object: escapes {@code ~} and {@code /} (RFC 6901 §3). */
    public static String pointer(String parent, String member) {
        return parent + "/" + member.replace("~", "~0").replace("/", "~1");
    }
}
