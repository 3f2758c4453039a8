package dev.rolegate.account;

import dev.rolegate.access.RoleService;
import dev.rolegate.account.api.MatrixResponse;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.engine.RoleMatrix;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.policy.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The role × permission matrix of an account (issue 13 item 5), for a settings page's grid:
 * every role with its own and inherited permissions and the operations they allow
 * ({@link RoleMatrix}, at one revision), and how each role differs from the account's template.
 *
 * <p>An account remembers the name of the template it was created from ({@code account.template},
 * written by {@link AccountService#create}); the template is read from the shipped ones
 * ({@code policies/templates}) as they are now. The difference is taken on what a role carries:
 * the template's role (its grants and inheritance as the template writes them) is laid over the
 * <em>account's</em> catalog, so a wildcard means the same on both sides, and the permissions
 * the account's role carries that the template's would not are {@code added}, the reverse
 * {@code removed}. A role the template does not have is {@code custom}; a template role the
 * account no longer has is listed in {@code removedTemplateRoles}. When the template no longer
 * ships (or the account was imported from an export without one), {@code template} is null and
 * every role is compared with nothing ({@code custom}).
 */
@ApplicationScoped
public class MatrixService {

    @Inject
    AccountService accounts;

    @Inject
    RoleService roles;

    /**
     * @throws ProblemException 404 {@code account_not_found}
     */
    @Transactional
    public MatrixResponse matrix(String account) {
        String templateName = accounts.get(account).template();
        AccountModel model = roles.catalogModel(account);
        Optional<Template> template = accounts.template(templateName);
        List<RoleMatrix.Row> rows = RoleMatrix.of(model.permissions(), model.roles());
        Map<String, RoleMatrix.Row> fromTemplate = new HashMap<>();
        template.ifPresent(t -> RoleMatrix.of(model.permissions(), t.roles()).forEach(r -> fromTemplate.put(r.role(), r)));

        List<MatrixResponse.Role> out = rows.stream().map(row -> {
            RoleMatrix.Row was = fromTemplate.get(row.role());
            MatrixResponse.TemplateDifference difference;
            if (was == null) {
                difference = new MatrixResponse.TemplateDifference("custom", List.of(), List.of());
            } else {
                Set<String> is = row.permissions();
                Set<String> had = was.permissions();
                List<String> added = is.stream().filter(p -> !had.contains(p)).toList();
                List<String> removed = had.stream().filter(p -> !is.contains(p)).toList();
                difference = new MatrixResponse.TemplateDifference(added.isEmpty() && removed.isEmpty() ? "same" : "changed",
                        added, removed);
            }
            return new MatrixResponse.Role(row.role(), row.grants(), row.inherits(), row.own(), row.inherited(),
                    row.operations(), difference);
        }).toList();
        TreeSet<String> removedRoles = new TreeSet<>();
        template.ifPresent(t -> t.roles().stream().map(RoleDef::name)
                .filter(r -> rows.stream().noneMatch(row -> row.role().equals(r))).forEach(removedRoles::add));
        List<MatrixResponse.Permission> permissions = model.permissions().stream()
                .map(p -> new MatrixResponse.Permission(p.name(), p.operations())).toList();
        return new MatrixResponse(model.revision(), template.map(Template::name).orElse(null), permissions, out,
                List.copyOf(removedRoles));
    }
}
