package dev.rolegate.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Role inheritance as a graph: cycle detection, used at write time and by the compiler. */
public final class RoleGraph {

    private RoleGraph() {
    }

    /**
     * Finds a cycle in an inheritance relation, if any.
     *
     * @param inherits role name → names of the roles it inherits; names not present as keys are
     *                 leaves
     * @return a cycle as the list of role names along it, first name repeated at the end
     *         (e.g. {@code [a, b, a]}), or empty when the relation is a DAG. O(roles + edges).
     */
    public static Optional<List<String>> findCycle(Map<String, ? extends Collection<String>> inherits) {
        Map<String, Integer> state = new HashMap<>(); // absent: unvisited, 1: on stack, 2: done
        List<String> keys = new ArrayList<>(inherits.keySet());
        Collections.sort(keys); // stable, deterministic error messages
        for (String start : keys) {
            if (state.containsKey(start)) {
                continue;
            }
            // iterative DFS so a deep chain cannot overflow the stack
            Deque<String> path = new ArrayDeque<>();
            Deque<java.util.Iterator<String>> iterators = new ArrayDeque<>();
            path.push(start);
            iterators.push(children(inherits, start).iterator());
            state.put(start, 1);
            while (!path.isEmpty()) {
                java.util.Iterator<String> it = iterators.peek();
                if (it.hasNext()) {
                    String next = it.next();
                    Integer s = state.get(next);
                    if (s == null) {
                        state.put(next, 1);
                        path.push(next);
                        iterators.push(children(inherits, next).iterator());
                    } else if (s == 1) {
                        List<String> cycle = new ArrayList<>();
                        List<String> stack = new ArrayList<>(path);
                        Collections.reverse(stack);
                        cycle.addAll(stack.subList(stack.indexOf(next), stack.size()));
                        cycle.add(next);
                        return Optional.of(cycle);
                    }
                } else {
                    state.put(path.pop(), 2);
                    iterators.pop();
                }
            }
        }
        return Optional.empty();
    }

    private static Collection<String> children(Map<String, ? extends Collection<String>> inherits, String role) {
        Collection<String> c = inherits.get(role);
        return c == null ? List.of() : c;
    }
}
