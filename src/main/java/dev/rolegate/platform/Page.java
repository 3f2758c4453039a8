package dev.rolegate.platform;

import java.util.List;

/**
 * One page of a collection, keyset-paged by id: {@code next} is the id to pass as
 * {@code ?after=} for the following page, or null on the last page.
 *
 * @param items the items, ordered by id (byte order of UTF-8, i.e. PostgreSQL "C" collation)
 * @param next  cursor for the next page, or null
 */
public record Page<T>(List<T> items, String next) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /**
     * Builds a page from up to {@code limit + 1} rows: the extra row only says there is more.
     */
    public static <T> Page<T> of(List<T> rows, int limit, java.util.function.Function<T, String> id) {
        if (rows.size() > limit) {
            List<T> items = List.copyOf(rows.subList(0, limit));
            return new Page<>(items, id.apply(items.get(limit - 1)));
        }
        return new Page<>(List.copyOf(rows), null);
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
