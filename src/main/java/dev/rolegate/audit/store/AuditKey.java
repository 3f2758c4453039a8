package dev.rolegate.audit.store;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of {@link AuditEntryEntity}: account, then sequence number within it. */
public class AuditKey implements Serializable {

    public String accountId;
    public long seq;

    public AuditKey() {
    }

    public AuditKey(String accountId, long seq) {
        this.accountId = accountId;
        this.seq = seq;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditKey k && k.seq == seq && Objects.equals(k.accountId, accountId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, seq);
    }
}
