/**
 * Cross-cutting pieces that every feature uses: the clock, paging, the local-development
 * launcher, and the edge of every request (request limits, strict JSON and parameter types).
 * Depends on no feature package.
 */
package dev.rolegate.platform;
