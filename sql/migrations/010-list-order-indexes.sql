-- 010: indexes that give two lists their answer's order on a large campus
-- (the campus of `make bench-data`, 100,000 users).

-- get_users (lib/actions/users/get_users.c), one campus: the users of a
-- status, or every user, in the answer's order (lower(firstname) NULLS
-- FIRST, then id) with the answer's columns inside the index. The list is
-- read by an index-only scan in order, with no sort: its first row is sent
-- at once however many users there are, and the pages of "user" are not
-- visited (only rows changed since the last vacuum are looked up in the
-- table).
CREATE INDEX IF NOT EXISTS user__status_firstname_list
    ON "user" (status, lower(firstname) NULLS FIRST, id)
    INCLUDE (firstname, lastname, email, username, active);
CREATE INDEX IF NOT EXISTS user__firstname_list
    ON "user" (lower(firstname) NULLS FIRST, id)
    INCLUDE (firstname, lastname, email, username, active);

-- get_audit_items with a user: the user's events of a type in the answer's
-- order (lib/actions/groups/get_audit_items.c), so that a page is the
-- first rows of one index range, not every event of the user read and
-- sorted. Nothing else reads track_e_default by user, so it replaces the
-- index on (default_user_id, default_date): every call's event row still
-- goes into as many indexes.
CREATE INDEX IF NOT EXISTS track_e_default__user_event_type_date
    ON track_e_default (default_user_id, lower(default_event_type),
                        default_date DESC NULLS LAST, default_id);
DROP INDEX IF EXISTS track_e_default__default_user_id_default_date;
