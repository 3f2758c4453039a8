package dev.rolegate.audit;

import java.time.Instant;

/**
 * The filters of the audit log's list and export ({@code GET .../audit}, {@code .../audit/export}),
 * each optional (null: no filter), all ANDed.
 *
 * @param actor  entries made by exactly this actor (a token subject, or {@code system:<source>})
 * @param target entries about exactly this target or anything below it: {@code user:bob} matches
 *               {@code user:bob} and {@code user:bob/role:analyst}
 * @param action entries of exactly this action, e.g. {@code role.update} (docs/audit.md)
 * @param from   entries that occurred at or after this instant (inclusive)
 * @param to     entries that occurred before this instant (exclusive); not before {@code from}
 */
public record AuditSearch(String actor, String target, String action, Instant from, Instant to) {

    /** No filter: the whole log. */
    public static final AuditSearch ALL = new AuditSearch(null, null, null, null, null);

    public AuditSearch {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from is after to");
        }
    }

    /** True when no filter is set (an export of the whole log verifies from the first entry). */
    public boolean all() {
        return actor == null && target == null && action == null && from == null && to == null;
    }
}
