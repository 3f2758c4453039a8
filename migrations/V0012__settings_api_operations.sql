-- Three read operations of the settings-page API (issue 13 items 1, 3, 4) are authorized by
-- rbac.users.read: assignable roles, every path of an access, and the fixes of a denial. Accounts
-- created before them get them now, like V0006 did, linked where the account holds
-- rbac.users.read (every account made through the API does). Same content as
-- policies/builtin/rbac.yaml.
INSERT INTO operation (account_id, name)
SELECT a.id, c.operation FROM account a CROSS JOIN (VALUES
    ('rbac.users.access.get'),
    ('rbac.users.fixes.get'),
    ('rbac.assignable_roles.list')
) AS c (operation)
ON CONFLICT DO NOTHING;

INSERT INTO permission_operation (account_id, permission, operation)
SELECT p.account_id, c.permission, c.operation FROM permission p JOIN (VALUES
    ('rbac.users.read', 'rbac.users.access.get'),
    ('rbac.users.read', 'rbac.users.fixes.get'),
    ('rbac.users.read', 'rbac.assignable_roles.list')
) AS c (permission, operation) ON c.permission = p.name
ON CONFLICT DO NOTHING;
