-- Search and keyset paging of the settings page (issue 13 items 2 and 7).
--
-- Prefix search (?q=) is case-insensitive: the lists compare lower(column) COLLATE "C" against a
-- range [prefix, prefix with its last character incremented) (platform.PagedQuery), which a btree
-- on the same expression answers whatever the database's collation, and also under a generic
-- plan of a prepared statement (a LIKE 'p%' on a parameter is not). Each index leads with
-- account_id like every key (DESIGN.md §6). Keyset order stays the primary key's.

CREATE INDEX app_user_search_id ON app_user (account_id, (lower(id) COLLATE "C"));
CREATE INDEX app_user_search_email ON app_user (account_id, (lower(email) COLLATE "C"));
CREATE INDEX app_user_search_display_name ON app_user (account_id, (lower(display_name) COLLATE "C"));

CREATE INDEX user_group_search_id ON user_group (account_id, (lower(id) COLLATE "C"));
CREATE INDEX user_group_search_display_name ON user_group (account_id, (lower(display_name) COLLATE "C"));

CREATE INDEX role_search_name ON role (account_id, (lower(name) COLLATE "C"));
CREATE INDEX role_search_description ON role (account_id, (lower(description) COLLATE "C"));

-- the audit log's filters, each in the order of the log (seq) so a filtered page is a range scan
CREATE INDEX audit_log_by_actor ON audit_log (account_id, actor, seq);
CREATE INDEX audit_log_by_action ON audit_log (account_id, action, seq);
CREATE INDEX audit_log_by_target ON audit_log (account_id, (target COLLATE "C"), seq);
CREATE INDEX audit_log_by_time ON audit_log (account_id, occurred_at);

-- Two new admin operations (role members, audit export), covered by the built-in permissions
-- that read what they show; accounts created before them get them now, like V0006 did, where
-- the account holds the covering permission (an account written by an old release may not).
-- Same content as policies/builtin/rbac.yaml.
INSERT INTO operation (account_id, name)
SELECT p.account_id, c.operation FROM permission p JOIN (VALUES
    ('rbac.users.read', 'rbac.roles.members.list'),
    ('rbac.audit.read', 'rbac.audit.export')
) AS c (permission, operation) ON c.permission = p.name
ON CONFLICT DO NOTHING;

INSERT INTO permission_operation (account_id, permission, operation)
SELECT p.account_id, c.permission, c.operation FROM permission p JOIN (VALUES
    ('rbac.users.read', 'rbac.roles.members.list'),
    ('rbac.audit.read', 'rbac.audit.export')
) AS c (permission, operation) ON c.permission = p.name
ON CONFLICT DO NOTHING;
