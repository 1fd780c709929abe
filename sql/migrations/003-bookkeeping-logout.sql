-- 003: when each user last logged out, to the microsecond. The visits that
-- the bookkeeping writes behind the answers (bookkeeping_flush_ms) are
-- compared with it, so that a visit made before a logout never puts the
-- user back online after the logout deleted the online row, as PHP's order
-- (visit, then logout) leaves it; a visit made after it does
-- (lib/api/bookkeeping.c). Written by logout; not a Chamilo table, and
-- nothing but the bookkeeping reads it.
CREATE TABLE bookkeeping_logout (
    user_id       integer PRIMARY KEY,
    logged_out_at timestamp NOT NULL
);
