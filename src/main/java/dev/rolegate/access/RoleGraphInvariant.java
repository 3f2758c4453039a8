package dev.rolegate.access;

import dev.rolegate.change.AccountInvariant;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.ChangeOp;
import dev.rolegate.engine.RoleGraph;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import dev.rolegate.access.store.CatalogQueries;
import jakarta.inject.Inject;
import java.util.List;

/**
 * No role inheritance cycle (DESIGN.md §1), as the unit of work runs it once per transaction:
 * when the work created or changed a role, the account's inheritance graph as the work left it
 * must be acyclic (the engine's {@link RoleGraph} decides).
 *
 * @throws ProblemException 422 {@code role_cycle} naming the cycle
 */
@ApplicationScoped
public class RoleGraphInvariant implements AccountInvariant {

    @Inject
    CatalogQueries queries;

    @Override
    public void check(String account, List<Change> changes) {
        if (changes.stream().noneMatch(c -> c.kind() == ChangeKind.ROLE && c.op() != ChangeOp.DELETE)) {
            return;
        }
        RoleGraph.findCycle(queries.inheritance(account)).ifPresent(cycle -> {
            throw cycle(cycle);
        });
    }

    static ProblemException cycle(List<String> cycle) {
        return ProblemException.unprocessable("role_cycle",
                "Role inheritance would form a cycle: " + String.join(" → ", cycle) + ".");
    }
}
