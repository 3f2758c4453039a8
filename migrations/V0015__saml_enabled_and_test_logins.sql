-- Single sign-on from the console (issue 14): an on/off switch for SAML logins to the
-- application, what each outstanding AuthnRequest is for, and the results of test logins.

-- A configuration can be stored and tested before it is turned on. Existing configurations
-- were in use, so they stay on.
ALTER TABLE saml_config ADD COLUMN enabled boolean NOT NULL DEFAULT true;

-- What an AuthnRequest was started for: 'app' (a login code for the application), 'console'
-- (a console session for an admin of the account) or 'test' (a test login that provisions
-- nothing). The ACS acts on the purpose of the request it answers, never on anything in the
-- response, so one kind of login can never be turned into another.
ALTER TABLE saml_request ADD COLUMN purpose text NOT NULL DEFAULT 'app'
    CHECK (purpose IN ('app', 'console', 'test'));
-- For a test login: SHA-256 (hex) of the anti-CSRF token of the console session that started
-- it; only that session may read the result.
ALTER TABLE saml_request ADD COLUMN console_binding text;

-- The result of a test login, shown to the console session that started it.
CREATE TABLE saml_test_login (
    account_id      text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    id              text        NOT NULL,
    console_binding text        NOT NULL,
    -- JSON: the NameID, the attributes received, the user and the roles the login would bring.
    result          text        NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (account_id, id)
);
CREATE INDEX saml_test_login_expiry ON saml_test_login (expires_at);
