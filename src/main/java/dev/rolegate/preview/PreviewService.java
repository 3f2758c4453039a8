package dev.rolegate.preview;

import dev.rolegate.access.AssignmentService;
import dev.rolegate.access.PermissionService;
import dev.rolegate.access.RoleService;
import dev.rolegate.change.Impact;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Previews a list of admin API writes (issue 13 item 6): runs them, in order, through the very
 * services the endpoints call, with the caller's no-escalation ceiling, inside one unit of work
 * that never commits ({@link UnitOfWork#dryRun}), and returns who would gain and lose what.
 * Because the writes are the endpoints' own, a preview refuses exactly what applying them would
 * refuse (unknown role, role in use, cycle, last owner, escalation...) and its impact is exactly
 * what applying them would do; nothing of it stays. The account is locked while it runs.
 */
@ApplicationScoped
public class PreviewService {

    @Inject
    UnitOfWork writes;

    @Inject
    CallerContext callers;

    @Inject
    RoleService roles;

    @Inject
    PermissionService permissions;

    @Inject
    AssignmentService assignments;

    @Inject
    DirectoryService directory;

    /**
     * The impact of {@code changes} applied in order now.
     *
     * @param grantorHolds the calling admin's permissions (the endpoints' no-escalation ceiling), or null for a trusted caller
     * @throws ProblemException the problem the first refused write would get, its detail naming the
     *         change's index and its pointers under {@code /changes/{i}}; a refusal of the whole
     *         (an invariant such as {@code last_owner}) as it is
     */
    @Transactional
    public Impact preview(String account, List<PlannedWrite> changes, Set<String> grantorHolds) {
        return writes.dryRun(account, callers.attribution(), work -> {
            for (int i = 0; i < changes.size(); i++) {
                try {
                    apply(account, changes.get(i), grantorHolds);
                } catch (ProblemException e) {
                    throw at(i, "body", e);
                }
            }
        });
    }

    private void apply(String account, PlannedWrite change, Set<String> holds) {
        if (change instanceof PlannedWrite.RolePut c) {
            roles.putRole(account, c.role(), c.description(), c.grants(), c.inherits(), null, holds);
        } else if (change instanceof PlannedWrite.RoleDelete c) {
            roles.deleteRole(account, c.role(), c.cascade(), null, holds);
        } else if (change instanceof PlannedWrite.PermissionPut c) {
            permissions.putPermission(account, c.permission(), c.description(), c.operations(), holds);
        } else if (change instanceof PlannedWrite.PermissionDelete c) {
            permissions.deletePermission(account, c.permission(), holds);
        } else if (change instanceof PlannedWrite.UserPut c) {
            directory.putUser(account, c.user(), c.email(), c.displayName(), c.status(), null, holds);
        } else if (change instanceof PlannedWrite.UserDelete c) {
            directory.deleteUser(account, c.user(), null, holds);
        } else if (change instanceof PlannedWrite.GroupPut c) {
            directory.putGroup(account, c.group(), c.displayName(), null);
        } else if (change instanceof PlannedWrite.GroupDelete c) {
            directory.deleteGroup(account, c.group(), null, holds);
        } else if (change instanceof PlannedWrite.MemberPut c) {
            directory.addMember(account, c.group(), c.user(), holds);
        } else if (change instanceof PlannedWrite.MemberDelete c) {
            directory.removeMember(account, c.group(), c.user(), holds);
        } else if (change instanceof PlannedWrite.AssignmentPut c) {
            assignments.assign(account, c.kind(), c.assignee(), c.role(), AssignmentSource.MANUAL, c.validFrom(), c.expiresAt(), holds);
        } else if (change instanceof PlannedWrite.AssignmentDelete c) {
            assignments.revokeManaged(account, c.kind(), c.assignee(), c.role(), holds);
        }
    }

    /**
     * {@code problem} as the problem of change {@code index}: the detail names it, member
     * {@code change} holds it, and each field pointer moves under {@code /changes/{index}}: a path
     * parameter's ({@code #role}) to {@code .../path}, a body field's ({@code /description}) under
     * {@code .../<part>}.
     */
    public static ProblemException at(int index, String part, ProblemException problem) {
        Problem p = problem.problem();
        String base = "/changes/" + index;
        List<FieldError> errors = p.errors().stream().map(e -> new FieldError(
                e.pointer().startsWith("#") ? base + "/path"
                        : base + (part.isEmpty() ? "" : "/" + part) + (e.pointer().equals("/") ? "" : e.pointer()), e.message())).toList();
        Map<String, Object> members = new LinkedHashMap<>(p.members());
        members.put("change", index);
        return new ProblemException(new Problem(p.type(), p.title(), p.status(), "Change " + index + ": " + p.detail(),
                p.code(), errors, members));
    }
}
