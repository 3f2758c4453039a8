package dev.rolegate.access;

import dev.rolegate.change.AccountInvariant;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.ChangeOp;
import dev.rolegate.engine.RoleGraph;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    EntityManager em;

    @Override
    public void check(String account, List<Change> changes) {
        if (changes.stream().noneMatch(c -> c.kind() == ChangeKind.ROLE && c.op() != ChangeOp.DELETE)) {
            return;
        }
        RoleGraph.findCycle(graph(em, account)).ifPresent(cycle -> {
            throw cycle(cycle);
        });
    }

    static ProblemException cycle(List<String> cycle) {
        return ProblemException.unprocessable("role_cycle",
                "Role inheritance would form a cycle: " + String.join(" → ", cycle) + ".");
    }

    /** The account's inheritance graph: role → the roles it inherits directly. */
    static Map<String, Collection<String>> graph(EntityManager em, String account) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT role, inherits FROM role_inheritance WHERE account_id = ?1")
                .setParameter(1, account).getResultList();
        Map<String, Collection<String>> graph = new HashMap<>();
        for (Object[] row : rows) {
            graph.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((String) row[1]);
        }
        return graph;
    }
}
