package dev.rolegate.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one file; not thread safe (one per load). */
final class Problems {

    private final String file;
    private final List<PolicyProblem> problems = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** The location of a SnakeYAML mark (0-based) as 1-based line and column; 1:1 without a mark. */
    SourceLocation at(Mark mark) {
        return mark == null ? start() : new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    SourceLocation at(Node node) {
        return at(node.getStartMark());
    }

    SourceLocation start() {
        return new SourceLocation(file, 1, 1);
    }

    void add(SourceLocation location, String code, String message) {
        problems.add(PolicyProblem.at(location, code, message));
    }

    void add(Node node, String code, String message) {
        add(at(node), code, message);
    }

    void addAll(List<PolicyProblem> more) {
        problems.addAll(more);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** This file's problems first by line and column, then any of other files (a template's). */
    List<PolicyProblem> sorted() {
        List<PolicyProblem> copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparing((PolicyProblem p) -> !p.file().equals(file))
                .thenComparing(PolicyProblem::file)
                .thenComparingInt(PolicyProblem::line)
                .thenComparingInt(PolicyProblem::column));
        return copy;
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new PolicyException(sorted());
        }
    }
}
