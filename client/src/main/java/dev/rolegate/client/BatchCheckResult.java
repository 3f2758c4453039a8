package dev.rolegate.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions of a batch, in the order of the checks asked, all computed on one snapshot at
 * {@link #revision()}. Immutable.
 */
public final class BatchCheckResult {

    private final List<CheckResult> results;
    private final long revision;

    @JsonCreator
    BatchCheckResult(@JsonProperty("results") List<CheckResult> results, @JsonProperty("revision") long revision) {
        List<CheckResult> stamped = new ArrayList<>();
        if (results != null) {
            for (CheckResult r : results) {
                stamped.add(r.atRevision(revision));
            }
        }
        this.results = List.copyOf(stamped);
        this.revision = revision;
    }

    /** One result per check, in request order; each result's {@code revision()} is the batch's. */
    public List<CheckResult> results() {
        return results;
    }

    /** The result of the {@code index}-th check (0-based). */
    public CheckResult get(int index) {
        return results.get(index);
    }

    /** The account revision all results were computed at. */
    public long revision() {
        return revision;
    }

    @Override
    public String toString() {
        return "BatchCheckResult[revision=" + revision + ", results=" + results + "]";
    }
}
