/**
 * RFC 9457 problem details: the one place that turns failures into
 * {@code application/problem+json}. Resources never build error JSON themselves.
 */
package dev.rolegate.platform.problem;
