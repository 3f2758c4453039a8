-- Append-only, tamper-evident audit log (issue 3, item 5). One row per change, written in the
-- transaction of the change. Each row's hash is sha-256 over the previous row's hash (of the
-- same account) and the row's canonical JSON, so editing or removing a row breaks the chain
-- from that row on; a trigger refuses UPDATE, DELETE and TRUNCATE so the service itself cannot
-- rewrite history. Rows have no foreign key to account: the log outlives what it describes.

CREATE TABLE audit_log (
    account_id  text        NOT NULL,
    -- 1, 2, 3... per account; the account row lock taken by every write serialises appends.
    seq         bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    -- the token subject that made the change, or system:<source> for identity sources
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target      text        NOT NULL,
    -- canonical JSON (sorted keys) exactly as hashed; NULL when there is no before/after state
    before_json text,
    after_json  text,
    request_id  text,
    -- the account's revision written by this change
    revision    bigint      NOT NULL,
    prev_hash   text        NOT NULL,
    hash        text        NOT NULL,
    PRIMARY KEY (account_id, seq)
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Accounts created before the built-in rbac.* catalog existed get it now (issue 3 item 1): the
-- admin API is authorized by these permissions, and an owner's '*' grant covers them only once
-- they are rows of the account. Same content as dev.rolegate.policy.AdminCatalog.
INSERT INTO permission (account_id, name, description)
SELECT a.id, c.name, c.description FROM account a CROSS JOIN (VALUES
    ('rbac.account.read', 'Read the account'),
    ('rbac.roles.read', 'Read roles and the permission catalog'),
    ('rbac.roles.write', 'Create, change and delete roles and permissions'),
    ('rbac.users.read', 'Read users, groups, members and assignments'),
    ('rbac.users.write', 'Create, change and delete users'),
    ('rbac.groups.write', 'Create, change and delete groups and their members'),
    ('rbac.assignments.write', 'Assign and revoke roles of users and groups'),
    ('rbac.breakglass.write', 'Grant time-boxed emergency role assignments (owners)'),
    ('rbac.audit.read', 'Read and verify the audit log'),
    ('rbac.sso.write', 'Configure SAML single sign-on'),
    ('rbac.directory.write', 'Configure and run LDAP directory sync')
) AS c (name, description)
ON CONFLICT DO NOTHING;

INSERT INTO operation (account_id, name)
SELECT a.id, c.operation FROM account a CROSS JOIN (VALUES
    ('rbac.account.get'),
    ('rbac.roles.list'),
    ('rbac.roles.get'),
    ('rbac.permissions.list'),
    ('rbac.permissions.get'),
    ('rbac.roles.put'),
    ('rbac.roles.delete'),
    ('rbac.permissions.put'),
    ('rbac.permissions.delete'),
    ('rbac.users.list'),
    ('rbac.users.get'),
    ('rbac.users.roles.list'),
    ('rbac.users.roles.get'),
    ('rbac.groups.list'),
    ('rbac.groups.get'),
    ('rbac.groups.members.list'),
    ('rbac.groups.members.get'),
    ('rbac.groups.roles.list'),
    ('rbac.groups.roles.get'),
    ('rbac.users.put'),
    ('rbac.users.delete'),
    ('rbac.groups.put'),
    ('rbac.groups.delete'),
    ('rbac.groups.members.put'),
    ('rbac.groups.members.delete'),
    ('rbac.users.roles.put'),
    ('rbac.users.roles.delete'),
    ('rbac.groups.roles.put'),
    ('rbac.groups.roles.delete'),
    ('rbac.breakglass.put'),
    ('rbac.audit.list'),
    ('rbac.audit.verify'),
    ('rbac.sso.put'),
    ('rbac.sso.delete'),
    ('rbac.directory.put'),
    ('rbac.directory.delete'),
    ('rbac.directory.sync')
) AS c (operation)
ON CONFLICT DO NOTHING;

INSERT INTO permission_operation (account_id, permission, operation)
SELECT a.id, c.permission, c.operation FROM account a CROSS JOIN (VALUES
    ('rbac.account.read', 'rbac.account.get'),
    ('rbac.roles.read', 'rbac.roles.list'),
    ('rbac.roles.read', 'rbac.roles.get'),
    ('rbac.roles.read', 'rbac.permissions.list'),
    ('rbac.roles.read', 'rbac.permissions.get'),
    ('rbac.roles.write', 'rbac.roles.put'),
    ('rbac.roles.write', 'rbac.roles.delete'),
    ('rbac.roles.write', 'rbac.permissions.put'),
    ('rbac.roles.write', 'rbac.permissions.delete'),
    ('rbac.users.read', 'rbac.users.list'),
    ('rbac.users.read', 'rbac.users.get'),
    ('rbac.users.read', 'rbac.users.roles.list'),
    ('rbac.users.read', 'rbac.users.roles.get'),
    ('rbac.users.read', 'rbac.groups.list'),
    ('rbac.users.read', 'rbac.groups.get'),
    ('rbac.users.read', 'rbac.groups.members.list'),
    ('rbac.users.read', 'rbac.groups.members.get'),
    ('rbac.users.read', 'rbac.groups.roles.list'),
    ('rbac.users.read', 'rbac.groups.roles.get'),
    ('rbac.users.write', 'rbac.users.put'),
    ('rbac.users.write', 'rbac.users.delete'),
    ('rbac.groups.write', 'rbac.groups.put'),
    ('rbac.groups.write', 'rbac.groups.delete'),
    ('rbac.groups.write', 'rbac.groups.members.put'),
    ('rbac.groups.write', 'rbac.groups.members.delete'),
    ('rbac.assignments.write', 'rbac.users.roles.put'),
    ('rbac.assignments.write', 'rbac.users.roles.delete'),
    ('rbac.assignments.write', 'rbac.groups.roles.put'),
    ('rbac.assignments.write', 'rbac.groups.roles.delete'),
    ('rbac.breakglass.write', 'rbac.breakglass.put'),
    ('rbac.audit.read', 'rbac.audit.list'),
    ('rbac.audit.read', 'rbac.audit.verify'),
    ('rbac.sso.write', 'rbac.sso.put'),
    ('rbac.sso.write', 'rbac.sso.delete'),
    ('rbac.directory.write', 'rbac.directory.put'),
    ('rbac.directory.write', 'rbac.directory.delete'),
    ('rbac.directory.write', 'rbac.directory.sync')
) AS c (permission, operation)
ON CONFLICT DO NOTHING;
