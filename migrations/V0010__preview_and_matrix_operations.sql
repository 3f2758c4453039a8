-- The impact preview and the role × permission matrix (issue 13 items 6 and 5) are authorized by
-- two new operations of existing built-in permissions: rbac.changes.preview of rbac.users.read
-- (a preview shows whose access would change) and rbac.matrix.get of rbac.roles.read. Accounts
-- created before them get the links now, like V0002 and V0006 did. Same content as
-- dev.rolegate.policy.AdminCatalog (policies/builtin/rbac.yaml).
INSERT INTO operation (account_id, name)
SELECT a.id, c.operation FROM account a CROSS JOIN (VALUES
    ('rbac.changes.preview'),
    ('rbac.matrix.get')
) AS c (operation)
ON CONFLICT DO NOTHING;

INSERT INTO permission_operation (account_id, permission, operation)
SELECT p.account_id, c.permission, c.operation FROM (VALUES
    ('rbac.users.read', 'rbac.changes.preview'),
    ('rbac.roles.read', 'rbac.matrix.get')
) AS c (permission, operation)
JOIN permission p ON p.name = c.permission
ON CONFLICT DO NOTHING;
