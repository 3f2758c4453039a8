package dev.rolegate.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result of recomputing an account's audit hash chain.
 *
 * @param valid       true when every entry chains to its predecessor and matches its hash
 * @param entries     how many entries the log holds
 * @param firstBroken id of the first entry that does not verify, or null
 */
public record AuditVerification(boolean valid, long entries,
                                @JsonInclude(JsonInclude.Include.ALWAYS) Long firstBroken) {
}
