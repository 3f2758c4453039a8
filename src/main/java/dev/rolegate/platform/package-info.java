/**
 * Cross-cutting pieces that every feature uses: the clock, paging, the local-development
 * launcher, the edge of every request (request limits, strict JSON and parameter types), and the
 * rules for the destinations per-account settings name ({@link dev.rolegate.platform.BoundSecret}:
 * a stored secret never follows a changed destination; {@link dev.rolegate.platform.AllowedHosts}:
 * the operator's list of hosts).
 * Depends on no feature package.
 */
package dev.rolegate.platform;
