/**
 * The policy command line: {@code java -jar quarkus-run.jar policy validate|test|diff ...}
 * (usage in {@code docs/policy-cli.md}), for a customer's CI and for this repository's.
 *
 * <p>Runs without Quarkus, CDI, a database or the network: {@code RolegateMain} hands it the
 * command line before anything else starts. It drives {@link dev.rolegate.policy} (loading,
 * validation, policy tests) and owns only parsing arguments (picocli), printing findings as
 * text, JSON or GitHub annotations, and comparing a template with an account export (Jackson).
 * Exit codes: 0 clean, 1 findings, 2 the command could not run.
 */
package dev.rolegate.policy.cli;
