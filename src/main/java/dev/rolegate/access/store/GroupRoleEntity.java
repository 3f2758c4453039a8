package dev.rolegate.access.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of {@code group_role}: a group → role assignment from one source. */
@Entity
@Table(name = "group_role")
@IdClass(AssignmentKey.class)
public class GroupRoleEntity extends AssignmentRow {

    @Id
    @Column(name = "group_id")
    public String assignee;

    @Override
    public String assignee() {
        return assignee;
    }
}
