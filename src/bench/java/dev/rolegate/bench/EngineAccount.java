package dev.rolegate.bench;

import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;

/**
 * The engine benchmarks' data, built once per JVM (a JMH fork): the {@link AccountGenerator#ENGINE}
 * account, its snapshot, and the fixed question sequence. Immutable after construction.
 */
final class EngineAccount {

    /** Number of questions: a power of two, so a cursor wraps with a mask. */
    static final int QUESTIONS = 1 << 16;

    private static EngineAccount instance;

    final AccountModel model;
    final Snapshot snapshot;
    final AccountGenerator.Questions questions;

    private EngineAccount() {
        model = AccountGenerator.account(AccountGenerator.ENGINE);
        snapshot = SnapshotCompiler.compile(model);
        questions = AccountGenerator.questions(AccountGenerator.ENGINE, model, snapshot, QUESTIONS);
    }

    /** The shared instance; JMH calls setups from one thread, the lock is only for safety. */
    static synchronized EngineAccount get() {
        if (instance == null) {
            instance = new EngineAccount();
        }
        return instance;
    }

    /** A snapshot compiled afresh: its effective-access caches are empty. */
    Snapshot freshSnapshot() {
        return SnapshotCompiler.compile(model);
    }
}
