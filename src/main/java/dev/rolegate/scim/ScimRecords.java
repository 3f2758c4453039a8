package dev.rolegate.scim;

import java.time.Instant;

/** The SCIM rows as the service and its views see them ({@code scim.store.ScimRows} reads and writes them). */
public final class ScimRecords {

    private ScimRecords() {
    }

    /** A {@code scim_user} row; {@code resource} is the kept attributes as JSON text. */
    public record UserRow(String id, String userId, String userName, String externalId, boolean active, String resource,
                          long version, Instant createdAt, Instant updatedAt) {
    }

    /** A {@code scim_group} row. */
    public record GroupRow(String id, String groupId, String displayName, String externalId, long version,
                           Instant createdAt, Instant updatedAt) {
    }

    /** A member of a SCIM group: the SCIM user's id, its Rolegate user id and its userName. */
    public record Member(String id, String userId, String userName) {
    }
}
