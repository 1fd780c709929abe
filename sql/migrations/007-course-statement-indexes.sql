-- 007: an index that the course statements need on a large campus, where
-- they read a whole table without it (t/e2e/scale/test_statement_plans.py
-- checks the generic plan of every statement on a generated campus).

-- delete_course: who is online inside the deleted course. Most rows have
-- c_id 0 (a user outside any course: every call through this API), so an
-- index on every row's c_id tells a generic plan nothing; this one holds
-- only the rows inside a course, and the statement names its predicate.
CREATE INDEX IF NOT EXISTS track_e_online__c_id_in_course
    ON track_e_online (c_id) WHERE c_id <> 0;
