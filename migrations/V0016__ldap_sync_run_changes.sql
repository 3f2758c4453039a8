-- What a sync run changed (an applied run) or would change (a dry run), so that the console can
-- list it under the run (issue 14, directory screen): JSON {"total": n, "items": [{"kind",
-- "subject", "detail"}, ...]}, at most 500 items (total counts them all). For an aborted run, what
-- it would have changed had its safety rule let it (it changed nothing). Null for runs recorded
-- before this column, and for failed runs. Never a secret:
-- only user ids, group names, DNs and role names, as the audit log holds them.
ALTER TABLE ldap_sync_run ADD COLUMN changes text;
