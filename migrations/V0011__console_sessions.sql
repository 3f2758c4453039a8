-- Console sessions (issue 13 item 8). A vendor's backend asks for a one-time link that opens the
-- console as one admin of the account; opening it turns the link into a session cookie. Both
-- secrets are stored as SHA-256 hex only: a read of these tables yields no usable link or session.
-- The admin's rights are not stored: every console request is authorized as that admin, by the
-- engine, at the time of the request. A secret is found by its hash alone, so that a session
-- presented on another account's path is recognised (and answered 404, never served).
CREATE TABLE console_link (
    account_id  text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    link_hash   text        NOT NULL,
    admin_id    text        NOT NULL,
    return_url  text,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (link_hash),
    FOREIGN KEY (account_id, admin_id) REFERENCES app_user (account_id, id) ON DELETE CASCADE
);
CREATE INDEX console_link_expiry ON console_link (expires_at);

CREATE TABLE console_session (
    account_id    text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    session_hash  text        NOT NULL,
    admin_id      text        NOT NULL,
    -- The anti-CSRF token every unsafe request of the session must carry (header X-CSRF-Token
    -- or form field _csrf); not a secret from the session's own pages, so stored as is.
    csrf_token    text        NOT NULL,
    return_url    text,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    -- The session's end however active it is (rolegate.console.session-max after creation).
    ends_at       timestamptz NOT NULL,
    PRIMARY KEY (session_hash),
    FOREIGN KEY (account_id, admin_id) REFERENCES app_user (account_id, id) ON DELETE CASCADE
);
CREATE INDEX console_session_end ON console_session (ends_at);

-- Opening the console and asking for one's own console link are authorized by rbac.account.read,
-- which every admin role holds: the console itself grants nothing, each of its pages and actions
-- needs the operation of the API call it stands for. Existing accounts get the two operations
-- now, like V0006 did (same content as policies/builtin/rbac.yaml), linked where the account holds
-- rbac.account.read (every account made through the API does).
INSERT INTO operation (account_id, name)
SELECT a.id, c.operation FROM account a CROSS JOIN (VALUES
    ('rbac.console.open'),
    ('rbac.console.sessions.create')
) AS c (operation)
ON CONFLICT DO NOTHING;

INSERT INTO permission_operation (account_id, permission, operation)
SELECT p.account_id, c.permission, c.operation FROM permission p JOIN (VALUES
    ('rbac.account.read', 'rbac.console.open'),
    ('rbac.account.read', 'rbac.console.sessions.create')
) AS c (permission, operation) ON c.permission = p.name
ON CONFLICT DO NOTHING;
