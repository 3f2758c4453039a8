package dev.rolegate.engine;

/**
 * The permissions one time-bounded assignment brings while it is in force. Shared: every member
 * of a group refers to the same instance for the group's assignment, and {@code bits} is the
 * role's closed bitset itself, never a copy.
 */
final class TimedGrant {

    final Validity validity;
    final long[] bits;

    TimedGrant(Validity validity, long[] bits) {
        this.validity = validity;
        this.bits = bits;
    }
}
