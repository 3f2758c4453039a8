package dev.rolegate.check;

import dev.rolegate.check.api.BatchCheckResponse;
import dev.rolegate.check.api.CheckRequest;
import dev.rolegate.check.api.CheckResponse;
import dev.rolegate.check.api.EffectiveAccessResponse;
import dev.rolegate.check.api.UsersAllowedResponse;
import dev.rolegate.engine.Decision;
import dev.rolegate.engine.EffectiveAccess;
import dev.rolegate.engine.Explanation;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.Target;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Answers checks: takes the account's snapshot (no older than asked) from the
 * {@link SnapshotCache} and lets the engine decide. Requests arrive validated by the resource.
 * An unknown account denies with reason {@code unknown_account}, never an error.
 */
@ApplicationScoped
public class CheckService {

    static final String UNKNOWN_ACCOUNT = "unknown_account";

    @Inject
    SnapshotCache snapshots;

    @Inject
    Clock clock;

    /** One check. */
    public CheckResponse check(String account, CheckRequest request) {
        long atLeast = request.atLeastRevision() == null ? 0 : request.atLeastRevision();
        var snapshot = snapshots.get(account, atLeast);
        if (snapshot.isEmpty()) {
            return new CheckResponse(false, 0L, UNKNOWN_ACCOUNT, null, null);
        }
        return decide(snapshot.get(), request, clock.instant(), snapshot.get().revision());
    }

    /** Up to 1000 checks from one snapshot, in order. */
    public BatchCheckResponse batch(String account, List<CheckRequest> checks, long atLeastRevision) {
        long atLeast = atLeastRevision;
        for (CheckRequest c : checks) {
            if (c.atLeastRevision() != null) {
                atLeast = Math.max(atLeast, c.atLeastRevision());
            }
        }
        var snapshot = snapshots.get(account, atLeast);
        List<CheckResponse> results = new ArrayList<>(checks.size());
        if (snapshot.isEmpty()) {
            for (int i = 0; i < checks.size(); i++) {
                results.add(new CheckResponse(false, null, UNKNOWN_ACCOUNT, null, null));
            }
            return new BatchCheckResponse(results, 0);
        }
        Instant now = clock.instant();
        for (CheckRequest c : checks) {
            results.add(decide(snapshot.get(), c, now, null));
        }
        return new BatchCheckResponse(results, snapshot.get().revision());
    }

    /**
     * "What may this user do".
     *
     * @throws ProblemException 404 {@code account_not_found} / {@code user_not_found}
     */
    public EffectiveAccessResponse effectiveAccess(String account, String user, long atLeastRevision) {
        Snapshot snapshot = require(account, atLeastRevision);
        if (!snapshot.hasUser(user)) {
            throw ProblemException.notFound("user_not_found", "No user '" + user + "' in this account.");
        }
        EffectiveAccess access = snapshot.effectiveAccess(user, clock.instant());
        return new EffectiveAccessResponse(access.permissions(), access.operations(), snapshot.revision());
    }

    /**
     * "Who may do O".
     *
     * @throws ProblemException 404 {@code account_not_found} / {@code operation_not_found}
     */
    public UsersAllowedResponse usersAllowed(String account, String operation, long atLeastRevision) {
        Snapshot snapshot = require(account, atLeastRevision);
        if (!snapshot.hasOperation(operation)) {
            throw ProblemException.notFound("operation_not_found",
                    "No permission of this account lists operation '" + operation + "'.");
        }
        return new UsersAllowedResponse(snapshot.usersAllowed(operation, clock.instant()), snapshot.revision());
    }

    private Snapshot require(String account, long atLeastRevision) {
        return snapshots.get(account, atLeastRevision).orElseThrow(
                () -> ProblemException.notFound("account_not_found", "No account '" + account + "'."));
    }

    private static CheckResponse decide(Snapshot snapshot, CheckRequest request, Instant now, Long revision) {
        Target target = request.operation() != null
                ? new Target.Operation(request.operation())
                : new Target.Permission(request.permission());
        if (Boolean.TRUE.equals(request.explain())) {
            Explanation explanation = snapshot.explain(request.subject(), target, now);
            return response(explanation.decision(), revision, paths(explanation));
        }
        return response(snapshot.check(request.subject(), target, now), revision, null);
    }

    private static CheckResponse response(Decision decision, Long revision, List<List<CheckResponse.PathStep>> explain) {
        if (decision.allowed()) {
            return new CheckResponse(true, revision, null, null, explain);
        }
        return new CheckResponse(false, revision, decision.reason().code(),
                decision.missing().isEmpty() ? null : decision.missing(), explain);
    }

    private static List<List<CheckResponse.PathStep>> paths(Explanation explanation) {
        List<List<CheckResponse.PathStep>> paths = new ArrayList<>();
        for (Explanation.Path path : explanation.paths()) {
            paths.add(path.steps().stream()
                    .map(s -> new CheckResponse.PathStep(s.kind().name().toLowerCase(Locale.ROOT), s.name(), s.source()))
                    .toList());
        }
        return paths;
    }
}
