-- LDAP / Active Directory sync (issue 6): per-account connection settings and the record of
-- every sync run.

-- The DN an LDAP user or group was last seen at (display and rename detection only: identity
-- is the stable id in external_id).
ALTER TABLE app_user ADD COLUMN external_dn text;
ALTER TABLE user_group ADD COLUMN external_dn text;

CREATE TABLE ldap_settings (
    account_id     text        PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    -- The settings as the PUT body names them (issue 6 item 1), without the bind password;
    -- validated into LdapSettings whenever they are used.
    settings_json  text        NOT NULL,
    -- The bind password, AES-256-GCM sealed under rolegate.sso.key-encryption-key (KeySealer,
    -- associated data "ldap-bind:<account>"); never returned, never logged.
    bind_password  bytea       NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ldap_sync_run (
    account_id           text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    id                   text        NOT NULL,
    mode                 text        NOT NULL CHECK (mode IN ('full', 'incremental')),
    dry_run              boolean     NOT NULL,
    status               text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'aborted')),
    users_created        integer     NOT NULL DEFAULT 0,
    users_updated        integer     NOT NULL DEFAULT 0,
    users_deprovisioned  integer     NOT NULL DEFAULT 0,
    groups_created       integer     NOT NULL DEFAULT 0,
    groups_updated       integer     NOT NULL DEFAULT 0,
    groups_removed       integer     NOT NULL DEFAULT 0,
    assignments_added    integer     NOT NULL DEFAULT 0,
    assignments_removed  integer     NOT NULL DEFAULT 0,
    error                text,
    started_at           timestamptz NOT NULL,
    finished_at          timestamptz,
    -- The directory's high watermark after a succeeded non-dry run: where the next
    -- incremental run starts (JSON: kind, value, boundaryIds).
    watermark            text,
    PRIMARY KEY (account_id, id)
);
CREATE INDEX ldap_sync_run_recent ON ldap_sync_run (account_id, started_at DESC);
