package dev.rolegate.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.change.ChangeFeed;
import dev.rolegate.change.api.ChangeRecordResponse;
import dev.rolegate.engine.ModelChange;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotPatcher;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Brings a held snapshot to a newer revision by applying the change feed's records of the
 * revisions in between (issue 12 item 7), instead of reading and compiling the account whole:
 * the records {@code base+1 .. target} are read ({@link ChangeFeed#records}), each item is
 * translated ({@link ChangeTranslator}) and the lot is patched in ({@link SnapshotPatcher}).
 *
 * <p>Fail closed: the result is a snapshot at exactly {@code target} built from exactly the
 * records {@code base+1 .. target}, each applied once, in order; anything else is a
 * {@link Outcome.Rebuild} with the reason, and the caller compiles the account from its tables:
 * a missing revision (pruned, or written before the feed existed), more than
 * {@code rolegate.check.patch-max-changes} revisions or change items, an item the translator
 * refuses, or changes the patcher refuses (a permission created or deleted, an inheritance
 * cycle, ...).
 */
@ApplicationScoped
public class FeedPatcher {

    /**
     * A record's JSON longer than this many characters per allowed change item ends the patch
     * before parsing: such a revision is a bulk write (an import, a sync run) that a rebuild
     * serves as well.
     */
    static final int MAX_CHARS_PER_CHANGE = 4096;

    /** Why a patch gave way to a rebuild; {@link #tag()} is the metric's {@code outcome}. */
    public enum Fallback {
        /** A revision between the two has no record (pruned, or older than the feed). */
        GAP,
        /** More revisions or change items than {@code rolegate.check.patch-max-changes}. */
        TOO_MANY,
        /** An item the translator cannot express as model changes. */
        UNTRANSLATABLE,
        /** The patcher refused the changes ({@link SnapshotPatcher.Result.RebuildNeeded}). */
        REFUSED,
        /** Reading the records failed. */
        FAILED;

        /** The metric tag: {@code gap}, {@code too_many}, {@code untranslatable}, {@code refused}, {@code failed}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a patch gave. */
    public sealed interface Outcome {
        /**
         * The snapshot at the target revision.
         *
         * @param records how many records were applied
         * @param changes how many model changes they held
         */
        record Patched(Snapshot snapshot, int records, int changes) implements Outcome {
            public Patched {
                Objects.requireNonNull(snapshot, "snapshot");
            }
        }

        /** Rebuild from the tables instead; {@code detail} is for the log. */
        record Rebuild(Fallback reason, String detail) implements Outcome {
            public Rebuild {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(detail, "detail");
            }
        }
    }

    @Inject
    ChangeFeed feed;

    @Inject
    CheckConfig config;

    @Inject
    ObjectMapper json;

    private ChangeTranslator translator;

    @PostConstruct
    void start() {
        translator = new ChangeTranslator(json);
    }

    /**
     * Reads the records after {@code base} up to {@code target} and applies them.
     *
     * @param target the account's revision as the database just said, greater than the base's
     * @throws SQLException when the records cannot be read
     */
    public Outcome patch(String account, Snapshot base, long target) throws SQLException {
        int maxChanges = config.patchMaxChanges();
        if (target - base.revision() > maxChanges) {
            return new Outcome.Rebuild(Fallback.TOO_MANY, (target - base.revision()) + " revisions behind");
        }
        List<ChangeRecordResponse> records = new ArrayList<>();
        long after = base.revision();
        long chars = 0;
        while (after < target) {
            List<ChangeRecordResponse> page = feed.records(account, after, (int) Math.min(target - after, ChangeFeed.MAX_LIMIT));
            if (page.isEmpty()) {
                break; // the missing revisions are a gap: apply says so
            }
            for (ChangeRecordResponse record : page) {
                chars += record.changes().length();
            }
            if (chars > (long) maxChanges * MAX_CHARS_PER_CHANGE) {
                return new Outcome.Rebuild(Fallback.TOO_MANY, chars + " characters of change items");
            }
            records.addAll(page);
            after = page.get(page.size() - 1).revision();
        }
        return apply(base, target, records, maxChanges, translator);
    }

    /**
     * Applies {@code records} to {@code base}: they must be exactly the revisions
     * {@code base+1 .. target}, in order. Pure: no I/O.
     *
     * @param maxChanges the most model changes applied in one patch
     */
    static Outcome apply(Snapshot base, long target, List<ChangeRecordResponse> records, int maxChanges,
            ChangeTranslator translator) {
        if (target <= base.revision()) {
            throw new IllegalArgumentException("target " + target + " is not after the base's revision " + base.revision());
        }
        List<ModelChange> changes = new ArrayList<>();
        long expected = base.revision() + 1;
        for (ChangeRecordResponse record : records) {
            if (record.revision() > target) {
                break;
            }
            if (record.revision() != expected) {
                return new Outcome.Rebuild(Fallback.GAP, "revision " + expected + " has no record (next is " + record.revision() + ")");
            }
            try {
                changes.addAll(translator.translate(record.changes()));
            } catch (ChangeTranslator.Untranslatable e) {
                return new Outcome.Rebuild(Fallback.UNTRANSLATABLE, "revision " + record.revision() + ": " + e.getMessage());
            }
            if (changes.size() > maxChanges) {
                return new Outcome.Rebuild(Fallback.TOO_MANY, "more than " + maxChanges + " changes");
            }
            expected++;
        }
        if (expected != target + 1) {
            return new Outcome.Rebuild(Fallback.GAP, "revision " + expected + " has no record (target " + target + ")");
        }
        SnapshotPatcher.Result result = SnapshotPatcher.patch(base, target, changes);
        if (result instanceof SnapshotPatcher.Result.Patched patched) {
            if (patched.snapshot().revision() != target) { // the contract, checked: never serve another revision
                return new Outcome.Rebuild(Fallback.REFUSED, "patched to revision " + patched.snapshot().revision());
            }
            return new Outcome.Patched(patched.snapshot(), (int) (target - base.revision()), changes.size());
        }
        return new Outcome.Rebuild(Fallback.REFUSED, ((SnapshotPatcher.Result.RebuildNeeded) result).reason());
    }
}
