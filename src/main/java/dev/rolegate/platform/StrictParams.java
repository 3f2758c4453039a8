package dev.rolegate.platform;

import dev.rolegate.platform.problem.ProblemException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Strict converters for integer and boolean path, query and header parameters (issue 11 item 6).
 * JAX-RS turns a query parameter that does not convert into a 404 (Jakarta REST 3.1 §3.2), which
 * says nothing about the mistake; these converters refuse it as a 400 {@code invalid_request}
 * naming the parameter ({@code errors[0].pointer} {@code #limit}), which {@code ProblemMappers}
 * takes out of the 404 that carries it.
 *
 * <p>Accepted: {@code Integer}/{@code int} and {@code Long}/{@code long} as an optional minus
 * sign and 1 to 19 decimal digits within the type's range ({@code ?limit=abc}, {@code 1.5},
 * {@code +3}, {@code 0x10} and {@code 99999999999} for an int are refused); {@code Boolean} as
 * exactly {@code true} or {@code false} (JAX-RS's {@code Boolean.valueOf} would read
 * {@code ?cascade=yes} as false). Ranges such as "not negative" are the resource's to check.
 * Other types keep the JAX-RS converters. Declare flags as {@code Boolean}, not {@code boolean}:
 * Quarkus REST hands an absent primitive parameter to the converter as {@code "0"}, which a
 * strict boolean cannot tell from {@code ?cascade=0}, so primitive booleans are left alone.
 */
@Provider
public class StrictParams implements ParamConverterProvider {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    private static final Map<Class<?>, Function<String, Object>> PARSERS = Map.of(
            Integer.class, Integer::valueOf, int.class, Integer::valueOf,
            Long.class, Long::valueOf, long.class, Long::valueOf,
            Boolean.class, StrictParams::bool);

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        Function<String, Object> parser = PARSERS.get(rawType);
        String name = name(annotations);
        if (parser == null || name == null) {
            return null;
        }
        boolean integral = rawType != Boolean.class;
        String expected = integral ? "an integer" : "true or false";
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    if (integral && !INTEGER.matcher(value).matches()) {
                        throw new NumberFormatException();
                    }
                    return (T) parser.apply(value);
                } catch (IllegalArgumentException e) {
                    throw ProblemException.invalid("#" + name, name + " must be " + expected + ", got " + Inputs.quote(value));
                }
            }

            @Override
            public String toString(T value) {
                return String.valueOf(value);
            }
        };
    }

    private static Boolean bool(String value) {
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException();
        };
    }

    /** The parameter's name from its JAX-RS annotation, or null for a parameter of another kind. */
    private static String name(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            }
            if (a instanceof PathParam p) {
                return p.value();
            }
            if (a instanceof HeaderParam h) {
                return h.value();
            }
        }
        return null;
    }
}
