package dev.rolegate.check.api;

import java.util.List;

/** "What may this user do": permissions held and operations allowed, sorted, at {@code revision}. */
public record EffectiveAccessResponse(List<String> permissions, List<String> operations, long revision) {
}
