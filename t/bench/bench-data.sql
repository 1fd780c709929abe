-- bench-data.sql - a large campus, generated: loaded after sql/schema.sql,
-- sql/demo.sql and the migrations, on a throwaway database.
--
--   psql -X -q -At -v ON_ERROR_STOP=1 -v scale=1.0 -f t/bench/bench-data.sql
--
-- scale 1.0 is the full campus (100,000 users, 2,000 courses, 500 sessions,
-- about 3,000,000 course memberships, 1,000,000 messages, 10,000,000
-- track_e_* rows); every count is multiplied by scale (at least 1 of each),
-- except the 30 courses per student, courses (never fewer than 2,000),
-- sessions and classes (never fewer than 500): a table of a few pages is
-- read whole whatever its indexes, and a small campus must plan as a large
-- one does. Deterministic: every value is a function of the row's number
-- (no random()), so two runs give the same rows. Generated ids start at
-- 100001, far above the demo campus's, which stays as it is: the tests'
-- users and keys keep working on a generated campus.
--
-- One progress line per table on stdout: table, rows in it, time since the
-- start. The run ends with ANALYZE, so plans read the generated statistics.

SET client_min_messages = warning;
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
-- The rows are consistent by construction: foreign keys are not checked row
-- by row (a superuser's setting; the stack's role is the cluster's owner).
SET session_replication_role = replica;
SELECT set_config('bench.started', clock_timestamp()::text, false) \g /dev/null

CREATE TEMPORARY TABLE bench_size AS
SELECT greatest(1, round(100000 * :scale))::int AS users,
       greatest(2000, round(2000 * :scale))::int AS courses,
       greatest(500, round(500 * :scale))::int AS sessions,
       greatest(500, round(1000 * :scale))::int AS classes,
       greatest(1, round(1000000 * :scale))::int AS messages,
       greatest(1, round(5000000 * :scale))::int AS events,
       greatest(1, round(2000000 * :scale))::int AS accesses,
       greatest(1, round(1000000 * :scale))::int AS course_accesses,
       greatest(1, round(1000000 * :scale))::int AS logins,
       greatest(1, round(500000 * :scale))::int AS attempts;
SELECT users AS n_users, courses AS n_courses, sessions AS n_sessions, classes AS n_classes,
       messages AS n_messages, events AS n_events, accesses AS n_accesses,
       course_accesses AS n_course_accesses, logins AS n_logins, attempts AS n_attempts,
       least(30, courses) AS courses_per_student
  FROM bench_size \gset

-- The progress line of one table.
CREATE FUNCTION pg_temp.progress(t regclass) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %s', t) INTO n;
    RETURN format('bench-data: %-32s %12s rows  %s', t, to_char(n, 'FM999,999,999'),
                  to_char(clock_timestamp() - current_setting('bench.started')::timestamptz,
                          'HH24:MI:SS.MS'));
END
$$;

-- Ids: user 100000 + u (u = 1..users; every 50th a teacher), course
-- 100000 + c, session 100000 + s, class 100000 + k. Sessions are managed
-- by 20 users (session_admin_id), coached by teachers.

-- ----------------------------------------------------------------- users
INSERT INTO "user" (id, username, username_canonical, email, email_canonical, firstname, lastname,
                    password, salt, status, official_code, phone, active, enabled, auth_source,
                    language, registration_date, created_at, updated_at, last_login)
SELECT 100000 + u, 'bench' || u, 'bench' || u, 'bench' || u || '@example.com',
       'bench' || u || '@example.com',
       (ARRAY['Ana','Bruno','Chloé','David','Elena','Farid','Grace','Hugo','Inés','Jonas',
              'Karim','Laura','Marc','Nadia','Oscar','Paula','Quentin','Rosa','Sami','Tania'])
           [1 + u % 20],
       (ARRAY['Martin','García','Müller','Rossi','Dubois','Silva','Kowalski','Novak','Jensen',
              'Petrov','Yilmaz','Smith','López','Moreau','Costa','Fischer','Horvat','Nagy',
              'Popescu','Virtanen'])[1 + (u / 20) % 20] || ' ' || u,
       -- bcrypt of "bench" (cost 4): a valid hash, cheap to check.
       '$2y$04$orCw7KM/KQmPrlG4vtbGF.opj4hR1QKJKDQwAp2kbn3SSUgO6k3UW', '',
       CASE WHEN u % 50 = 0 THEN 1 ELSE 5 END, 'OC' || u, '+34 600 ' || lpad((u % 1000000)::text, 6, '0'),
       CASE WHEN u % 100 = 99 THEN 0 ELSE 1 END, 1, 'platform', 'english',
       timestamp '2024-01-01' + u * interval '5 minutes', timestamp '2024-01-01' + u * interval '5 minutes',
       timestamp '2024-01-01' + u * interval '5 minutes', timestamp '2026-01-01' + (u % 1000) * interval '1 hour'
  FROM generate_series(1, :n_users) u;
INSERT INTO access_url_rel_user (access_url_id, user_id)
SELECT 1, 100000 + u FROM generate_series(1, :n_users) u;
SELECT pg_temp.progress('"user"');

INSERT INTO user_api_key (user_id, api_key, api_service, created_date)
SELECT 100000 + u, md5('bench-key-' || u), 'MsgREST', timestamp '2025-01-01' + u * interval '1 minute'
  FROM generate_series(1, :n_users) u;
SELECT pg_temp.progress('user_api_key');

-- Extra fields: every user has an employee id and a department (the demo's
-- field 24); a tenth have a nickname (field 2).
INSERT INTO extra_field (id, extra_field_type, field_type, variable, display_text, field_order,
                         visible_to_self, visible_to_others, changeable, filter, created_at)
VALUES (100, 1, 1, 'employee_id', 'Employee id', 100, 0, 0, 0, 0, '2026-01-01 00:00:00');
INSERT INTO extra_field_values (field_id, item_id, value, created_at, updated_at)
SELECT 100, 100000 + u, 'E' || lpad(u::text, 7, '0'), timestamp '2026-01-01', timestamp '2026-01-01'
  FROM generate_series(1, :n_users) u
UNION ALL
SELECT 24, 100000 + u,
       (ARRAY['Physics','Chemistry','Biology','History','Law','Economics','Medicine','Music',
              'Mathematics','Philosophy','Languages','Engineering'])[1 + u % 12],
       timestamp '2026-01-01', timestamp '2026-01-01'
  FROM generate_series(1, :n_users) u
UNION ALL
SELECT 2, 100000 + u, 'nick' || u, timestamp '2026-01-01', timestamp '2026-01-01'
  FROM generate_series(10, :n_users, 10) u;
SELECT pg_temp.progress('extra_field_values');

-- Contacts: five friends each (relation type 3 = friend).
INSERT INTO user_rel_user (user_id, friend_user_id, relation_type, last_edit)
SELECT 100000 + u, 100000 + 1 + (u + k * 7919) % :n_users, 3, timestamp '2026-01-01'
  FROM generate_series(1, :n_users) u, generate_series(1, 5) k
 WHERE 1 + (u + k * 7919) % :n_users <> u;
SELECT pg_temp.progress('user_rel_user');

-- ----------------------------------------------------------------- courses
INSERT INTO course (id, title, code, directory, visual_code, course_language, category_code,
                    visibility, show_score, disk_quota, creation_date, subscribe, unsubscribe)
SELECT 100000 + c,
       (ARRAY['Introduction to','Advanced','Applied','History of','Topics in'])[1 + c % 5] || ' ' ||
       (ARRAY['algebra','chemistry','law','music','economics','biology','poetry','statistics'])[1 + (c / 5) % 8]
           || ' ' || c,
       'BENCH' || c, 'BENCH' || c, 'BENCH' || c, 'english', 'BENCHCAT' || (1 + c % 40), 2, 1, 104857600,
       timestamp '2024-01-01' + c * interval '1 hour', 1, 0
  FROM generate_series(1, :n_courses) c;
INSERT INTO access_url_rel_course (c_id, access_url_id)
SELECT 100000 + c, 1 FROM generate_series(1, :n_courses) c;
SELECT pg_temp.progress('course');
-- 40 course categories, a course in each in turn (a campus's catalogue:
-- dozens of categories, whatever its size).
INSERT INTO course_category (name, code, parent_id, tree_pos, children_count, auth_course_child,
                             auth_cat_child)
SELECT 'Bench category ' || k, 'BENCHCAT' || k, NULL, 100 + k, 0, 'TRUE', 'TRUE'
  FROM generate_series(1, 40) k;
SELECT pg_temp.progress('course_category');

-- Memberships: each course has the teacher 50 * (1 + c % teachers); each
-- student follows courses_per_student courses, (7u + k * step) mod courses
-- for k = 0..29: distinct, since step (67, a prime, or 1 when it divides the
-- course count) is prime to the course count and k differs by less than it.
INSERT INTO course_rel_user (user_id, c_id, relation_type, status, is_tutor, sort, user_course_cat)
SELECT 100000 + 50 * (1 + c % greatest(1, :n_users / 50)), 100000 + c, 0, 1, 0, 1, 0
  FROM generate_series(1, :n_courses) c
 WHERE :n_users >= 50
UNION ALL
SELECT 100000 + u, 100000 + 1 + (u * 7 + k * CASE WHEN :n_courses % 67 = 0 THEN 1 ELSE 67 END)
                                 % :n_courses, 0, 5, 0, 1, 0
  FROM generate_series(1, :n_users) u, generate_series(0, :courses_per_student - 1) k
 WHERE u % 50 <> 0;
SELECT pg_temp.progress('course_rel_user');

-- ----------------------------------------------------------------- sessions
-- 20 session categories (a campus's terms and programmes), the sessions in
-- them in turn.
INSERT INTO session_category (id, name, date_start, date_end, access_url_id)
SELECT 100000 + k, 'Bench programme ' || k, date '2026-01-01', date '2026-12-31', 1
  FROM generate_series(1, 20) k;
SELECT pg_temp.progress('session_category');
INSERT INTO session (id, name, description, duration, nbr_courses, nbr_users, session_admin_id,
                     visibility, access_start_date, access_end_date, display_start_date,
                     display_end_date, coach_access_start_date, coach_access_end_date, id_coach,
                     session_category_id)
SELECT 100000 + s, 'Bench session ' || s, 'Generated session ' || s, 0, 4, 20,
       100000 + 25 * (1 + s % 20), 1,
       timestamp '2026-01-01' + s * interval '1 day', timestamp '2026-06-01' + s * interval '1 day',
       timestamp '2026-01-01' + s * interval '1 day', timestamp '2026-06-01' + s * interval '1 day',
       timestamp '2026-01-01' + s * interval '1 day', timestamp '2026-06-01' + s * interval '1 day',
       CASE WHEN :n_users >= 50 THEN 100000 + 50 * (1 + s % greatest(1, :n_users / 50)) END,
       100000 + 1 + s % 20
  FROM generate_series(1, :n_sessions) s;
INSERT INTO access_url_rel_session (access_url_id, session_id)
SELECT 1, 100000 + s FROM generate_series(1, :n_sessions) s;
INSERT INTO session_rel_course (session_id, c_id, nbr_users, position)
SELECT DISTINCT ON (s, c) 100000 + s, 100000 + 1 + c, 20, k
  FROM generate_series(1, :n_sessions) s, generate_series(0, 3) k,
       LATERAL (SELECT (s * 4 + k) % :n_courses AS c) x;
INSERT INTO session_rel_user (session_id, user_id, relation_type, registered_at)
SELECT DISTINCT ON (s, u) 100000 + s, 100000 + u, 0, timestamp '2026-01-01'
  FROM generate_series(1, :n_sessions) s, generate_series(0, 19) k,
       LATERAL (SELECT 1 + (s * 20 + k) % :n_users AS u) x;
INSERT INTO session_rel_course_rel_user (user_id, session_id, c_id, visibility, status)
SELECT su.user_id, su.session_id, sc.c_id, 1, 0
  FROM session_rel_user su JOIN session_rel_course sc ON sc.session_id = su.session_id
 WHERE su.session_id > 100000;
SELECT pg_temp.progress('session');
SELECT pg_temp.progress('session_rel_course_rel_user');

-- ----------------------------------------------------------------- classes
INSERT INTO usergroup (id, name, description, group_type, visibility, allow_members_leave_group,
                       created_at, updated_at)
SELECT 100000 + k, 'Bench class ' || k, '', 0, '1', 1, timestamp '2026-01-01', timestamp '2026-01-01'
  FROM generate_series(1, :n_classes) k;
INSERT INTO access_url_rel_usergroup (access_url_id, usergroup_id)
SELECT 1, 100000 + k FROM generate_series(1, :n_classes) k;
-- 20 members each (20,000 at full scale).
INSERT INTO usergroup_rel_user (user_id, usergroup_id, relation_type)
SELECT 100000 + 1 + (k * 20 + m) % :n_users, 100000 + k, 0
  FROM generate_series(1, :n_classes) k, generate_series(0, 19) m;
INSERT INTO usergroup_rel_course (usergroup_id, course_id)
SELECT 100000 + k, 100000 + 1 + k % :n_courses FROM generate_series(1, :n_classes) k;
-- Each class is also subscribed to a session.
INSERT INTO usergroup_rel_session (usergroup_id, session_id)
SELECT 100000 + k, 100000 + 1 + k % :n_sessions FROM generate_series(1, :n_classes) k;
SELECT pg_temp.progress('usergroup_rel_session');
SELECT pg_temp.progress('usergroup_rel_user');

-- ----------------------------------------------------------------- messages
-- Each sent message is two rows, as Chamilo writes it: the receiver's
-- (read or unread) and the sender's outbox copy.
INSERT INTO message (user_sender_id, user_receiver_id, msg_status, send_date, title, content,
                     group_id, parent_id, update_date)
SELECT 100000 + 1 + (m * 31) % :n_users, 100000 + 1 + (m * 17 + 1) % :n_users,
       CASE WHEN box = 0 THEN (CASE WHEN m % 4 = 0 THEN 1 ELSE 0 END) ELSE 4 END,
       timestamp '2025-01-01' + m * interval '13 seconds', 'Message ' || m,
       'Hello, this is generated message number ' || m || '.', 0, 0, NULL
  FROM generate_series(1, greatest(1, :n_messages / 2)) m, generate_series(0, 1) box;
-- An attachment on one message in ten.
INSERT INTO message_attachment (path, comment, size, message_id, filename)
SELECT 'bench/' || m.id || '.pdf', '', 20000, m.id, 'file' || m.id || '.pdf'
  FROM message m WHERE m.title LIKE 'Message %' AND m.id % 10 = 0;
SELECT pg_temp.progress('message');
SELECT pg_temp.progress('message_attachment');

-- ----------------------------------------------------------------- course tools
-- Per course: 20 documents, 2 forums of 10 threads of 5 posts, 5 learning
-- paths of 10 items, 5 quizzes; an item property row per document,
-- learning path and quiz.
INSERT INTO c_document (id, c_id, path, title, filetype, size, readonly, session_id)
SELECT d, 100000 + c, '/doc' || d || '.html', 'Document ' || d, 'file', 1000 + d * 10, 0, 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 20) d;
SELECT pg_temp.progress('c_document');

INSERT INTO c_forum_category (c_id, cat_title, cat_order, locked, session_id, cat_id)
SELECT 100000 + c, 'Forums', 1, 0, 0, 1 FROM generate_series(1, :n_courses) c;
INSERT INTO c_forum_forum (c_id, forum_id, forum_title, forum_category, locked, session_id,
                           forum_image, lp_id)
SELECT 100000 + c, f, 'Forum ' || f, 1, 0, 0, '', 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 2) f;
INSERT INTO c_forum_thread (c_id, thread_id, thread_title, forum_id, thread_poster_id, thread_date,
                            thread_sticky, locked, session_id, thread_qualify_max, thread_weight,
                            lp_item_id)
SELECT 100000 + c, f * 100 + t, 'Thread ' || t, f, 100000 + 1 + (c * 20 + t) % :n_users,
       timestamp '2026-01-01' + t * interval '1 hour', 0, 0, 0, 0, 0, 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 2) f, generate_series(1, 10) t;
SELECT pg_temp.progress('c_forum_thread');
INSERT INTO c_forum_post (c_id, post_id, post_title, post_text, thread_id, forum_id, poster_id,
                          post_date, post_notification, post_parent_id, visible, status)
SELECT 100000 + c, (f * 100 + t) * 10 + p, 'Re: thread ' || t, 'Post ' || p || ' of thread ' || t,
       f * 100 + t, f, 100000 + 1 + (c * 50 + t * 5 + p) % :n_users,
       timestamp '2026-01-01' + (t * 10 + p) * interval '1 hour', 0, 0, 1, 1
  FROM generate_series(1, :n_courses) c, generate_series(1, 2) f, generate_series(1, 10) t,
       generate_series(1, 5) p;
SELECT pg_temp.progress('c_forum_post');

INSERT INTO c_lp (id, c_id, lp_type, name, path, force_commit, content_maker, content_license,
                  js_lib, debug, theme, preview_image, author, session_id, prerequisite,
                  hide_toc_frame, seriousgame_mode, autolaunch, category_id, max_attempts,
                  subscribe_users, modified_on)
SELECT l, 100000 + c, 1, 'Learning path ' || l, '', 0, 'Chamilo', '', '', 0, '', '', '', 0, 0,
       0, 0, 0, 0, 0, 0, timestamp '2026-01-01'
  FROM generate_series(1, :n_courses) c, generate_series(1, 5) l;
INSERT INTO c_lp_item (id, c_id, lp_id, item_type, ref, title, path, min_score, parent_item_id,
                       previous_item_id, next_item_id, display_order, launch_data)
SELECT i, lp.c_id, lp.iid, 'document', '', 'Item ' || i, 'doc' || i, 0, 0, 0, 0, i, ''
  FROM c_lp lp, generate_series(1, 10) i
 WHERE lp.c_id > 100000;
SELECT pg_temp.progress('c_lp_item');
-- Progress: each student has viewed the first learning path of three of
-- their courses, two items each.
INSERT INTO c_lp_view (c_id, lp_id, user_id, view_count, last_item, progress, session_id)
SELECT lp.c_id, lp.iid, cu.user_id, 1, 0, 20, 0
  FROM course_rel_user cu
  JOIN c_lp lp ON lp.c_id = cu.c_id AND lp.id = 1
 WHERE cu.status = 5 AND cu.c_id > 100000 AND (cu.user_id + cu.c_id) % 10 = 0;
SELECT pg_temp.progress('c_lp_view');
INSERT INTO c_lp_item_view (c_id, lp_item_id, lp_view_id, view_count, start_time, total_time,
                            score, status, max_score)
SELECT v.c_id, it.iid, v.iid, 1, 1767225600, 120, 0, 'completed', '100'
  FROM c_lp_view v
  JOIN c_lp_item it ON it.lp_id = v.lp_id AND it.id <= 2
 WHERE v.c_id > 100000;
SELECT pg_temp.progress('c_lp_item_view');

INSERT INTO c_quiz (id, c_id, title, type, random, random_answers, active, results_disabled,
                    max_attempt, feedback_type, expired_time, propagate_neg, save_correct_answers,
                    review_answers, random_by_category, display_category_name, session_id)
SELECT q, 100000 + c, 'Quiz ' || q, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 5) q;
SELECT pg_temp.progress('c_quiz');

-- Per course: 2 groups of 10 students, a learning path category with 20
-- students, 5 assignments with a submission by 10 students each.
INSERT INTO c_group_info (id, c_id, name, category_id, max_student, doc_state, calendar_state,
                          work_state, announcements_state, forum_state, wiki_state, chat_state,
                          self_registration_allowed, self_unregistration_allowed, session_id)
SELECT g, 100000 + c, 'Group ' || g, 0, 10, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 2) g;
INSERT INTO c_group_rel_user (c_id, user_id, group_id, status, role)
SELECT cu.c_id, cu.user_id, 1 + cu.user_id % 2, 0, ''
  FROM course_rel_user cu
 WHERE cu.status = 5 AND cu.c_id > 100000 AND (cu.user_id + cu.c_id) % 7 = 0;
SELECT pg_temp.progress('c_group_rel_user');
INSERT INTO c_lp_category (c_id, name, position)
SELECT 100000 + c, 'Category', 1 FROM generate_series(1, :n_courses) c;
INSERT INTO c_lp_category_user (category_id, user_id)
SELECT lc.iid, cu.user_id
  FROM course_rel_user cu JOIN c_lp_category lc ON lc.c_id = cu.c_id
 WHERE cu.status = 5 AND cu.c_id > 100000 AND (cu.user_id + cu.c_id) % 5 = 0;
SELECT pg_temp.progress('c_lp_category_user');
INSERT INTO c_student_publication (id, c_id, title, active, accepted, post_group_id, sent_date,
                                   filetype, has_properties, qualification, parent_id,
                                   qualificator_id, weight, session_id, user_id,
                                   allow_text_assignment, contains_file, document_id)
SELECT a, 100000 + c, 'Assignment ' || a, 1, 1, 0, timestamp '2026-01-01', 'folder', 0, 10, 0, 0,
       1, NULL::int, 100000 + 50 * (1 + c % greatest(1, :n_users / 50)), 0, 1, 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 5) a
UNION ALL
SELECT 100 + a * 10 + n, 100000 + c, 'Submission', 1, 1, 0, timestamp '2026-02-01', 'file', 0, 0, a,
       0, 0, NULL, 100000 + 1 + (c * 13 + a * 10 + n) % :n_users, 0, 1, 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 5) a, generate_series(1, 10) n;
SELECT pg_temp.progress('c_student_publication');
-- Sonata groups: one user in a hundred is in one.
INSERT INTO fos_user_user_group (user_id, group_id)
SELECT 100000 + u, 1 + u % 10 FROM generate_series(100, :n_users, 100) u;
SELECT pg_temp.progress('fos_user_user_group');

-- ----------------------------------------------------------------- course content
-- What a course gets when it is created (save_course) and what its teacher
-- and students add to it. Per course: the default tools plus a learning
-- path on the home page; 25 course settings; 3 descriptions;
-- 5 announcements; 8 agenda events, one repeating; 2 link categories with
-- 6 links; a group category with a tutor for its first group; 10 questions
-- of 4 answers per quiz; the mail queue of every tenth thread. Per student
-- membership: a notebook for one in twenty.
INSERT INTO c_tool (id, c_id, name, link, image, visibility, admin, address, added_tool, target,
                    category, session_id)
SELECT t.id, 100000 + c, t.name, t.link, t.image, t.visibility, t.admin, 'squaregrey.gif', 0,
       '_self', t.category, 0
  FROM generate_series(1, :n_courses) c,
       (VALUES (1, 'course_description', 'course_description/index.php', 'info.gif', 1, '0', 'authoring'),
               (2, 'calendar_event', 'calendar/agenda.php', 'agenda.gif', 1, '0', 'interaction'),
               (3, 'document', 'document/document.php', 'folder_document.gif', 1, '0', 'authoring'),
               (4, 'learnpath', 'lp/lp_controller.php', 'scorms.gif', 1, '0', 'authoring'),
               (5, 'link', 'link/link.php', 'links.gif', 1, '0', 'authoring'),
               (6, 'quiz', 'exercise/exercise.php', 'quiz.gif', 1, '0', 'authoring'),
               (7, 'announcement', 'announcements/announcements.php', 'valves.gif', 1, '0', 'authoring'),
               (8, 'forum', 'forum/index.php', 'forum.gif', 1, '0', 'interaction'),
               (9, 'dropbox', 'dropbox/index.php', 'dropbox.gif', 1, '0', 'interaction'),
               (10, 'user', 'user/user.php', 'members.gif', 1, '0', 'interaction'),
               (11, 'group', 'group/group.php', 'group.gif', 1, '0', 'interaction'),
               (12, 'chat', 'chat/chat.php', 'chat.gif', 1, '0', 'interaction'),
               (13, 'student_publication', 'work/work.php', 'works.gif', 1, '0', 'interaction'),
               (14, 'survey', 'survey/survey_list.php', 'survey.gif', 1, '0', 'interaction'),
               (15, 'wiki', 'wiki/index.php', 'wiki.gif', 1, '0', 'interaction'),
               (16, 'gradebook', 'gradebook/index.php', 'gradebook.gif', 1, '0', 'authoring'),
               (17, 'glossary', 'glossary/index.php', 'glossary.gif', 1, '0', 'authoring'),
               (18, 'notebook', 'notebook/index.php', 'notebook.gif', 1, '0', 'interaction'),
               (19, 'attendance', 'attendance/index.php', 'attendance.gif', 0, '0', 'authoring'),
               (20, 'course_progress', 'course_progress/index.php', 'course_progress.gif', 0, '0', 'authoring'),
               (21, 'notebookteacher', 'plugin/notebookteacher/start.php', 'notebookteacher.png', 0, '1', 'plugin'),
               (24, 'blog_management', 'blog/blog_admin.php', 'blog_admin.gif', 0, '1', 'admin'),
               (25, 'tracking', 'tracking/courseLog.php', 'statistics.gif', 0, '1', 'admin'),
               (26, 'course_setting', 'course_info/infocours.php', 'reference.gif', 0, '1', 'admin'),
               (27, 'course_maintenance', 'course_info/maintenance.php', 'backup.gif', 0, '1', 'admin'))
           AS t (id, name, link, image, visibility, admin, category);
INSERT INTO c_tool (id, c_id, name, link, image, visibility, admin, address, added_tool, target,
                    category, session_id)
SELECT 28, lp.c_id, lp.name, 'lp/lp_controller.php?action=view&lp_id=' || lp.iid, 'scormbuilder.gif',
       1, '0', 'squaregrey.gif', 1, '_self', 'authoring', 0
  FROM c_lp lp WHERE lp.c_id > 100000 AND lp.id = 1;
SELECT pg_temp.progress('c_tool');

INSERT INTO c_course_setting (c_id, variable, value, title, category, type)
SELECT 100000 + c, v.variable, v.value, '', v.category, NULL
  FROM generate_series(1, :n_courses) c,
       (VALUES ('email_alert_on_new_doc_dropbox', '0', 'document'),
               ('allow_user_edit_announcement', '0', 'announcement'),
               ('email_alert_manager_on_new_quiz', '1', 'quiz'),
               ('allow_user_image_forum', '1', 'forum'),
               ('course_theme', '', 'theme'),
               ('allow_learning_path_theme', '1', 'theme'),
               ('allow_open_chat_window', '1', 'chat'),
               ('email_alert_to_teacher_on_new_user_in_course', '0', 'registration'),
               ('allow_user_view_user_list', '1', 'user'),
               ('email_alert_students_on_new_homework', '0', 'work'),
               ('enable_lp_auto_launch', '0', 'learning_path'),
               ('enable_exercise_auto_launch', '0', 'exercise'),
               ('enable_document_auto_launch', '0', 'document'),
               ('pdf_export_watermark_text', '', 'learning_path'),
               ('allow_public_certificates', '0', 'certificates'),
               ('documents_default_visibility', 'visible', 'document'),
               ('show_course_in_user_language', '2', NULL),
               ('email_to_teachers_on_new_work_feedback', '1', NULL),
               ('hide_forum_notifications', '0', 'forum'),
               ('agenda_share_events_in_sessions', '0', 'agenda'))
           AS v (variable, value, category);
SELECT pg_temp.progress('c_course_setting');

INSERT INTO c_course_description (id, c_id, title, content, session_id, description_type, progress)
SELECT k, 100000 + c,
       (ARRAY['Description', 'Objectives', 'Topics'])[k],
       '<p>' || (ARRAY['What this course is about', 'What you will learn', 'The outline'])[k]
           || ' (course ' || c || ').</p>', 0, k, 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 3) k;
SELECT pg_temp.progress('c_course_description');

INSERT INTO c_announcement (id, c_id, title, content, end_date, display_order, email_sent,
                            session_id)
SELECT a, 100000 + c, 'Announcement ' || a, '<p>News number ' || a || ' of course ' || c || '.</p>',
       date '2026-06-30', a, a % 2, 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 5) a;
SELECT pg_temp.progress('c_announcement');

INSERT INTO c_calendar_event (id, c_id, title, content, start_date, end_date, parent_event_id,
                              session_id, all_day, comment, color)
SELECT e, 100000 + c, 'Event ' || e, 'Meeting ' || e || ' of course ' || c,
       timestamp '2026-01-05 09:00' + ((c * 7 + e * 37) % 330) * interval '1 day',
       timestamp '2026-01-05 11:00' + ((c * 7 + e * 37) % 330) * interval '1 day', NULL, 0,
       CASE WHEN e = 8 THEN 1 ELSE 0 END, '', ''
  FROM generate_series(1, :n_courses) c, generate_series(1, 8) e;
-- A session's own events: two in each of its courses.
INSERT INTO c_calendar_event (id, c_id, title, content, start_date, end_date, parent_event_id,
                              session_id, all_day, comment, color)
SELECT 100 + sc.position * 2 + e, sc.c_id, 'Session event ' || e, 'Tutorial of the session',
       s.access_start_date + e * interval '7 days' + interval '14 hours',
       s.access_start_date + e * interval '7 days' + interval '16 hours', NULL, s.id, 0, '', ''
  FROM session_rel_course sc JOIN session s ON s.id = sc.session_id, generate_series(1, 2) e
 WHERE s.id > 100000;
INSERT INTO c_calendar_event_repeat (cal_id, c_id, cal_type, cal_end, cal_frequency, cal_days)
SELECT 1, 100000 + c, 'weekly', 1782864000, 1, NULL FROM generate_series(1, :n_courses) c;
SELECT pg_temp.progress('c_calendar_event_repeat');
SELECT pg_temp.progress('c_calendar_event');

INSERT INTO c_link_category (id, c_id, category_title, description, display_order, session_id)
SELECT k, 100000 + c, 'Links ' || k, 'Useful links, part ' || k, k, 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 2) k;
SELECT pg_temp.progress('c_link_category');
INSERT INTO c_link (id, c_id, url, title, description, category_id, display_order, on_homepage,
                    target, session_id)
SELECT l, 100000 + c, 'https://example.org/course' || c || '/link' || l, 'Link ' || l, '',
       (l - 1) % 3, l, CASE WHEN l = 1 THEN '1' ELSE '0' END, '_blank', 0
  FROM generate_series(1, :n_courses) c, generate_series(1, 6) l;
SELECT pg_temp.progress('c_link');

INSERT INTO c_group_category (id, c_id, title, description, doc_state, calendar_state, work_state,
                              announcements_state, forum_state, wiki_state, chat_state,
                              max_student, self_reg_allowed, self_unreg_allowed, groups_per_user,
                              display_order)
SELECT 2, 100000 + c, 'Default groups', '', 1, 1, 1, 1, 1, 1, 1, 8, 0, 0, 0, 1
  FROM generate_series(1, :n_courses) c;
SELECT pg_temp.progress('c_group_category');
INSERT INTO c_group_rel_tutor (c_id, user_id, group_id)
SELECT g.c_id, 100000 + 50 * (1 + (g.c_id - 100000) % greatest(1, :n_users / 50)), g.iid
  FROM c_group_info g WHERE g.c_id > 100000 AND g.id = 1;
SELECT pg_temp.progress('c_group_rel_tutor');

INSERT INTO c_notebook (c_id, notebook_id, user_id, course, session_id, title, description,
                        creation_date, update_date, status)
SELECT cu.c_id, 1, cu.user_id, 'BENCH' || (cu.c_id - 100000), 0, 'My notes',
       'Notes of user ' || cu.user_id, timestamp '2026-02-01' + (cu.user_id % 1000) * interval '1 minute',
       timestamp '2026-02-01' + (cu.user_id % 1000) * interval '1 minute', 0
  FROM course_rel_user cu
 WHERE cu.status = 5 AND cu.c_id > 100000 AND (cu.user_id + cu.c_id) % 20 = 0;
SELECT pg_temp.progress('c_notebook');

INSERT INTO c_quiz_question (id, c_id, question, description, ponderation, position, type,
                             picture, level, extra, question_code)
SELECT q, 100000 + c, 'Question ' || q || '?', '', 1, q, 1, '', 1, '', ''
  FROM generate_series(1, :n_courses) c, generate_series(1, 50) q;
INSERT INTO c_quiz_rel_question (c_id, question_order, question_id, exercice_id)
SELECT qq.c_id, 1 + (qq.id - 1) % 10, qq.iid, qz.iid
  FROM c_quiz_question qq JOIN c_quiz qz ON qz.c_id = qq.c_id AND qz.id = 1 + (qq.id - 1) / 10
 WHERE qq.c_id > 100000;
INSERT INTO c_quiz_answer (id, c_id, question_id, answer, correct, comment, ponderation, position)
SELECT a, qq.c_id, qq.iid, 'Answer ' || a, CASE WHEN a = 1 THEN 1 ELSE 0 END, '',
       CASE WHEN a = 1 THEN 1 ELSE 0 END, a
  FROM c_quiz_question qq, generate_series(1, 4) a
 WHERE qq.c_id > 100000;
SELECT pg_temp.progress('c_quiz_question');
SELECT pg_temp.progress('c_quiz_rel_question');
SELECT pg_temp.progress('c_quiz_answer');

INSERT INTO c_forum_mailcue (c_id, thread_id, user_id, post_id)
SELECT t.c_id, t.thread_id, t.thread_poster_id, 0
  FROM c_forum_thread t WHERE t.c_id > 100000 AND t.thread_id % 10 = 1;
SELECT pg_temp.progress('c_forum_mailcue');

-- Written by the course's teacher, visible to all (to_user_id NULL).
INSERT INTO c_item_property (c_id, insert_user_id, session_id, tool, insert_date,
                             lastedit_date, ref, lastedit_type, lastedit_user_id, visibility)
SELECT i.c_id, t.teacher, 0, i.tool, timestamp '2026-01-01', timestamp '2026-01-01', i.id,
       i.what, t.teacher, 1
  FROM (SELECT c_id, id, 'document' AS tool, 'DocumentAdded' AS what FROM c_document
         WHERE c_id > 100000
        UNION ALL
        SELECT c_id, id, 'learnpath', 'LearnpathAdded' FROM c_lp WHERE c_id > 100000
        UNION ALL
        SELECT c_id, id, 'quiz', 'QuizAdded' FROM c_quiz WHERE c_id > 100000
        UNION ALL
        SELECT c_id, id, 'announcement', 'AnnouncementAdded' FROM c_announcement
         WHERE c_id > 100000
        UNION ALL
        SELECT c_id, id, 'calendar_event', 'AgendaAdded' FROM c_calendar_event
         WHERE c_id > 100000 AND session_id = 0
        UNION ALL
        SELECT c_id, id, 'link', 'LinkAdded' FROM c_link WHERE c_id > 100000
        UNION ALL
        SELECT c_id, id, 'link_category', 'LinkCategoryAdded' FROM c_link_category
         WHERE c_id > 100000
        UNION ALL
        SELECT c_id, id, 'work', 'DirectoryCreated' FROM c_student_publication
         WHERE c_id > 100000 AND parent_id = 0
        UNION ALL
        SELECT c_id, cat_id, 'forum_category', 'ForumCategoryAdded' FROM c_forum_category
         WHERE c_id > 100000
        UNION ALL
        SELECT c_id, forum_id, 'forum', 'ForumAdded' FROM c_forum_forum WHERE c_id > 100000
        UNION ALL
        SELECT c_id, thread_id, 'forum_thread', 'ForumThreadAdded' FROM c_forum_thread
         WHERE c_id > 100000) i,
       LATERAL (SELECT 100000 + 50 * (1 + (i.c_id - 100000) % greatest(1, :n_users / 50))
                    AS teacher) t;
INSERT INTO c_item_property (c_id, insert_user_id, session_id, tool, insert_date,
                             lastedit_date, ref, lastedit_type, lastedit_user_id, visibility)
SELECT e.c_id, s.id_coach, e.session_id, 'calendar_event', timestamp '2026-01-01',
       timestamp '2026-01-01', e.id, 'AgendaAdded', s.id_coach, 1
  FROM c_calendar_event e JOIN session s ON s.id = e.session_id
 WHERE e.c_id > 100000 AND e.session_id > 100000;
SELECT pg_temp.progress('c_item_property');

-- ----------------------------------------------------------------- tracking
-- Quiz attempts: a student's attempt at a quiz of one of their courses
-- (exe_exo_id is the quiz's iid, as Chamilo 1.11 writes it).
INSERT INTO track_e_exercises (exe_user_id, exe_date, c_id, exe_exo_id, exe_result, exe_weighting,
                               user_ip, status, data_tracking, start_date, steps_counter,
                               session_id, orig_lp_id, orig_lp_item_id, exe_duration,
                               orig_lp_item_view_id, questions_to_check)
SELECT 100000 + 1 + (a * 13) % :n_users, timestamp '2025-06-01' + a * interval '7 seconds',
       t.c_id, q.iid, a % 11, 10, '10.0.0.1', '', '',
       timestamp '2025-06-01' + a * interval '7 seconds', 0, 0, 0, 0, 300, 0, ''
  FROM generate_series(1, :n_attempts) a
 CROSS JOIN LATERAL (SELECT 100000 + 1 + (a * 7) % :n_courses AS c_id) t
  JOIN c_quiz q ON q.c_id = t.c_id AND q.id = 1 + (a / :n_courses) % 5;
SELECT pg_temp.progress('track_e_exercises');

INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,
                             default_value_type, default_value, session_id)
SELECT 100000 + 1 + (e * 37) % :n_users, 0, timestamp '2025-01-01' + e * interval '3 seconds',
       (ARRAY['access_ws_user_profile','access_ws_user_courses','access_ws_user_messages',
              'access_ws_get_count_new_messages'])[1 + e % 4], '', '', 0
  FROM generate_series(1, :n_events) e;
SELECT pg_temp.progress('track_e_default');

INSERT INTO track_e_access (access_user_id, access_date, c_id, access_tool, access_session_id, user_ip)
SELECT 100000 + 1 + (e * 41) % :n_users, timestamp '2025-01-01' + e * interval '7 seconds',
       100000 + 1 + (e * 3) % :n_courses,
       (ARRAY['document','forum','learnpath','quiz', NULL])[1 + e % 5], 0, '10.0.0.1'
  FROM generate_series(1, :n_accesses) e;
SELECT pg_temp.progress('track_e_access');

INSERT INTO track_e_course_access (c_id, user_id, login_course_date, logout_course_date, counter,
                                   session_id, user_ip)
SELECT 100000 + 1 + (e * 3) % :n_courses, 100000 + 1 + (e * 43) % :n_users,
       timestamp '2025-01-01' + e * interval '13 seconds',
       timestamp '2025-01-01' + e * interval '13 seconds' + interval '10 minutes', 1, 0, '10.0.0.1'
  FROM generate_series(1, :n_course_accesses) e;
SELECT pg_temp.progress('track_e_course_access');

INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)
SELECT 100000 + 1 + (e * 47) % :n_users, timestamp '2025-01-01' + e * interval '13 seconds',
       '10.0.0.1', timestamp '2025-01-01' + e * interval '13 seconds' + interval '30 minutes'
  FROM generate_series(1, :n_logins) e;
SELECT pg_temp.progress('track_e_login');

-- The last access per (user, course): one row per student membership of
-- every tenth student.
INSERT INTO track_e_lastaccess (access_user_id, access_date, c_id, access_tool, access_session_id)
SELECT cu.user_id, timestamp '2026-01-01' + (cu.user_id % 1000) * interval '1 minute', cu.c_id,
       NULL, 0
  FROM course_rel_user cu
 WHERE cu.c_id > 100000 AND cu.user_id % 6 = 0;
SELECT pg_temp.progress('track_e_lastaccess');

-- Who is online: the half of the campus that has used the app and not
-- logged out, within the last day of the generated timeline (older than
-- any real clock's "now", so nobody counts as online in a real call unless
-- it logs in).
INSERT INTO track_e_online (login_user_id, login_date, user_ip, c_id, session_id, access_url_id)
SELECT 100000 + u, timestamp '2026-01-01' + (u % 86400) * interval '1 second', '10.0.0.1', 0, 0, 1
  FROM generate_series(2, :n_users, 2) u;
SELECT pg_temp.progress('track_e_online');

-- The other half logged out through the API once: the bookkeeping compares
-- each queued visit with the user's last logout.
INSERT INTO bookkeeping_logout (user_id, logged_out_at)
SELECT 100000 + u, timestamp '2026-01-01' + (u % 86400) * interval '1 second'
  FROM generate_series(1, :n_users, 2) u;
SELECT pg_temp.progress('bookkeeping_logout');

-- ---- course tools: the rows the forum, assignment and learning-path
-- statements read beside the tables above. Per course: 5 course settings,
-- assignment 1 restricted to 5 students with its dates; a notification per
-- thread, an attachment on every tenth post, a comment on every third
-- submission; learning-path tracking for the accesses' users.
INSERT INTO c_course_setting (c_id, variable, value, title)
SELECT 100000 + c, (ARRAY['share_forums_in_sessions', 'student_delete_own_publication',
                          'email_alert_manager_on_new_doc', 'allow_user_edit_agenda',
                          'display_info_advance_inside_homecourse'])[v], '0', ''
  FROM generate_series(1, :n_courses) c, generate_series(1, 5) v;
SELECT pg_temp.progress('c_course_setting');
INSERT INTO c_student_publication_assignment (c_id, expires_on, ends_on, add_to_calendar,
                                              enable_qualification, publication_id)
SELECT w.c_id, timestamp '2026-03-01', timestamp '2026-03-05', 0, 1, w.id
  FROM c_student_publication w WHERE w.c_id > 100000 AND w.parent_id = 0;
SELECT pg_temp.progress('c_student_publication_assignment');
INSERT INTO c_student_publication_rel_user (c_id, work_id, user_id)
SELECT 100000 + c, 1, 100000 + 1 + (c * 17 + n) % :n_users
  FROM generate_series(1, :n_courses) c, generate_series(1, 5) n;
SELECT pg_temp.progress('c_student_publication_rel_user');
INSERT INTO c_student_publication_comment (c_id, work_id, comment, user_id, sent_at)
SELECT w.c_id, w.id, 'Well done', w.user_id, timestamp '2026-02-02'
  FROM c_student_publication w WHERE w.c_id > 100000 AND w.parent_id <> 0 AND w.id % 3 = 0;
SELECT pg_temp.progress('c_student_publication_comment');
INSERT INTO c_forum_notification (c_id, user_id, thread_id)
SELECT t.c_id, t.thread_poster_id, t.thread_id FROM c_forum_thread t WHERE t.c_id > 100000;
SELECT pg_temp.progress('c_forum_notification');
INSERT INTO c_forum_attachment (c_id, path, comment, size, post_id, filename)
SELECT p.c_id, 'file' || p.iid || '.pdf', '', 2048, p.iid, 'notes.pdf'
  FROM c_forum_post p WHERE p.c_id > 100000 AND p.iid % 10 = 0;
SELECT pg_temp.progress('c_forum_attachment');
INSERT INTO track_e_access_complete (user_id, date_reg, tool, tool_id, tool_id_detail, action,
                                     action_details, current_id, ip_user, user_agent, session_id,
                                     c_id, ch_sid, login_as, info, url)
SELECT 100000 + 1 + (e * 41) % :n_users, timestamp '2025-01-01' + e * interval '7 seconds',
       'learnpath', 1 + e % 5, 0, 'view', '', 1 + e / 20, '10.0.0.1', '', 0,
       100000 + 1 + (e * 3) % :n_courses, '', 0, '', ''
  FROM generate_series(1, greatest(1, :n_accesses / 4)) e;
SELECT pg_temp.progress('track_e_access_complete');
-- ---- end of course tools

-- Identity sequences past the largest id, as sql/demo.sql leaves them.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.table_name, c.column_name
          FROM information_schema.columns c
         WHERE c.table_schema = 'public' AND c.is_identity = 'YES'
    LOOP
        EXECUTE format(
            'SELECT setval(pg_get_serial_sequence(%L, %L), m, true) '
            'FROM (SELECT max(%I) AS m FROM %I) s WHERE m IS NOT NULL',
            quote_ident(r.table_name), r.column_name, r.column_name, r.table_name);
    END LOOP;
END
$$;

VACUUM ANALYZE;
SELECT format('bench-data: done (scale %s)  %s', :'scale',
              to_char(clock_timestamp() - current_setting('bench.started')::timestamptz,
                      'HH24:MI:SS.MS'));
