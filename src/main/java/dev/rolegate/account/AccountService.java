package dev.rolegate.account;

import dev.rolegate.access.AssignmentService;
import dev.rolegate.access.PermissionService;
import dev.rolegate.access.RoleService;
import dev.rolegate.account.api.AccountResponse;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.account.store.AccountEntity;
import dev.rolegate.account.store.AccountRepository;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.token.CallerContext;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.policy.Template;
import dev.rolegate.policy.TemplateCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;

/**
 * Creating and reading accounts. Started with the service, so that the shipped templates and the
 * built-in {@code rbac.*} catalog they all carry ({@code policies/}) load, or fail, at start-up.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class AccountService {

    /** The template role that an account's first user (its owner) receives. */
    public static final String OWNER_ROLE = "owner";

    private final TemplateCatalog templates = TemplateCatalog.shipped();

    @Inject
    AccountRepository accounts;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    UnitOfWork writes;

    @Inject
    PermissionService permissions;

    @Inject
    RoleService roles;

    @Inject
    AssignmentService assignments;

    @Inject
    DirectoryService directory;

    @Inject
    CallerContext callers;

    /**
     * Creates an account from a policy template: its catalog and roles become ordinary, editable
     * rows of the account; the owner (if given) is created holding the {@code owner} role with
     * assignment source {@code template}. The account starts at revision 1.
     *
     * @throws ProblemException 422 {@code unknown_template}, 422 {@code template_has_no_owner_role},
     *         409 {@code account_exists}
     */
    @Transactional
    public Written<AccountResponse> create(String id, String name, String templateName, Optional<String> owner) {
        Template template = templates.find(templateName).orElseThrow(() -> ProblemException.unprocessable(
                "unknown_template", "No template '" + templateName + "'; known: " + templates.names() + "."));
        if (owner.isPresent() && template.role(OWNER_ROLE).isEmpty()) {
            throw ProblemException.unprocessable("template_has_no_owner_role",
                    "Template '" + templateName + "' has no role '" + OWNER_ROLE + "' to give the owner.");
        }
        if (accounts.find(id).isPresent()) {
            throw ProblemException.conflict("account_exists", "Account '" + id + "' already exists.");
        }
        // ON CONFLICT: a concurrent create of the same id must be a 409, not a 500
        int inserted = em.createNativeQuery("INSERT INTO account (id, name, template) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, id).setParameter(2, name).setParameter(3, templateName).executeUpdate();
        if (inserted == 0) {
            throw ProblemException.conflict("account_exists", "Account '" + id + "' already exists.");
        }
        return writes.inNewAccount(id, callers.attribution(), work -> {
        AccountResponse created = new AccountResponse(id, name, templateName, work.revision());
        // one audit entry sums the creation up; the feed has every row the template gave
        work.record(Change.created(ChangeKind.ACCOUNT, Change.accountKey(id), created), null,
                java.util.Map.of("account", created, "owner", owner.orElse("")));
        for (PermissionDef def : template.permissions()) {
            permissions.seed(work, def, template.permissionDescriptions().getOrDefault(def.name(), ""));
        }
        for (RoleDef def : template.roles()) {
            roles.seed(work, def, template.roleDescriptions().getOrDefault(def.name(), ""));
        }
        if (owner.isPresent()) {
            directory.seedOwner(work, owner.get(), clock.instant());
            assignments.seedUserRole(work, owner.get(), OWNER_ROLE, AssignmentSource.TEMPLATE);
        }
        return new Written<>(created, work.revision(), true);
        });
    }

    /** The shipped template of this name, if there still is one. */
    public Optional<Template> template(String name) {
        return name == null ? Optional.empty() : templates.find(name);
    }

    /** The account, or 404 {@code account_not_found}. */
    @Transactional
    public AccountResponse get(String id) {
        AccountEntity account = accounts.find(id).orElseThrow(
                () -> ProblemException.accountNotFound(id));
        return new AccountResponse(account.id, account.name, account.template, account.revision);
    }
}
