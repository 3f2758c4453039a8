package dev.rolegate.access.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of {@code user_role}: a user → role assignment from one source. */
@Entity
@Table(name = "user_role")
@IdClass(AssignmentKey.class)
public class UserRoleEntity extends AssignmentRow {

    @Id
    @Column(name = "user_id")
    public String assignee;

    @Override
    public String assignee() {
        return assignee;
    }
}
