package dev.rolegate.transfer.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code POST /v1/accounts/{a}/import}: what the import changed (or, on a dry
 * run, would change), per kind.
 *
 * @param dryRun   true when nothing was written
 * @param revision the account's new revision; null on a dry run
 * @param changes  counts per kind
 */
@JsonPropertyOrder({"dryRun", "revision", "changes"})
public record ImportResponse(boolean dryRun, Long revision, Changes changes) {

    /** Counts per kind; memberships are never "updated" (a membership has no fields). */
    @JsonPropertyOrder({"permissions", "roles", "users", "groups", "memberships", "assignments"})
    @Schema(name = "ImportChanges")
    public record Changes(Counts permissions, Counts roles, Counts users, Counts groups, Counts memberships,
                          Counts assignments) {
    }

    /**
     * @param created   in the document, not in the account
     * @param updated   in both, different
     * @param removed   in the account, not in the document
     * @param unchanged in both, equal
     */
    @JsonPropertyOrder({"created", "updated", "removed", "unchanged"})
    @Schema(name = "ImportCounts")
    public record Counts(int created, int updated, int removed, int unchanged) {
    }
}
