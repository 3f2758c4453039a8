package dev.rolegate.ldap;

/**
 * The counters of a sync run record (issue 6, item 2), same names as its JSON.
 */
public record SyncCounts(int usersCreated, int usersUpdated, int usersDeprovisioned, int groupsCreated,
                         int groupsUpdated, int groupsRemoved, int assignmentsAdded, int assignmentsRemoved) {

    /** All zero: what an aborted or failed run changed. */
    public static final SyncCounts NONE = new SyncCounts(0, 0, 0, 0, 0, 0, 0, 0);
}
