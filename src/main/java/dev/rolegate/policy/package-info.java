/**
 * Policy files → engine model: the YAML template format ({@code policies/templates/*.yaml}),
 * its loader with {@code file:line:column} errors, the catalog of templates shipped in the jar,
 * and policy tests ({@code policies/tests/*.yaml}) with their runner.
 *
 * <p>Depends on {@link dev.rolegate.engine} and SnakeYAML (its node API only, so every value
 * keeps its line) and nothing else: no Quarkus, CDI, JPA or HTTP types. The service wraps
 * {@link dev.rolegate.policy.TemplateCatalog}; a command line calls
 * {@link dev.rolegate.policy.PolicyTestRunner}. Every problem found in a file is collected and
 * thrown at once in a {@link dev.rolegate.policy.PolicyException}, in the spirit of Cerbos's
 * compiler. The file format is documented in {@code policies/README.md}.
 */
package dev.rolegate.policy;
