package dev.rolegate.bench;

import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.GroupDef;
import dev.rolegate.engine.Names;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.engine.Target;
import dev.rolegate.engine.UserDef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;

/**
 * The same account as jCasbin policies, RBAC with domains (the account is the domain), so that
 * the same questions can be put to jCasbin's {@code enforce()}.
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>{@code p, role:R, A, P, hold} for every permission P that role R's own grants cover;
 *       wildcard grants ({@code report.*}, the owner's {@code *}) are expanded against the
 *       catalog, as Rolegate's compiler does (casbin's {@code keyMatch} would be slower still);</li>
 *   <li>{@code g, role:R, role:S, A} for "R inherits S"; {@code g, U, group:G, A} for each
 *       membership; {@code g, U, role:R, A} and {@code g, group:G, role:R, A} for the
 *       assignments; jCasbin's role manager closes these links transitively.</li>
 *   <li>What jCasbin has no notion of is settled while mapping, as a reload would: disabled users
 *       get no links at all, and only the assignments in force at the benchmark's instant are
 *       mapped (jCasbin would need a policy reload at every {@code validFrom}/{@code expiresAt}).</li>
 * </ul>
 *
 * <h2>Questions</h2>
 * "May U hold permission P in A" is one {@code enforce(U, A, P, "hold")}. jCasbin cannot say
 * "an operation requires <em>every</em> permission that lists it" (its policy effect is "some
 * rule allows"), so "may U do operation O in A" is answered as the engine's rule states it: look
 * O's required permissions up in the catalog (a {@link HashMap} here; an unknown operation
 * denies without asking jCasbin) and {@code enforce} each, AND-ed, stopping at the first denial.
 */
final class CasbinAccount {

    /** The canonical RBAC-with-domains model of jCasbin's documentation. */
    static final String CANONICAL_MATCHER = "g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act";
    /** The same rule with the cheap string comparisons first, so most policies fail before g(). */
    static final String TARGET_FIRST_MATCHER = "r.obj == p.obj && r.act == p.act && r.dom == p.dom && g(r.sub, p.sub, r.dom)";

    private static final String HOLD = "hold";

    private final Enforcer enforcer;
    private final String account;
    private final Map<String, String[]> operationRequires;
    final int policies;
    final int links;

    /** Calls of {@code enforce} made so far (read by the benchmark's counters). */
    long enforceCalls;

    CasbinAccount(AccountModel model, Instant now, String matcher) {
        this.account = model.account();
        Model casbinModel = Model.newModelFromString(String.join("\n",
                "[request_definition]",
                "r = sub, dom, obj, act",
                "[policy_definition]",
                "p = sub, dom, obj, act",
                "[role_definition]",
                "g = _, _, _",
                "[policy_effect]",
                "e = some(where (p.eft == allow))",
                "[matchers]",
                "m = " + matcher));
        enforcer = new Enforcer(casbinModel);
        enforcer.enableLog(false);

        List<String> catalog = new ArrayList<>();
        Map<String, List<String>> requires = new LinkedHashMap<>();
        for (PermissionDef permission : model.permissions()) {
            catalog.add(permission.name());
            for (String operation : permission.operations()) {
                requires.computeIfAbsent(operation, k -> new ArrayList<>()).add(permission.name());
            }
        }
        operationRequires = new HashMap<>(requires.size() * 2);
        requires.forEach((operation, list) -> operationRequires.put(operation, list.toArray(new String[0])));

        List<List<String>> p = new ArrayList<>();
        List<List<String>> g = new ArrayList<>();
        for (RoleDef role : model.roles()) {
            Set<String> covered = new HashSet<>();
            for (String grant : role.grants()) {
                for (String permission : catalog) {
                    if (Names.grantCovers(grant, permission) && covered.add(permission)) {
                        p.add(List.of("role:" + role.name(), account, permission, HOLD));
                    }
                }
            }
            for (String inherited : role.inherits()) {
                g.add(List.of("role:" + role.name(), "role:" + inherited, account));
            }
        }
        Set<String> active = new HashSet<>();
        for (UserDef user : model.users()) {
            if (user.active()) {
                active.add(user.id());
            }
        }
        for (GroupDef group : model.groups()) {
            for (String member : group.members()) {
                if (active.contains(member)) {
                    g.add(List.of(member, "group:" + group.id(), account));
                }
            }
        }
        for (AssignmentDef a : model.assignments()) {
            if (!a.validity().covers(now)) {
                continue;
            }
            if (a.kind() == AssigneeKind.USER) {
                if (active.contains(a.assignee())) {
                    g.add(List.of(a.assignee(), "role:" + a.role(), account));
                }
            } else {
                g.add(List.of("group:" + a.assignee(), "role:" + a.role(), account));
            }
        }
        // duplicates would make addPolicies refuse the whole batch
        enforcer.addPolicies(new ArrayList<>(new LinkedHashSet<>(p)));
        enforcer.addGroupingPolicies(new ArrayList<>(new LinkedHashSet<>(g)));
        enforcer.buildRoleLinks();
        policies = enforcer.getPolicy().size();
        links = enforcer.getGroupingPolicy().size();
    }

    /** Whether {@code subject} may do {@code target}, by the mapping above. */
    boolean allowed(String subject, Target target) {
        if (target instanceof Target.Operation) {
            String[] required = operationRequires.get(target.name());
            if (required == null) {
                return false;
            }
            for (String permission : required) {
                enforceCalls++;
                if (!enforcer.enforce(subject, account, permission, HOLD)) {
                    return false;
                }
            }
            return true;
        }
        enforceCalls++;
        return enforcer.enforce(subject, account, target.name(), HOLD);
    }
}
