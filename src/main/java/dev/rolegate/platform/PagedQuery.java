package dev.rolegate.platform;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A keyset-paged, filtered list as <b>one</b> SQL statement that answers both the page and the
 * total of the whole search (issue 13 item 2):
 *
 * <pre>
 * SELECT p.*, t.total
 * FROM (SELECT count(*) AS total FROM {source} WHERE {filters}) t
 * LEFT JOIN LATERAL (SELECT {columns} FROM {source} WHERE {filters} AND {key after cursor}
 *                    ORDER BY {key} LIMIT {limit + 1}) p ON true
 * ORDER BY {key}
 * </pre>
 *
 * The count ignores the cursor (a window {@code count(*) over ()} on the page would count only the
 * rows after it), and the left join keeps one row, with the total and null columns, when the page
 * is empty. Filters are added only when a request has them, so the planner sees the statement it
 * can use an index for (no {@code :x IS NULL OR ...}). The key columns must be output columns of
 * {@code columns} (named by alias) and the ordering must be one an index serves for the statement
 * to stay fast on large accounts. Not thread-safe; one instance per request.
 */
public final class PagedQuery {

    private final String columns;
    private final String source;
    private final List<String> filters = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private List<String> key = List.of();
    private String after;
    private final List<String> head = new ArrayList<>();
    private String total;
    private Object[] headValues = new Object[0];

    private PagedQuery(String columns, String source) {
        this.columns = columns;
        this.source = source;
    }

    /**
     * @param columns the select list, each column with an alias ({@code u.id AS id, ...})
     * @param source  the FROM clause's content ({@code app_user u}, or a derived table)
     */
    public static PagedQuery select(String columns, String source) {
        return new PagedQuery(columns, source);
    }

    /** Adds a condition (ANDed) with its named parameters, as name, value pairs. */
    public PagedQuery where(String condition, Object... namesAndValues) {
        filters.add(condition);
        bind(namesAndValues);
        return this;
    }

    /** The ordering: output column aliases, in order; the page holds the rows after the cursor in it. */
    public PagedQuery orderBy(String... aliases) {
        key = List.of(aliases);
        return this;
    }

    /**
     * The rows after the cursor: a condition on the source's columns (e.g. {@code u.id > :after})
     * with its parameters; call only when the request has a cursor.
     */
    public PagedQuery after(String condition, Object... namesAndValues) {
        after = condition;
        bind(namesAndValues);
        return this;
    }

    /**
     * An extra value the statement answers beside the total, once per page (e.g. whether the
     * parent of a sub-collection exists, so that a 404 needs no statement of its own); read it
     * with {@link #head(int)} after {@link #page}.
     */
    public PagedQuery alsoSelect(String expression, Object... namesAndValues) {
        head.add(expression);
        bind(namesAndValues);
        return this;
    }

    /** The {@code index}-th value of {@link #alsoSelect}, as the last {@link #page} read it. */
    public Object head(int index) {
        return headValues[index];
    }

    /**
     * The total as a stored count rather than a count of the matching rows: for a list without
     * filters beyond the account, whose count a table keeps (e.g. {@code account_size}), so that
     * page 1 of a million rows does not count a million index entries.
     *
     * @param expression a scalar subquery answering the count, e.g.
     *                   {@code (SELECT users FROM account_size WHERE account_id = :account)}
     */
    public PagedQuery totalFrom(String expression) {
        total = expression;
        return this;
    }

    /** The filters as one condition ({@code TRUE} without any), for a statement of a caller's own. */
    public String conditions() {
        return filters.isEmpty() ? "TRUE" : String.join(" AND ", filters);
    }

    /** The named parameters of the filters (and cursor) so far. */
    public Map<String, Object> parameters() {
        return java.util.Collections.unmodifiableMap(parameters);
    }

    /** The statement's text, for a test or an EXPLAIN. */
    public String sql() {
        String where = conditions();
        String order = String.join(", ", key);
        String outerOrder = String.join(", ", key.stream().map(k -> "p." + k).toList());
        StringBuilder heads = new StringBuilder();
        for (int i = 0; i < head.size(); i++) {
            heads.append(", t.head").append(i);
        }
        StringBuilder headColumns = new StringBuilder();
        for (int i = 0; i < head.size(); i++) {
            headColumns.append(", ").append(head.get(i)).append(" AS head").append(i);
        }
        String counted = total == null ? "SELECT count(*) AS total" + headColumns + " FROM " + source + " WHERE " + where
                : "SELECT coalesce(" + total + ", 0) AS total" + headColumns;
        return "SELECT p.*" + heads + ", t.total FROM (" + counted + ") t "
                + "LEFT JOIN LATERAL (SELECT " + columns + " FROM " + source + " WHERE " + where
                + (after == null ? "" : " AND " + after) + " ORDER BY " + order + " LIMIT :pageLimit) p ON true "
                + "ORDER BY " + outerOrder;
    }

    /**
     * Runs the statement (one round trip, on the caller's transaction) and builds the page.
     *
     * @param limit  the page size; one row more is read to know whether there is a next page
     * @param row    maps a row's columns (those of {@code columns}, in order; the total left out)
     * @param cursor the cursor of an item, for {@code next}
     */
    public <T> Page<T> page(EntityManager em, int limit, Function<Object[], T> row, Function<T, String> cursor) {
        Query query = em.createNativeQuery(sql());
        parameters.forEach(query::setParameter);
        query.setParameter("pageLimit", limit + 1);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        long total = 0;
        List<T> items = new ArrayList<>(rows.size());
        int width = rows.isEmpty() ? 0 : rows.get(0).length - 1 - head.size();
        for (Object[] r : rows) {
            total = ((Number) r[r.length - 1]).longValue();
            headValues = Arrays.copyOfRange(r, width, r.length - 1);
            if (r[0] != null) {
                items.add(row.apply(Arrays.copyOf(r, width)));
            }
        }
        return Page.of(items, limit, cursor, total);
    }

    private void bind(Object[] namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come as name, value pairs");
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
    }

    /**
     * The bounds of a case-insensitive prefix search on {@code lower(column) COLLATE "C"}: the
     * values starting with {@code prefix} are exactly those {@code >= lower} and {@code < upper}
     * in byte order (UTF-8 keeps code point order). A range rather than {@code LIKE 'p%'}: a
     * prepared statement with a generic plan still uses the btree index for it, and no LIKE
     * escaping is needed.
     *
     * @return {@code [lower, upper]}; upper null when the prefix ends in the last code point
     */
    public static String[] prefixRange(String prefix) {
        String lower = prefix.toLowerCase(java.util.Locale.ROOT);
        int last = lower.codePointBefore(lower.length());
        String head = lower.substring(0, lower.length() - Character.charCount(last));
        int next = last + 1;
        if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
            next = Character.MAX_SURROGATE + 1;
        }
        return new String[] {lower, next > Character.MAX_CODE_POINT ? null : head + Character.toString(next)};
    }

    /**
     * A case-insensitive prefix search ({@link #prefixRange}) on any of {@code columns}: a row
     * matches when {@code lower(column)} of one of them starts with {@code prefix}. Each column
     * wants a btree index on {@code (account_id, lower(column) COLLATE "C")}; PostgreSQL ORs them
     * in a bitmap.
     */
    public PagedQuery wherePrefix(String prefix, String... columns) {
        String[] range = prefixRange(prefix);
        String name = "prefix" + parameters.size();
        List<String> any = new ArrayList<>();
        for (String column : columns) {
            String expression = "lower(" + column + ") COLLATE \"C\"";
            any.add(range[1] == null ? expression + " >= :" + name
                    : "(" + expression + " >= :" + name + " AND " + expression + " < :" + name + "Upper)");
        }
        filters.add("(" + String.join(" OR ", any) + ")");
        parameters.put(name, range[0]);
        if (range[1] != null) {
            parameters.put(name + "Upper", range[1]);
        }
        return this;
    }
}
