-- SAML single sign-on (issue 5): per-account IdP configuration, the SP's memory of
-- outstanding AuthnRequests and consumed assertion IDs (shared by every replica), one-time
-- login codes, and the key that signs session JWTs for the apps.

CREATE TABLE saml_config (
    account_id             text        PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    -- The IdP metadata as uploaded; parsed again (IdpMetadata.parse) whenever it is used.
    idp_metadata_xml       text        NOT NULL,
    idp_entity_id          text        NOT NULL,
    email_attribute        text,
    display_name_attribute text,
    groups_attribute       text,
    -- JSON validated into records by the service: {"group": ["role", ...]} and ["role", ...].
    group_roles            text        NOT NULL DEFAULT '{}',
    default_roles          text        NOT NULL DEFAULT '[]',
    jit_provisioning       boolean     NOT NULL DEFAULT false,
    allow_idp_initiated    boolean     NOT NULL DEFAULT false,
    allow_sha1             boolean     NOT NULL DEFAULT false,
    redirect_urls          text        NOT NULL DEFAULT '[]',
    updated_at             timestamptz NOT NULL DEFAULT now()
);

-- AuthnRequests awaiting an answer (InResponseTo); a row is deleted when its answer is accepted.
CREATE TABLE saml_request (
    account_id  text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    request_id  text        NOT NULL,
    -- Where the browser goes after login: one of the account's redirect URLs.
    target      text        NOT NULL,
    -- SHA-256 (hex) of the nonce in the cookie set at /login: only the browser that started the
    -- login can complete it (login CSRF).
    browser_binding text    NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (account_id, request_id)
);
CREATE INDEX saml_request_expiry ON saml_request (expires_at);

-- Assertion IDs already consumed: one-time use across all replicas (Profiles §4.1.4.5).
CREATE TABLE saml_assertion_use (
    account_id   text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    assertion_id text        NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (account_id, assertion_id)
);
CREATE INDEX saml_assertion_use_expiry ON saml_assertion_use (expires_at);

-- One-time login codes handed to the app through the browser; only a SHA-256 of the code is kept.
CREATE TABLE sso_code (
    account_id         text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    code_hash          text        NOT NULL,
    user_id            text        NOT NULL,
    -- The IdP's SessionNotOnOrAfter, if it sent one: the session JWT never outlives it.
    session_not_after  timestamptz,
    expires_at         timestamptz NOT NULL,
    PRIMARY KEY (account_id, code_hash),
    FOREIGN KEY (account_id, user_id) REFERENCES app_user (account_id, id) ON DELETE CASCADE
);
CREATE INDEX sso_code_expiry ON sso_code (expires_at);

-- The service's keys for signing session JWTs, shared by every replica; not per account
-- (the JWKS is one document). The first replica to start generates one; the unique purpose
-- makes concurrent first starts agree on one key. The private key is PKCS#8 DER, AES-GCM
-- encrypted when rolegate.sso.key-encryption-key is set (KeySealer), else in the clear.
CREATE TABLE sso_signing_key (
    kid          text        PRIMARY KEY,
    purpose      text        NOT NULL UNIQUE,
    private_key  bytea       NOT NULL,
    public_key   bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The account's SP key pairs for decrypting EncryptedAssertions: generated with the first SAML
-- configuration, the certificate published in the SP metadata. Several rows = rollover (all
-- are tried). Private keys are stored like the session key's.
CREATE TABLE saml_sp_key (
    account_id   text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    kid          text        NOT NULL,
    private_key  bytea       NOT NULL,
    certificate  bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, kid)
);
