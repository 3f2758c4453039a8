-- SCIM 2.0 provisioning, the admin side (issue 15 items 2 and 3): the bearer tokens an IdP
-- (Okta, Entra ID) presents at /scim/v2/{account}, and the account's SCIM settings.
--
-- A token is rgscim_<id>_<secret>; the row keeps only the SHA-256 of the whole token (a token of
-- 32 random bytes needs no slow hash) and is found by (account_id, id), both taken from the path
-- and the token, so a token of another account finds nothing. Revoking deletes the row, and every
-- request reads it again (no cache): a revocation holds on every replica at once. At most two
-- tokens per account at a time (rotation), counted under the account row lock.
CREATE TABLE scim_token (
    account_id   text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    -- 12 lowercase base32 characters, random
    id           text        NOT NULL,
    -- SHA-256 of the whole token as presented (32 bytes); never the token
    token_hash   bytea       NOT NULL CHECK (octet_length(token_hash) = 32),
    created_at   timestamptz NOT NULL,
    -- the admin who created it (the audit entry names them too)
    created_by   text        NOT NULL,
    -- updated at most once a minute by authentication
    last_used_at timestamptz,
    PRIMARY KEY (account_id, id)
);

-- One row per account, written through the unit of work (change kind scim_settings, key
-- directory:scim, audit action scim.settings.*). Roles brought by SCIM are assigned with source
-- scim.
CREATE TABLE scim_settings (
    account_id          text        PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    -- JSON object: group displayName (as the IdP pushes it) → list of role names; at most 1000 keys
    group_roles         text        NOT NULL DEFAULT '{}',
    -- JSON array of role names every SCIM user holds
    default_roles       text        NOT NULL DEFAULT '[]',
    link_existing_users boolean     NOT NULL DEFAULT false,
    updated_at          timestamptz NOT NULL
);

-- Five new operations of the built-in rbac.directory.write (SCIM is a directory source like LDAP;
-- reading the settings needs the permission to write them, as for LDAP: they decide who gets
-- which role). Accounts created before them get them now, like V0010 and V0012 did. Same
-- content as policies/builtin/rbac.yaml.
INSERT INTO operation (account_id, name)
SELECT a.id, c.operation FROM account a CROSS JOIN (VALUES
    ('rbac.scim.read'),
    ('rbac.scim.put'),
    ('rbac.scim.tokens.create'),
    ('rbac.scim.tokens.read'),
    ('rbac.scim.tokens.revoke')
) AS c (operation)
ON CONFLICT DO NOTHING;

INSERT INTO permission_operation (account_id, permission, operation)
SELECT p.account_id, c.permission, c.operation FROM permission p JOIN (VALUES
    ('rbac.directory.write', 'rbac.scim.read'),
    ('rbac.directory.write', 'rbac.scim.put'),
    ('rbac.directory.write', 'rbac.scim.tokens.create'),
    ('rbac.directory.write', 'rbac.scim.tokens.read'),
    ('rbac.directory.write', 'rbac.scim.tokens.revoke')
) AS c (permission, operation) ON c.permission = p.name
ON CONFLICT DO NOTHING;
