-- 008: where chamilo-fcgi-follow stands in a live campus's MariaDB binlog
-- (docs/live-campus.md). One row, written in the same transaction as each
-- MariaDB transaction it applies, so that a restart resumes exactly there.
--   gtid_pos          MariaDB's GTID list applied (domain-server-sequence, ...)
--   source_commit_at  MariaDB's commit time of the last transaction applied
--                     (the binlog's event time, to the second)
--   applied_at        when that transaction was committed here
--   caught_up_at      the last time the follower had applied everything
--                     MariaDB had written (refreshed while the binlog is idle)
--   rejected_rows     rows left out, as the import leaves them out (logged)
-- The lag: now() - caught_up_at while idle, applied_at - source_commit_at
-- while busy.
CREATE TABLE IF NOT EXISTS live_follow_state (
    singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    gtid_pos         text        NOT NULL,
    source_commit_at timestamptz,
    applied_at       timestamptz NOT NULL DEFAULT now(),
    caught_up_at     timestamptz,
    rejected_rows    bigint      NOT NULL DEFAULT 0
);
