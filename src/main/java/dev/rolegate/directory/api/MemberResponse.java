package dev.rolegate.directory.api;

/** A member of a group: the user id. */
public record MemberResponse(String id) {
}
