-- Append-only, tamper-evident audit log (issue 3, item 5). One row per change, written in the
-- transaction of the change. Each row's hash is sha-256 over the previous row's hash (of the
-- same account) and the row's canonical JSON, so editing or removing a row breaks the chain
-- from that row on; a trigger refuses UPDATE, DELETE and TRUNCATE so the service itself cannot
-- rewrite history. Rows have no foreign key to account: the log outlives what it describes.

CREATE TABLE audit_log (
    account_id  text        NOT NULL,
    -- 1, 2, 3... per account; the account row lock taken by every write serialises appends.
    seq         bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    -- the token subject that made the change, or system:<source> for identity sources
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target      text        NOT NULL,
    -- canonical JSON (sorted keys) exactly as hashed; NULL when there is no before/after state
    before_json text,
    after_json  text,
    request_id  text,
    -- the account's revision written by this change
    revision    bigint      NOT NULL,
    prev_hash   text        NOT NULL,
    hash        text        NOT NULL,
    PRIMARY KEY (account_id, seq)
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
