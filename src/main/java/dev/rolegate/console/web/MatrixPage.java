package dev.rolegate.console.web;

import dev.rolegate.account.MatrixService;
import dev.rolegate.account.api.MatrixResponse;
import dev.rolegate.token.AdminOperation;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The role × permission matrix as a grid (issue 14), read from {@code GET /v1/.../matrix}: one
 * row per permission of the catalog (grouped by the name's first segment, with the operations it
 * lists), one column per role (with its state against the template); a cell says whether the
 * role grants the permission itself, carries it only through an inherited role, or not at all,
 * and marks where it differs from the template's role of the same name.
 */
@Path("/console/{account}")
public class MatrixPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance matrix(MatrixResponse matrix, List<Section> sections);
    }

    /**
     * One cell: {@code own}, {@code inherited} or {@code none}, and how it differs from the template:
     * {@code added} (the template's role would not carry it), {@code removed} (it would) or null.
     */
    public record Cell(String role, String holds, String difference) {
        /** The cell's words for a screen reader and the tooltip. */
        public String label() {
            String base = switch (holds) {
                case "own" -> role + " grants it";
                case "inherited" -> role + " carries it through an inherited role";
                default -> role + " does not carry it";
            };
            if ("added".equals(difference)) {
                return base + "; the template's " + role + " does not";
            }
            if ("removed".equals(difference)) {
                return base + "; the template's " + role + " does";
            }
            return base;
        }
    }

    /** One row: a permission, its operations, and a cell per role in column order. */
    public record Row(String permission, List<String> operations, List<Cell> cells) {
    }

    /** A block of rows whose permissions share the first segment ({@code report}). */
    public record Section(String prefix, List<Row> rows) {
    }

    @Inject
    MatrixService matrices;

    @GET
    @Path("matrix")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.matrix.get")
    public TemplateInstance show(@PathParam("account") String account) {
        MatrixResponse matrix = matrices.matrix(account);
        return Templates.matrix(matrix, sections(matrix));
    }

    static List<Section> sections(MatrixResponse matrix) {
        Map<String, List<Row>> by = new LinkedHashMap<>();
        for (MatrixResponse.Permission p : matrix.permissions()) {
            List<Cell> cells = new ArrayList<>();
            for (MatrixResponse.Role r : matrix.roles()) {
                String holds = r.own().contains(p.name()) ? "own" : r.inherited().contains(p.name()) ? "inherited" : "none";
                String difference = r.template().added().contains(p.name()) ? "added"
                        : r.template().removed().contains(p.name()) ? "removed" : null;
                cells.add(new Cell(r.id(), holds, difference));
            }
            by.computeIfAbsent(RolePages.prefixOf(p.name()), k -> new ArrayList<>()).add(new Row(p.name(), p.operations(), cells));
        }
        return by.entrySet().stream().map(e -> new Section(e.getKey(), e.getValue())).toList();
    }
}
