package dev.rolegate.check.api;

import java.util.List;

/**
 * Body of {@code POST .../check/batch}: 1 to 1000 checks, answered from one snapshot.
 *
 * @param checks          the checks; each may carry its own {@code atLeastRevision}
 * @param atLeastRevision applies to the whole batch (the largest of all given is used)
 */
public record BatchCheckRequest(List<CheckRequest> checks, Long atLeastRevision) {
}
