package dev.rolegate.check.api;

import java.util.List;

/** "Who may do O": the ids of the active users allowed the operation, sorted, at {@code revision}. */
public record UsersAllowedResponse(List<String> users, long revision) {
}
