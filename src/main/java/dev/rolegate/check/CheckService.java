package dev.rolegate.check;

import dev.rolegate.check.api.AccessPathsResponse;
import dev.rolegate.check.api.AccessStep;
import dev.rolegate.check.api.BatchCheckResponse;
import dev.rolegate.check.api.CheckRequest;
import dev.rolegate.check.api.CheckResponse;
import dev.rolegate.check.api.EffectiveAccessResponse;
import dev.rolegate.check.api.UsersAllowedResponse;
import dev.rolegate.engine.AccessPaths;
import dev.rolegate.engine.Decision;
import dev.rolegate.engine.Denial;
import dev.rolegate.engine.EffectiveAccess;
import dev.rolegate.engine.Explanation;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.Target;
import dev.rolegate.platform.problem.ProblemException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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

    @Inject
    MeterRegistry registry;

    /** Built once: the check path only reads a field and records (no tag arrays per call). */
    private Timer allowedTimer;
    private Timer deniedTimer;
    private DistributionSummary batchSizes;

    @PostConstruct
    void meters() {
        allowedTimer = checkTimer(registry, "allowed");
        deniedTimer = checkTimer(registry, "denied");
        batchSizes = DistributionSummary.builder("rolegate.check.batch.size")
                .description("Checks per batch request")
                .baseUnit("checks")
                .register(registry);
    }

    static Timer checkTimer(MeterRegistry registry, String decision) {
        return Timer.builder("rolegate.check.duration")
                .description("Time to answer one check, from the service call to the decision (includes any wait for a snapshot)")
                .tag("decision", decision)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    /**
     * What a check endpoint answers: the body and, while the database is unreachable and the
     * answer comes from a held snapshot within the outage grace, its age in milliseconds (else -1).
     */
    public record Answer<T>(T body, long staleMillis) {
    }

    /** One check. Completes on the calling thread when the snapshot is held and fresh. */
    public CompletionStage<Answer<CheckResponse>> check(String account, CheckRequest request) {
        long started = System.nanoTime();
        long atLeast = request.atLeastRevision() == null ? 0 : request.atLeastRevision();
        return withSnapshot(account, atLeast, held -> {
            CheckResponse response = held.snapshot() == null
                    ? unknownAccount(account, 0L, request)
                    : decide(held.snapshot(), request, clock.instant(), held.snapshot().revision());
            (response.allowed() ? allowedTimer : deniedTimer).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return response;
        });
    }

    /** Up to 1000 checks from one snapshot, in order. */
    public CompletionStage<Answer<BatchCheckResponse>> batch(String account, List<CheckRequest> checks, long atLeastRevision) {
        batchSizes.record(checks.size());
        long atLeast = atLeastRevision;
        for (CheckRequest c : checks) {
            if (c.atLeastRevision() != null) {
                atLeast = Math.max(atLeast, c.atLeastRevision());
            }
        }
        return withSnapshot(account, atLeast, held -> {
            List<CheckResponse> results = new ArrayList<>(checks.size());
            if (held.snapshot() == null) {
                for (CheckRequest c : checks) {
                    results.add(unknownAccount(account, null, c));
                }
                return new BatchCheckResponse(results, 0);
            }
            Instant now = clock.instant();
            for (CheckRequest c : checks) {
                results.add(decide(held.snapshot(), c, now, null));
            }
            return new BatchCheckResponse(results, held.snapshot().revision());
        });
    }

    /**
     * "What may this user do".
     *
     * @throws ProblemException (in the stage) 404 {@code account_not_found} / {@code user_not_found}
     */
    public CompletionStage<Answer<EffectiveAccessResponse>> effectiveAccess(String account, String user, long atLeastRevision) {
        return withSnapshot(account, atLeastRevision, held -> {
            Snapshot snapshot = require(account, held);
            if (!snapshot.hasUser(user)) {
                throw ProblemException.notFound("user_not_found", "No user '" + user + "' in this account.");
            }
            EffectiveAccess access = snapshot.effectiveAccess(user, clock.instant());
            return new EffectiveAccessResponse(access.permissions(), access.operations(), snapshot.revision());
        });
    }

    /**
     * "Every path of an access" (issue 13 item 3): each permission the user holds now with every
     * path that brings it, computed on the account's snapshot at {@code atLeastRevision} or newer.
     *
     * @throws ProblemException (in the stage) 404 {@code account_not_found} / {@code user_not_found}
     */
    public CompletionStage<Answer<AccessPathsResponse>> accessPaths(String account, String user, long atLeastRevision) {
        return withSnapshot(account, atLeastRevision, held -> {
            Snapshot snapshot = require(account, held);
            if (!snapshot.hasUser(user)) {
                throw ProblemException.notFound("user_not_found", "No user '" + user + "' in this account.");
            }
            AccessPaths access = snapshot.accessPaths(user, clock.instant());
            List<AccessPathsResponse.Permission> permissions = access.permissions().stream()
                    .map(p -> new AccessPathsResponse.Permission(p.permission(),
                            p.paths().stream().map(AccessStep::of).toList(), p.truncated()))
                    .toList();
            return new AccessPathsResponse(snapshot.revision(), permissions, access.operations(), access.truncated());
        });
    }

    /**
     * "Who may do O".
     *
     * @throws ProblemException (in the stage) 404 {@code account_not_found} / {@code operation_not_found}
     */
    public CompletionStage<Answer<UsersAllowedResponse>> usersAllowed(String account, String operation, long atLeastRevision) {
        return withSnapshot(account, atLeastRevision, held -> {
            Snapshot snapshot = require(account, held);
            if (!snapshot.hasOperation(operation)) {
                throw ProblemException.notFound("operation_not_found",
                        "No permission of this account lists operation '" + operation + "'.");
            }
            return new UsersAllowedResponse(snapshot.usersAllowed(operation, clock.instant()), snapshot.revision());
        });
    }

    private <T> CompletionStage<Answer<T>> withSnapshot(String account, long atLeast, Function<SnapshotCache.Held, T> body) {
        SnapshotCache.Held held = snapshots.tryNow(account, atLeast);
        if (held != null) {
            try {
                return CompletableFuture.completedFuture(new Answer<>(body.apply(held), held.staleMillis()));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return snapshots.await(account, atLeast).thenApply(h -> new Answer<>(body.apply(h), h.staleMillis()));
    }

    private static Snapshot require(String account, SnapshotCache.Held held) {
        if (held.snapshot() == null) {
            throw ProblemException.accountNotFound(account);
        }
        return held.snapshot();
    }

    private static CheckResponse decide(Snapshot snapshot, CheckRequest request, Instant now, Long revision) {
        Target target = request.operation() != null
                ? new Target.Operation(request.operation())
                : new Target.Permission(request.permission());
        if (Boolean.TRUE.equals(request.explain())) {
            Explanation explanation = snapshot.explain(request.subject(), target, now);
            CheckResponse.Why why = explanation.decision().allowed() ? null
                    : why(request.subject(), target, snapshot.whyNot(request.subject(), target, now));
            return response(explanation.decision(), revision, paths(explanation), why);
        }
        return response(snapshot.check(request.subject(), target, now), revision, null, null);
    }

    private static CheckResponse response(Decision decision, Long revision, List<List<CheckResponse.PathStep>> explain,
                                          CheckResponse.Why why) {
        if (decision.allowed()) {
            return new CheckResponse(true, revision, null, null, explain);
        }
        return new CheckResponse(false, revision, decision.reason().code(),
                decision.missing().isEmpty() ? null : decision.missing(), explain, why);
    }

    private static CheckResponse unknownAccount(String account, Long revision, CheckRequest request) {
        CheckResponse.Why why = Boolean.TRUE.equals(request.explain())
                ? new CheckResponse.Why(UNKNOWN_ACCOUNT, "No account '" + account + "'.", null, null, null)
                : null;
        return new CheckResponse(false, revision, UNKNOWN_ACCOUNT, null, null, why);
    }

    /** The engine's {@link Denial} on the wire, with a sentence for people. */
    static CheckResponse.Why why(String subject, Target target, Denial denial) {
        String kind = target instanceof Target.Operation ? "operation" : "permission";
        CheckResponse.Subject who = new CheckResponse.Subject(subject, denial.subject().code());
        String detail = switch (denial.reason()) {
            case UNKNOWN_OPERATION, UNKNOWN_PERMISSION -> "No permission of this account "
                    + (kind.equals("operation") ? "lists operation '" : "is named '") + denial.unknown() + "'.";
            case UNKNOWN_SUBJECT -> "No user '" + subject + "' in this account.";
            case SUBJECT_DISABLED -> "User '" + subject + "' is disabled; a disabled user holds nothing, whatever is assigned.";
            case MISSING_PERMISSION -> missingSentence(subject, target, denial.missing());
            case ALLOWED -> "Allowed.";
        };
        List<CheckResponse.Missing> missing = denial.missing().isEmpty() ? null : denial.missing().stream()
                .map(m -> new CheckResponse.Missing(m.permission(), m.grantedBy(),
                        m.notInForce().stream().map(AccessStep::of).toList()))
                .toList();
        CheckResponse.Unknown unknown = denial.unknown().isEmpty() ? null : new CheckResponse.Unknown(kind, denial.unknown());
        return new CheckResponse.Why(denial.reason().code(), detail, who, unknown, missing);
    }

    private static String missingSentence(String subject, Target target, List<Denial.Missing> missing) {
        StringBuilder s = new StringBuilder("User '").append(subject).append("' lacks ");
        for (int i = 0; i < missing.size(); i++) {
            Denial.Missing m = missing.get(i);
            s.append(i == 0 ? "" : "; and ").append(m.permission());
            s.append(m.grantedBy().isEmpty() ? ", which no role carries"
                    : ", which role(s) " + String.join(", ", m.grantedBy()) + " carry");
            if (!m.notInForce().isEmpty()) {
                s.append(" (an assignment of role ").append(m.notInForce().get(0).steps().stream()
                        .filter(step -> step.kind() == Explanation.Kind.ROLE).findFirst().orElseThrow().name())
                        .append(" would bring it, but it is not in force now)");
            }
        }
        return s.append(" for ").append(target instanceof Target.Operation ? "operation '" : "permission '")
                .append(target.name()).append("'.").toString();
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
