package dev.rolegate.directory.store;

import java.io.Serializable;
import java.util.Objects;

/** Id class of {@code group_member}. */
public class GroupMemberKey implements Serializable {

    private static final long serialVersionUID = 1L;

    public String accountId;
    public String groupId;
    public String userId;

    public GroupMemberKey() {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupMemberKey k && Objects.equals(accountId, k.accountId)
                && Objects.equals(groupId, k.groupId) && Objects.equals(userId, k.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, groupId, userId);
    }
}
