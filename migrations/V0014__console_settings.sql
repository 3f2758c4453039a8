-- The console's account settings (issue 14 item 3): the origins allowed to embed the console in
-- an iframe (Content-Security-Policy frame-ancestors; none until set, never a wildcard), and the
-- account's brand: a colour (#rrggbb) and a small raster logo. One row per account, written
-- through the unit of work (change kind console_settings, audit action console.settings.*).
CREATE TABLE console_settings (
    account_id       text        PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    -- exact origins (scheme://host[:port]), at most 10
    frame_ancestors  text[]      NOT NULL DEFAULT '{}',
    brand_color      text,
    -- the logo's bytes and their media type (image/png, image/jpeg or image/webp), at most 32 KiB
    logo             bytea,
    logo_media_type  text,
    updated_at       timestamptz NOT NULL,
    CHECK ((logo IS NULL) = (logo_media_type IS NULL))
);

-- Reading them is authorized by rbac.account.read; changing them by a new built-in permission,
-- rbac.console.write, which an owner's '*' grant covers once it is a row of the account (as V0006
-- did for export and import); the template admin role does not get it: where the console may be
-- framed is the owner's (or the vendor's platform token's) decision. Same content as
-- policies/builtin/rbac.yaml.
INSERT INTO permission (account_id, name, description)
SELECT a.id, 'rbac.console.write', 'Set where the console may be embedded, and its brand (owners)' FROM account a
ON CONFLICT DO NOTHING;

INSERT INTO operation (account_id, name)
SELECT a.id, c.operation FROM account a CROSS JOIN (VALUES
    ('rbac.console.settings.get'),
    ('rbac.console.settings.put')
) AS c (operation)
ON CONFLICT DO NOTHING;

INSERT INTO permission_operation (account_id, permission, operation)
SELECT p.account_id, c.permission, c.operation FROM permission p JOIN (VALUES
    ('rbac.account.read', 'rbac.console.settings.get'),
    ('rbac.console.write', 'rbac.console.settings.put')
) AS c (permission, operation) ON c.permission = p.name
ON CONFLICT DO NOTHING;
