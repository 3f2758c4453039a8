package dev.rolegate.engine;

import java.util.List;
import java.util.Objects;

/**
 * A group and its members (user ids). Groups do not nest in the engine: nested directory
 * groups are flattened by the identity source before they get here.
 *
 * @param id      a {@link Names#isUserId group id} (same alphabet as user ids)
 * @param members user ids; ids that name no user are ignored
 */
public record GroupDef(String id, List<String> members) {
    public GroupDef {
        Objects.requireNonNull(id, "id");
        members = List.copyOf(members);
    }
}
