package dev.rolegate.directory.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of {@code group_member}. */
@Entity
@Table(name = "group_member")
@IdClass(GroupMemberKey.class)
public class GroupMemberEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    @Column(name = "group_id")
    public String groupId;

    @Id
    @Column(name = "user_id")
    public String userId;
}
