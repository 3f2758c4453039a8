package dev.rolegate.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Moves a user to a new id, keeping everything it has: its row (source, stable external id,
 * timestamps), its memberships, its assignments of every source and its SCIM link. Used by the
 * identity sources whose stable id outlives the user's name: an LDAP entry whose DN or login
 * changed, a SCIM {@code userName} renamed by the IdP. The change feed shows it as a
 * {@code user.update} whose {@code before.id} is the old id.
 */
public final class UserRenames {

    private UserRenames() {
    }

    /**
     * Renames {@code from} to {@code to} on the transaction's connection; the caller has made
     * sure that {@code from} exists and {@code to} does not.
     *
     * @param externalId the stable id the renamed row keeps (the unique (source, external id)
     *                   index is freed and given back around the copy)
     */
    public static void rename(Connection connection, String account, String from, String to, String externalId) throws SQLException {
        execute(connection, "UPDATE app_user SET external_id = NULL WHERE account_id = ? AND id = ?", account, from);
        execute(connection, "INSERT INTO app_user (account_id, id, email, display_name, status, source, external_id, external_dn, "
                + "created_at, updated_at) SELECT account_id, ?, email, display_name, status, source, NULL, external_dn, "
                + "created_at, updated_at FROM app_user WHERE account_id = ? AND id = ?", to, account, from);
        execute(connection, "UPDATE app_user SET external_id = ? WHERE account_id = ? AND id = ?", externalId, account, to);
        for (String table : new String[] {"group_member", "user_role", "scim_user"}) {
            execute(connection, "UPDATE " + table + " SET user_id = ? WHERE account_id = ? AND user_id = ?", to, account, from);
        }
        execute(connection, "DELETE FROM app_user WHERE account_id = ? AND id = ?", account, from);
    }

    private static void execute(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
