package dev.rolegate.engine;

/**
 * The compiled roles: interned to ints (sorted by name), each with its own grants as a
 * permission bitset (wildcards already expanded against the catalog), the roles it inherits,
 * and its closed bitset (own grants plus everything inherited, transitively). Immutable.
 */
final class RoleTable {

    final NameIndex roles;
    /** role → the permissions its own grants cover (explain walks these). */
    final long[][] grants;
    /** role → the roles it inherits directly, ascending. */
    final int[][] inherits;
    /** role → every permission it carries, inherited ones included (checks use these). */
    final long[][] closed;

    RoleTable(NameIndex roles, long[][] grants, int[][] inherits, long[][] closed) {
        this.roles = roles;
        this.grants = grants;
        this.inherits = inherits;
        this.closed = closed;
    }
}
