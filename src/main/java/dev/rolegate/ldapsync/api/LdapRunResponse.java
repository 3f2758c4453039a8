package dev.rolegate.ldapsync.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A sync run (issue 6, item 2). {@code status} is {@code running}, {@code succeeded},
 * {@code failed} or {@code aborted}; a run whose process died is {@code failed} with
 * {@code error} {@code interrupted}. {@code trigger} is {@code api} or {@code scheduled};
 * {@code requestedBy} the subject of the API caller (absent for scheduled runs). While it runs,
 * {@code phase} moves {@code queued} → {@code reading} → {@code planning} → {@code applying}
 * (not for dry or aborted runs) → {@code done}, and {@code entriesRead} counts the users and
 * groups read from the directory (set when the read has finished). Times are ISO-8601 UTC.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LdapRunResponse(String id, String mode, boolean dryRun, String status, int usersCreated, int usersUpdated,
                              int usersDeprovisioned, int groupsCreated, int groupsUpdated, int groupsRemoved,
                              int assignmentsAdded, int assignmentsRemoved, String error, String startedAt,
                              String finishedAt, String trigger, String requestedBy, String phase, int entriesRead) {
}
