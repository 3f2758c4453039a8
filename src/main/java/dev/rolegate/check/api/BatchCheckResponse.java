package dev.rolegate.check.api;

import java.util.List;

/** The decisions of a batch, in request order, and the one revision they were computed at. */
public record BatchCheckResponse(List<CheckResponse> results, long revision) {
}
