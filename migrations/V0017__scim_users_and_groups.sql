-- SCIM 2.0 provisioning (issue 15): a third identity source beside SAML and LDAP. SCIM users and
-- groups are Rolegate users and groups (source 'scim'); these tables keep what SCIM adds to them:
-- the service provider's stable `id` (RFC 7643 §3.1, unchanged when `userName` is renamed), the
-- IdP's `externalId`, the attributes Rolegate keeps, and the resource version (meta.version).

ALTER TABLE app_user DROP CONSTRAINT app_user_source_check,
    ADD CONSTRAINT app_user_source_check CHECK (source IN ('local', 'saml', 'ldap', 'scim'));
ALTER TABLE user_group DROP CONSTRAINT user_group_source_check,
    ADD CONSTRAINT user_group_source_check CHECK (source IN ('local', 'saml', 'ldap', 'scim'));
ALTER TABLE user_role DROP CONSTRAINT user_role_source_check,
    ADD CONSTRAINT user_role_source_check CHECK (source IN ('manual', 'saml', 'ldap', 'template', 'scim'));
ALTER TABLE group_role DROP CONSTRAINT group_role_source_check,
    ADD CONSTRAINT group_role_source_check CHECK (source IN ('manual', 'saml', 'ldap', 'template', 'scim'));

CREATE TABLE scim_user (
    account_id  text        NOT NULL,
    -- the SCIM id this service gave the resource (a UUID)
    id          text        NOT NULL,
    -- the Rolegate user: app_user.id is the userName; a linked user keeps its own source
    user_id     text        NOT NULL,
    user_name   text        NOT NULL,
    external_id text,
    active      boolean     NOT NULL DEFAULT true,
    -- the kept attributes, as SCIM JSON (never a password)
    resource    jsonb       NOT NULL,
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (account_id, id),
    UNIQUE (account_id, user_id),
    FOREIGN KEY (account_id, user_id) REFERENCES app_user (account_id, id) ON DELETE CASCADE
);
-- userName is unique and compared without case (RFC 7643 §4.1.1, caseExact false)
CREATE UNIQUE INDEX scim_user_user_name ON scim_user (account_id, lower(user_name));
CREATE INDEX scim_user_external_id ON scim_user (account_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE scim_group (
    account_id   text        NOT NULL,
    id           text        NOT NULL,
    group_id     text        NOT NULL,
    display_name text        NOT NULL,
    external_id  text,
    version      bigint      NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (account_id, id),
    UNIQUE (account_id, group_id),
    FOREIGN KEY (account_id, group_id) REFERENCES user_group (account_id, id) ON DELETE CASCADE
);
CREATE INDEX scim_group_display_name ON scim_group (account_id, lower(display_name));
