-- Account export and import (issue 7 item 8) are authorized by two new built-in permissions.
-- Accounts created before them get them now, like V0002 did for the first rbac.* catalog; an
-- owner's '*' grant covers them once they are rows of the account. Roles are left alone: the
-- template admin role grants rbac.account.export only in accounts created from now on.
-- Same content as dev.rolegate.policy.AdminCatalog.
INSERT INTO permission (account_id, name, description)
SELECT a.id, c.name, c.description FROM account a CROSS JOIN (VALUES
    ('rbac.account.export', 'Export the account''s catalog, users, groups and assignments'),
    ('rbac.account.import', 'Replace the account''s catalog, users, groups and assignments from an export (owners)')
) AS c (name, description)
ON CONFLICT DO NOTHING;

INSERT INTO operation (account_id, name)
SELECT a.id, c.operation FROM account a CROSS JOIN (VALUES
    ('rbac.account.export'),
    ('rbac.account.import')
) AS c (operation)
ON CONFLICT DO NOTHING;

INSERT INTO permission_operation (account_id, permission, operation)
SELECT a.id, c.permission, c.operation FROM account a CROSS JOIN (VALUES
    ('rbac.account.export', 'rbac.account.export'),
    ('rbac.account.import', 'rbac.account.import')
) AS c (permission, operation)
ON CONFLICT DO NOTHING;
