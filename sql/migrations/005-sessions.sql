-- 005: the sessions and campuses actions. delete_campus asks whether a
-- session category still names the campus (session_category.access_url_id,
-- a foreign key): an index instead of a scan of the categories.
CREATE INDEX IF NOT EXISTS session_category__access_url_id ON session_category (access_url_id);
