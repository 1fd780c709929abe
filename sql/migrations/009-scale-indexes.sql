-- 009: indexes that statements need on a large campus (`make bench-actions`
-- on the campus of `make bench-data`, 100,000 users).

-- message_users, the whole campus searched: a trigram index over the text
-- a user is searched by (first name, last name, e-mail and username
-- joined), so that a search for a rare string reads the few users who match
-- instead of every user (lib/actions/messages/message_users.c names the
-- same expression). pg_trgm is a trusted extension (PostgreSQL 13+): the
-- database's owner creates it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS user__search_text_trgm ON "user" USING gin
    ((coalesce(firstname, '') || ' ' || coalesce(lastname, '') || ' ' || email || ' ' || username)
     gin_trgm_ops);

-- get_session_from_extra_field, get_session_info_from_extra_field: the
-- value compared as MySQL compares it (case and trailing spaces ignored);
-- without it, every value of the field was read (0.3-0.5 s).
CREATE INDEX IF NOT EXISTS extra_field_values__field_id_lower_rtrim_value
    ON extra_field_values (field_id, lower(rtrim(value)));

-- get_test_updates_list: each quiz's latest attempt, one index probe
-- (without it, every attempt at the quiz was read and sorted).
CREATE INDEX IF NOT EXISTS track_e_exercises__exe_exo_id_start_date
    ON track_e_exercises (exe_exo_id, start_date DESC, exe_id DESC);

-- A course's members by status, with the user and the relation in the
-- index itself: the course's students (1,500 on a large course) counted or
-- listed without a visit to each one's row (course_works, get_work_*,
-- get_users_subscribed_to_course, course_agenda): an index-only scan where
-- (c_id, status) alone read 1,500 scattered rows. It replaces that index.
CREATE INDEX IF NOT EXISTS course_rel_user__c_id_status_members
    ON course_rel_user (c_id, status) INCLUDE (user_id, relation_type);
DROP INDEX IF EXISTS course_rel_user__c_id_status;
