-- The change feed (issue 12 item 6): one record per committed account revision, written by the
-- unit of work in the transaction of the change, so an account's records have no gap. `changes`
-- is the JSON array of the revision's change items ({kind, op, key, before, after}, in the
-- admin API's wire shapes, never a secret), kept as text: the feed serves it as it is.
-- Records older than rolegate.changes.retention are pruned, oldest first per account, so
-- the kept records of an account are always one unbroken run up to its newest.
-- Revisions written before this migration have no record: the feed answers 410
-- changes_expired for them, and a reader starts from an export instead.

CREATE TABLE change_record (
    account_id  text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    revision    bigint      NOT NULL,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    request_id  text,
    changes     text        NOT NULL,
    PRIMARY KEY (account_id, revision)
);

CREATE INDEX change_record_at ON change_record (at);
