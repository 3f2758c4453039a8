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
    /**
     * Effective access walks held permissions to operations. Two compressed rows, contiguous for
     * locality: for permission p, {@code soleOperations[soleOffsets[p] .. soleOffsets[p+1]-1]}
     * are the operations that require p alone (allowed as soon as p is held), and
     * {@code sharedOperations[sharedOffsets[p] .. sharedOffsets[p+1]-1]} those that require
     * several permissions, p being the first (each checked once, against all it requires).
     */
    final int[] soleOffsets;
    final int[] soleOperations;
    final int[] sharedOffsets;
    final int[] sharedOperations;

    Catalog(NameIndex permissions, NameIndex operations, int[][] operationRequires) {
        this.permissions = permissions;
        this.operations = operations;
        this.operationRequires = operationRequires;
        int count = permissions.size();
        this.permissionSelf = new int[count][];
        for (int p = 0; p < count; p++) {
            permissionSelf[p] = new int[] {p};
        }
        this.soleOffsets = new int[count + 1];
        this.sharedOffsets = new int[count + 1];
        for (int[] required : operationRequires) {
            (required.length == 1 ? soleOffsets : sharedOffsets)[required[0] + 1]++;
        }
        for (int p = 0; p < count; p++) {
            soleOffsets[p + 1] += soleOffsets[p];
            sharedOffsets[p + 1] += sharedOffsets[p];
        }
        this.soleOperations = new int[soleOffsets[count]];
        this.sharedOperations = new int[sharedOffsets[count]];
        int[] soleFill = java.util.Arrays.copyOf(soleOffsets, count);
        int[] sharedFill = java.util.Arrays.copyOf(sharedOffsets, count);
        for (int op = 0; op < operationRequires.length; op++) { // ascending, so each row is too
            int first = operationRequires[op][0];
            if (operationRequires[op].length == 1) {
                soleOperations[soleFill[first]++] = op;
            } else {
                sharedOperations[sharedFill[first]++] = op;
            }
        }
    }
}
