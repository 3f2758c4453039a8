/**
 * The check path: the check API, the snapshot cache per account and revision, and the loader
 * that reads one account at one revision for the engine. A check does no database I/O once the
 * snapshot of the revision it needs is held.
 */
package dev.rolegate.check;
