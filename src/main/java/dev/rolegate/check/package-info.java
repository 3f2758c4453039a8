/**
 * The check path: the check API, the snapshot cache per account and revision, and the loader
 * that reads one account at one revision for the engine. A check does no database I/O once the
 * snapshot of the revision it needs is held. The same loader gives the write side the engine's
 * view of an account as committed and as a write leaves it ({@link dev.rolegate.check.AccountStates}),
 * so that the invariants and the no-escalation rule are the engine's. Depends on {@code change}
 * (revisions committed and heard), {@code engine}, {@code token} and {@code platform}.
 */
package dev.rolegate.check;
