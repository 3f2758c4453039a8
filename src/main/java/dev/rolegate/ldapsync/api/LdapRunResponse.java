package dev.rolegate.ldapsync.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A sync run (issue 6, item 2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LdapRunResponse(String id, String mode, boolean dryRun, String status, int usersCreated, int usersUpdated,
                              int usersDeprovisioned, int groupsCreated, int groupsUpdated, int groupsRemoved,
                              int assignmentsAdded, int assignmentsRemoved, String error, String startedAt,
                              String finishedAt) {
}
