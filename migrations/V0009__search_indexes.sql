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

-- How many users and groups each account has, kept by statement-level triggers, so that the
-- total of an unfiltered users or groups list (issue 13 item 2) is one row read, not a count of a
-- million index entries on every page. Triggers with transition tables fire once per statement
-- (an LDAP sync's bulk insert, a COPY), and every write already holds the account row lock, so
-- they add no contention. A filtered list still counts its matches.
CREATE TABLE account_size (
    account_id text   PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    users      bigint NOT NULL DEFAULT 0,
    groups     bigint NOT NULL DEFAULT 0
);

INSERT INTO account_size (account_id, users, groups)
SELECT a.id, (SELECT count(*) FROM app_user u WHERE u.account_id = a.id),
       (SELECT count(*) FROM user_group g WHERE g.account_id = a.id)
FROM account a;

CREATE FUNCTION account_size_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO account_size AS s (account_id, users, groups)
        SELECT account_id, CASE WHEN TG_TABLE_NAME = 'app_user' THEN count(*) ELSE 0 END,
               CASE WHEN TG_TABLE_NAME = 'user_group' THEN count(*) ELSE 0 END
        FROM changed GROUP BY account_id
        ON CONFLICT (account_id) DO UPDATE SET users = s.users + EXCLUDED.users, groups = s.groups + EXCLUDED.groups;
    ELSE
        -- an update only: when the account itself goes, its size row may already be gone
        UPDATE account_size s SET users = s.users - CASE WHEN TG_TABLE_NAME = 'app_user' THEN d.n ELSE 0 END,
                                  groups = s.groups - CASE WHEN TG_TABLE_NAME = 'user_group' THEN d.n ELSE 0 END
        FROM (SELECT account_id, count(*) AS n FROM changed GROUP BY account_id) d
        WHERE s.account_id = d.account_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER app_user_size_insert AFTER INSERT ON app_user REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION account_size_count();
CREATE TRIGGER app_user_size_delete AFTER DELETE ON app_user REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION account_size_count();
CREATE TRIGGER user_group_size_insert AFTER INSERT ON user_group REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION account_size_count();
CREATE TRIGGER user_group_size_delete AFTER DELETE ON user_group REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION account_size_count();

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
