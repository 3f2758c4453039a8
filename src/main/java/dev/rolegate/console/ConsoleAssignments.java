package dev.rolegate.console;

import dev.rolegate.access.AssignmentService;
import dev.rolegate.access.api.AssignmentResponse;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.platform.Written;
import dev.rolegate.token.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A fix of "why can't this user do X" applied in one click: every role of the fix assigned to the
 * user as one unit of work (one revision, one change record, an audit entry per assignment), so a
 * refusal of any of them (403 {@code forbidden} beyond the admin's own permissions, 409
 * {@code source_managed}) writes none of them. Each assignment is the admin's own, as
 * {@code PUT /v1/.../users/{user}/roles/{role}} makes it (source {@code manual}, no validity).
 */
@ApplicationScoped
public class ConsoleAssignments {

    @Inject
    UnitOfWork writes;

    @Inject
    CallerContext callers;

    @Inject
    AssignmentService assignments;

    /**
     * @param roles        the fix's role ids, each already a valid name
     * @param grantorHolds the admin's permissions (the no-escalation ceiling)
     * @return each assignment as written, in the order of {@code roles}; the last carries the revision
     */
    @Transactional
    public List<Written<AssignmentResponse>> assignAll(String account, String user, List<String> roles, Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(), work -> {
            List<Written<AssignmentResponse>> written = new ArrayList<>();
            for (String role : roles) {
                written.add(assignments.assign(account, AssigneeKind.USER, user, role, AssignmentSource.MANUAL,
                        null, null, grantorHolds));
            }
            return written;
        });
    }
}
