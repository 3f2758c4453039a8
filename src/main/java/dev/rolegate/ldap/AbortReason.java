package dev.rolegate.ldap;

import java.util.Locale;

/** Why a sync plan was refused; each is a safety rule of issue 6. */
public enum AbortReason {
    /** The read stopped short; acting on part of a directory would deprovision the rest. */
    INCOMPLETE_READ,
    /** A full read returned no users while the account has LDAP users: the incident that wiped directories. */
    EMPTY_USER_RESULT,
    /** A full read returned no groups while the account has LDAP groups: every LDAP role would go. */
    EMPTY_GROUP_RESULT,
    /** More users would be deprovisioned or disabled than {@code maxRemovalPercent} allows. */
    REMOVAL_THRESHOLD;

    /** The snake_case code for the run record and problem+json. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
