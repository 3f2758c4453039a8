-- LDAP sync runs that run in the background (issue 6 item 2): what started a run, who asked for
-- it, and how far a running run has got. A run's row is committed as 'running' before its work
-- starts; its final state is written by the run's own transaction (or, when that rolled back,
-- by a short one after it). A 'running' row whose owner no longer holds the account's advisory
-- lock is shown as failed / 'interrupted' (LdapSyncService, SyncLock).

ALTER TABLE ldap_sync_run ADD COLUMN trigger text NOT NULL DEFAULT 'api' CHECK (trigger IN ('api', 'scheduled'));
-- the subject of the API caller that asked for the run; null for scheduled runs
ALTER TABLE ldap_sync_run ADD COLUMN requested_by text;
-- queued, reading, planning, applying, done
ALTER TABLE ldap_sync_run ADD COLUMN phase text NOT NULL DEFAULT 'done'
    CHECK (phase IN ('queued', 'reading', 'planning', 'applying', 'done'));
-- directory entries (users and groups) read so far
ALTER TABLE ldap_sync_run ADD COLUMN entries_read integer NOT NULL DEFAULT 0;

-- the scheduler's and the stale-run fix-up's look-ups
CREATE INDEX ldap_sync_run_running ON ldap_sync_run (account_id) WHERE status = 'running';
