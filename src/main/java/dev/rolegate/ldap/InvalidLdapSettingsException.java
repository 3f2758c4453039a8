package dev.rolegate.ldap;

import java.util.List;
import java.util.stream.Collectors;

/**
 * LDAP settings that cannot be used, with every problem found (not just the first), so a
 * problem+json answer can list them all. Thrown by {@link LdapSettings}'s constructor for
 * structural problems and by {@link LdapDirectory#check} / {@link LdapDirectory#open} for
 * syntax only the adapter can judge (RFC 4515 filters, RFC 4514 DNs, URLs, certificates).
 */
public final class InvalidLdapSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<SettingsProblem> problems;

    public InvalidLdapSettingsException(List<SettingsProblem> problems) {
        super(problems.stream().map(p -> p.pointer() + ": " + p.message()).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid-settings exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, in field order, never empty. */
    public List<SettingsProblem> problems() {
        return problems;
    }
}
