package dev.rolegate.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a SCIM filter (RFC 7644 §3.4.2.2), parsed by the SCIM SDK ({@link Filter#fromString}),
 * into a SQL condition on {@code scim_user s} or {@code scim_group g}, its values bound as
 * parameters, so a list filters in the database with its indexes (an Okta or Entra ID lookup of
 * one {@code userName} among 100,000 users is one index probe).
 *
 * <p>Operators: {@code eq}, {@code ne}, {@code co}, {@code sw}, {@code ew}, {@code pr},
 * {@code and}, {@code or}, {@code not}, and {@code emails[...]} / {@code members[...]} value
 * filters. Attributes: Users {@code id}, {@code userName} (without case), {@code externalId},
 * {@code displayName}, {@code active}, {@code emails} and {@code emails.value} (without case),
 * {@code emails.type}; Groups {@code id}, {@code displayName} (without case), {@code externalId},
 * {@code members} and {@code members.value}. Anything else, and the ordering operators
 * {@code gt}/{@code ge}/{@code lt}/{@code le}, is 400 {@code invalidFilter}. An absent attribute
 * matches no comparison but {@code ne} (and {@code not}), as RFC 7644 has it.
 */
public final class ScimFilters {

    /** A condition and its parameters, numbered from the first free one the caller gave. */
    public record Sql(String where, List<Object> parameters) {
    }

    private enum Resource { USER, GROUP }

    private final Resource resource;
    private final List<Object> parameters = new ArrayList<>();
    private final int firstParameter;

    private ScimFilters(Resource resource, int firstParameter) {
        this.resource = resource;
        this.firstParameter = firstParameter;
    }

    /**
     * The condition of a Users filter on alias {@code s}, or {@code TRUE} for none.
     *
     * @param firstParameter the number of the condition's first {@code ?N} parameter
     * @throws ScimFailure 400 {@code invalidFilter}
     */
    public static Sql users(String filter, int firstParameter) {
        return new ScimFilters(Resource.USER, firstParameter).translate(filter);
    }

    /** {@link #users} for Groups, on alias {@code g}. */
    public static Sql groups(String filter, int firstParameter) {
        return new ScimFilters(Resource.GROUP, firstParameter).translate(filter);
    }

    private Sql translate(String text) {
        if (text == null || text.isBlank()) {
            return new Sql("TRUE", List.of());
        }
        Filter filter;
        try {
            filter = Filter.fromString(text);
        } catch (BadRequestException e) {
            throw ScimFailure.invalidFilter("the filter does not parse: " + e.getMessage());
        }
        return new Sql(condition(filter), List.copyOf(parameters));
    }

    private String condition(Filter filter) {
        FilterType type = filter.getFilterType();
        switch (type) {
            case AND, OR -> {
                List<String> parts = filter.getCombinedFilters().stream().map(this::condition).toList();
                return "(" + String.join(type == FilterType.AND ? " AND " : " OR ", parts) + ")";
            }
            case NOT -> {
                // a comparison on an absent attribute is NULL: not matching, and its negation matching
                return "(NOT coalesce(" + condition(filter.getInvertedFilter()) + ", false))";
            }
            case COMPLEX_VALUE -> {
                return complex(filter);
            }
            default -> {
                return leaf(filter, filter.getAttributePath());
            }
        }
    }

    /** {@code emails[type eq "work" and value co "@x"]}, {@code members[value eq "id"]}. */
    private String complex(Filter filter) {
        String attribute = top(filter.getAttributePath());
        String inner = new Element(attribute).condition(filter.getValueFilter());
        return exists(attribute, inner);
    }

    private String leaf(Filter filter, Path path) {
        String attribute = top(path);
        String sub = path.size() > 1 ? lower(path.getElement(1).getAttribute()) : null;
        if (attribute.equals("emails") || attribute.equals("members")) {
            String inner = new Element(attribute).compare(filter, sub == null ? "value" : sub);
            return exists(attribute, inner);
        }
        if (sub != null) {
            throw unsupported(path);
        }
        String column = column(attribute, path);
        if (attribute.equals("active")) {
            return compareBoolean(filter, column, path);
        }
        boolean caseless = !attribute.equals("externalid") && !attribute.equals("id");
        return compare(filter, column, caseless, path);
    }

    private String column(String attribute, Path path) {
        if (resource == Resource.USER) {
            return switch (attribute) {
                case "id" -> "s.id";
                case "username" -> "s.user_name";
                case "externalid" -> "s.external_id";
                case "displayname" -> "(s.resource->>'displayName')";
                case "active" -> "s.active";
                default -> throw unsupported(path);
            };
        }
        return switch (attribute) {
            case "id" -> "g.id";
            case "displayname" -> "g.display_name";
            case "externalid" -> "g.external_id";
            default -> throw unsupported(path);
        };
    }

    private String exists(String attribute, String inner) {
        if (resource == Resource.USER && attribute.equals("emails")) {
            return "EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(s.resource->'emails') = 'array' "
                    + "THEN s.resource->'emails' ELSE '[]'::jsonb END) e WHERE " + inner + ")";
        }
        if (resource == Resource.GROUP && attribute.equals("members")) {
            return "EXISTS (SELECT 1 FROM group_member m JOIN scim_user mu ON mu.account_id = m.account_id AND mu.user_id = m.user_id "
                    + "WHERE m.account_id = g.account_id AND m.group_id = g.group_id AND " + inner + ")";
        }
        throw ScimFailure.invalidFilter("cannot filter on " + attribute + " here");
    }

    /** The conditions inside {@code emails[...]} (alias {@code e}) or {@code members[...]} (alias {@code mu}). */
    private final class Element {
        private final String attribute;

        Element(String attribute) {
            this.attribute = attribute;
        }

        String condition(Filter filter) {
            FilterType type = filter.getFilterType();
            return switch (type) {
                case AND, OR -> "(" + String.join(type == FilterType.AND ? " AND " : " OR ",
                        filter.getCombinedFilters().stream().map(this::condition).toList()) + ")";
                case NOT -> "(NOT coalesce(" + condition(filter.getInvertedFilter()) + ", false))";
                case COMPLEX_VALUE -> throw ScimFailure.invalidFilter("value filters do not nest: " + filter);
                default -> compare(filter, lower(filter.getAttributePath().getElement(0).getAttribute()));
            };
        }

        String compare(Filter filter, String sub) {
            if (attribute.equals("members")) {
                if (!sub.equals("value")) {
                    throw unsupported(filter.getAttributePath());
                }
                return ScimFilters.this.compare(filter, "mu.id", false, filter.getAttributePath());
            }
            return switch (sub) {
                case "value" -> ScimFilters.this.compare(filter, "(e->>'value')", true, filter.getAttributePath());
                case "type" -> ScimFilters.this.compare(filter, "(e->>'type')", true, filter.getAttributePath());
                case "primary" -> compareBoolean(filter, "((e->>'primary')::boolean)", filter.getAttributePath());
                default -> throw unsupported(filter.getAttributePath());
            };
        }
    }

    private String compare(Filter filter, String column, boolean caseless, Path path) {
        FilterType type = filter.getFilterType();
        if (type == FilterType.PRESENT) {
            return "(" + column + " IS NOT NULL AND " + column + " <> '')";
        }
        JsonNode value = filter.getComparisonValue();
        if (value == null || !value.isTextual()) {
            throw ScimFailure.invalidFilter(path + " compares with a string, got " + value);
        }
        String text = caseless ? lower(value.asText()) : value.asText();
        String left = caseless ? "lower(" + column + ")" : column;
        return switch (type) {
            case EQUAL -> left + " = " + bind(text);
            case NOT_EQUAL -> left + " IS DISTINCT FROM " + bind(text);
            case CONTAINS -> left + " LIKE " + bind("%" + like(text) + "%") + " ESCAPE '\\'";
            case STARTS_WITH -> left + " LIKE " + bind(like(text) + "%") + " ESCAPE '\\'";
            case ENDS_WITH -> left + " LIKE " + bind("%" + like(text)) + " ESCAPE '\\'";
            default -> throw ScimFailure.invalidFilter("the operator " + type + " is not supported on " + path
                    + "; use eq, ne, co, sw, ew or pr");
        };
    }

    private String compareBoolean(Filter filter, String column, Path path) {
        FilterType type = filter.getFilterType();
        if (type == FilterType.PRESENT) {
            return "(" + column + " IS NOT NULL)";
        }
        JsonNode value = filter.getComparisonValue();
        Boolean flag = value == null ? null : value.isBoolean() ? Boolean.valueOf(value.booleanValue())
                : value.isTextual() && (lower(value.asText()).equals("true") || lower(value.asText()).equals("false"))
                ? Boolean.valueOf(lower(value.asText()).equals("true")) : null;
        if (flag == null) {
            throw ScimFailure.invalidFilter(path + " compares with true or false, got " + value);
        }
        return switch (type) {
            case EQUAL -> column + " = " + bind(flag);
            case NOT_EQUAL -> column + " IS DISTINCT FROM " + bind(flag);
            default -> throw ScimFailure.invalidFilter("only eq, ne and pr apply to " + path);
        };
    }

    private String bind(Object value) {
        parameters.add(value);
        return "?" + (firstParameter + parameters.size() - 1);
    }

    private String top(Path path) {
        String urn = path.getSchemaUrn();
        String core = resource == Resource.USER ? ScimSchemas.USER : ScimSchemas.GROUP;
        if ((urn != null && !urn.equalsIgnoreCase(core)) || path.size() == 0) {
            throw unsupported(path);
        }
        return lower(path.getElement(0).getAttribute());
    }

    private static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private ScimFailure unsupported(Path path) {
        return ScimFailure.invalidFilter("cannot filter " + (resource == Resource.USER ? "Users" : "Groups") + " on " + path);
    }
}
