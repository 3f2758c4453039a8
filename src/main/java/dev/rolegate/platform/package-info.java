/**
 * Cross-cutting pieces that every feature uses: the clock, paging, the local-development
 * launcher. Depends on no feature package.
 */
package dev.rolegate.platform;
