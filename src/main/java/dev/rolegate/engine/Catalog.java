package dev.rolegate.engine;

/**
 * The compiled permission catalog: permissions and operations interned to ints (sorted by
 * name), and the relation between them in both directions. Immutable.
 */
final class Catalog {

    final NameIndex permissions;
    final NameIndex operations;
    /** operation → the permissions that list it, ascending (so sorted by name); never empty. */
    final int[][] operationRequires;
    /** permission → {@code {permission}}: a {@code Target.Permission} as a requirement list. */
    final int[][] permissionSelf;
    /** permission → the operations it lists, ascending. */
    final int[][] permissionOperations;

    Catalog(NameIndex permissions, NameIndex operations, int[][] operationRequires,
            int[][] permissionOperations) {
        this.permissions = permissions;
        this.operations = operations;
        this.operationRequires = operationRequires;
        this.permissionOperations = permissionOperations;
        this.permissionSelf = new int[permissions.size()][];
        for (int p = 0; p < permissionSelf.length; p++) {
            permissionSelf[p] = new int[] {p};
        }
    }
}
