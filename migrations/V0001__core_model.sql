-- Core RBAC model (DESIGN.md §1). Every key leads with account_id so the schema can be
-- distributed by account (Citus) and every query is scoped by it.

CREATE TABLE account (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    template    text        NOT NULL,
    -- Bumped by every write in the same transaction; the consistency token of checks.
    revision    bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE permission (
    account_id  text NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    PRIMARY KEY (account_id, name)
);

CREATE TABLE operation (
    account_id  text NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name        text NOT NULL,
    PRIMARY KEY (account_id, name)
);

-- Which permissions enable an operation: an operation requires every permission listing it.
CREATE TABLE permission_operation (
    account_id  text NOT NULL,
    permission  text NOT NULL,
    operation   text NOT NULL,
    PRIMARY KEY (account_id, permission, operation),
    FOREIGN KEY (account_id, permission) REFERENCES permission (account_id, name) ON DELETE CASCADE,
    FOREIGN KEY (account_id, operation) REFERENCES operation (account_id, name) ON DELETE CASCADE
);
CREATE INDEX permission_operation_by_operation ON permission_operation (account_id, operation);

CREATE TABLE role (
    account_id  text NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    PRIMARY KEY (account_id, name)
);

-- A grant names a permission or a wildcard (report.*, *), so it has no foreign key to
-- permission; the service validates it against the catalog on write.
CREATE TABLE role_grant (
    account_id  text NOT NULL,
    role        text NOT NULL,
    grant_name  text NOT NULL,
    PRIMARY KEY (account_id, role, grant_name),
    FOREIGN KEY (account_id, role) REFERENCES role (account_id, name) ON DELETE CASCADE
);

CREATE TABLE role_inheritance (
    account_id  text NOT NULL,
    role        text NOT NULL,
    inherits    text NOT NULL,
    PRIMARY KEY (account_id, role, inherits),
    FOREIGN KEY (account_id, role) REFERENCES role (account_id, name) ON DELETE CASCADE,
    FOREIGN KEY (account_id, inherits) REFERENCES role (account_id, name)
);
CREATE INDEX role_inheritance_by_parent ON role_inheritance (account_id, inherits);

CREATE TABLE app_user (
    account_id   text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    id           text        NOT NULL,
    email        text,
    display_name text,
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    source       text        NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'saml', 'ldap')),
    -- The identity source's stable id: (IdP entityID, NameID) for SAML, entryUUID/objectGUID for LDAP.
    external_id  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, id)
);
CREATE UNIQUE INDEX app_user_external ON app_user (account_id, source, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE user_group (
    account_id   text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    id           text        NOT NULL,
    display_name text,
    source       text        NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'saml', 'ldap')),
    external_id  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, id)
);
CREATE UNIQUE INDEX user_group_external ON user_group (account_id, source, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE group_member (
    account_id  text NOT NULL,
    group_id    text NOT NULL,
    user_id     text NOT NULL,
    PRIMARY KEY (account_id, group_id, user_id),
    FOREIGN KEY (account_id, group_id) REFERENCES user_group (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, user_id) REFERENCES app_user (account_id, id) ON DELETE CASCADE
);
CREATE INDEX group_member_by_user ON group_member (account_id, user_id);

-- Assignments keep their source: a source only ever adds or removes its own, so the same
-- user may hold one role both by hand and from LDAP (two rows).
CREATE TABLE user_role (
    account_id  text        NOT NULL,
    user_id     text        NOT NULL,
    role        text        NOT NULL,
    source      text        NOT NULL CHECK (source IN ('manual', 'saml', 'ldap', 'template')),
    valid_from  timestamptz,
    expires_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, user_id, role, source),
    FOREIGN KEY (account_id, user_id) REFERENCES app_user (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, role) REFERENCES role (account_id, name),
    CHECK (expires_at IS NULL OR valid_from IS NULL OR expires_at > valid_from)
);
CREATE INDEX user_role_by_role ON user_role (account_id, role);

CREATE TABLE group_role (
    account_id  text        NOT NULL,
    group_id    text        NOT NULL,
    role        text        NOT NULL,
    source      text        NOT NULL CHECK (source IN ('manual', 'saml', 'ldap', 'template')),
    valid_from  timestamptz,
    expires_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, group_id, role, source),
    FOREIGN KEY (account_id, group_id) REFERENCES user_group (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, role) REFERENCES role (account_id, name),
    CHECK (expires_at IS NULL OR valid_from IS NULL OR expires_at > valid_from)
);
CREATE INDEX group_role_by_role ON group_role (account_id, role);
