package dev.rolegate.access.store;

import java.io.Serializable;
import java.util.Objects;

/** Id class of the assignment tables: (account, assignee, role, source). */
public class AssignmentKey implements Serializable {

    private static final long serialVersionUID = 1L;

    public String accountId;
    public String assignee;
    public String role;
    public String source;

    public AssignmentKey() {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssignmentKey k && Objects.equals(accountId, k.accountId)
                && Objects.equals(assignee, k.assignee) && Objects.equals(role, k.role)
                && Objects.equals(source, k.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, assignee, role, source);
    }
}
