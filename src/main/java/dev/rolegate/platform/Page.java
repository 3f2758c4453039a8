package dev.rolegate.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One page of a collection, keyset-paged: {@code next} is the cursor to pass as {@code ?after=}
 * for the following page, or null on the last page. Lists that search (users, groups, roles, role
 * members, the audit log) also say how many items match the whole search, over every page.
 *
 * @param items the items, ordered by their key (ids in byte order of UTF-8, i.e. PostgreSQL "C" collation)
 * @param next  cursor for the next page, or null
 * @param total how many items match the request's filters on all pages together (independent of
 *              {@code after} and {@code limit}); absent on lists that do not count
 */
public record Page<T>(List<T> items, String next, @JsonInclude(JsonInclude.Include.NON_NULL) Long total) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** A page of a list that does not count its items. */
    public Page(List<T> items, String next) {
        this(items, next, null);
    }

    /**
     * Builds a page from up to {@code limit + 1} rows: the extra row only says there is more.
     */
    public static <T> Page<T> of(List<T> rows, int limit, java.util.function.Function<T, String> id) {
        return of(rows, limit, id, null);
    }

    /** {@link #of(List, int, java.util.function.Function)} with the {@code total} of the whole search. */
    public static <T> Page<T> of(List<T> rows, int limit, java.util.function.Function<T, String> id, Long total) {
        if (rows.size() > limit) {
            List<T> items = List.copyOf(rows.subList(0, limit));
            return new Page<>(items, id.apply(items.get(limit - 1)), total);
        }
        return new Page<>(List.copyOf(rows), null, total);
    }

    /** The limit a request asked for, defaulted and checked: 1..{@value #MAX_LIMIT}. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw dev.rolegate.platform.problem.ProblemException.invalid("#limit",
                    "limit must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }
}
