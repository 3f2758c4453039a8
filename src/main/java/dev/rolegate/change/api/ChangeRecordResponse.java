package dev.rolegate.change.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The change record of one revision.
 *
 * @param revision  the revision the change wrote
 * @param at        when (RFC 3339, UTC, microseconds)
 * @param actor     who made it: the API caller's subject, or {@code system}... for identity sources and the scheduler
 * @param requestId the {@code X-Request-Id} of the request that made it, or null
 * @param changes   the change items, JSON {@code [{"kind","op","key","before","after"}]} ({@code docs/audit.md})
 */
@JsonPropertyOrder({"revision", "at", "actor", "requestId", "changes"})
public record ChangeRecordResponse(long revision, Instant at, String actor, String requestId,
                                   @JsonRawValue @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                                           implementation = ChangeItem.class) String changes) {

    /**
     * One change item (documentation shape of {@link #changes}).
     *
     * @param kind   {@code user}, {@code group}, {@code member}, {@code role}, {@code permission},
     *               {@code assignment}, {@code account}, {@code sso_settings}, {@code ldap_settings}, {@code console_settings} or {@code scim_settings}
     * @param op     {@code create}, {@code update} or {@code delete}
     * @param key    what changed, e.g. {@code user:bob}, {@code user:bob/role:viewer/source:manual}
     * @param before its admin API wire shape before, null for a create
     * @param after  its admin API wire shape after, null for a delete
     */
    @Schema(name = "ChangeItem")
    public record ChangeItem(String kind, String op, String key, Object before, Object after) {
    }
}
