package dev.rolegate.access;

import dev.rolegate.engine.AssigneeKind;

/**
 * The users and groups an account's roles may be assigned to, as the directory holds them.
 * Declared here and implemented by {@code directory.DirectoryService}, so that the directory
 * (which revokes the assignments of what it deletes) depends on access and not the other way
 * round. Called inside the writer's transaction: an assignee found here cannot vanish before
 * the assignment commits (the writer holds the account lock).
 */
public interface Assignees {

    /**
     * Returns when {@code id} is a user (or group) of {@code account}.
     *
     * @throws dev.rolegate.platform.problem.ProblemException 404 {@code user_not_found} or
     *         {@code group_not_found}
     */
    void requireExists(String account, AssigneeKind kind, String id);
}
