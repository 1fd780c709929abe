-- =============================================================================
-- chamilo-fcgi demo campus.  Load right after schema.sql on an empty database:
--     psql -v ON_ERROR_STOP=1 -f sql/schema.sql -f sql/demo.sql
-- Tests are written against exactly these ids, names and values: change them
-- only together with the tests.
--
-- Accounts (password = username; bcrypt "$2y$04$", i.e. PHP
-- password_hash(…, PASSWORD_BCRYPT, ['cost' => 4])):
--   id  username  name            status           what it demonstrates
--    1  admin     John Doe        1 + admin row    platform administrator (admin-only actions);
--                                                  teacher of WELCOME; general admin of the session;
--                                                  the only user with a track_e_login row
--    2  anon      Joe Anonymous   6 anonymous      the installer's anonymous user
--    3  teacher   Marie Curie     1 teacher        teacher of ENGLISH101 and MATH201; general coach
--                                                  of "Spring 2026" and course coach of ENGLISH101 in it
--    4  student1  Ada Lovelace    5 student        ENGLISH101 + MATH201, session student; nickname
--                                                  'ada', interests 'music;sports'; one unread message
--    5  student2  Alan Turing     5 student        ENGLISH101, session student; nickname 'alan';
--                                                  one unread message
--    6  student3  Grace Hopper    5 student        MATH201 only, has a picture_uri ('grace.png')
--    7  disabled  Dis Abled       5, active 0      must NOT be able to authenticate (disabled account)
--    8  expired   Ex Pired        5, expired       must NOT be able to authenticate
--                                                  (expiration_date 2020-01-01 00:00:00)
--   40  leaver    Lee Ver         5 student        a friend of student1, in no course:
--                                                  the demo of delete_user
-- No user_api_key rows: authenticate creates the MsgREST keys.
-- No 'gcm_registration_id' extra field: authenticate creates it.
--
-- Courses: 1 ENGLISH101 (category LANG), 2 MATH201, 3 WELCOME (special_course = 1);
-- all visibility 2 (open platform), subscribe 1, unsubscribe 0, on portal 1.
-- Session 1 "Spring 2026" (category 1 "Semesters"): courses 1 and 2, students 4 and 5.
-- Messages (inbox copy + outbox copy per send):
--   1/2  teacher -> student1  'Welcome'      unread
--   3/4  student1 -> teacher  'Question'     read
--   5/6  admin -> student2    'Maintenance'  unread
-- Languages: english, spanish, french available; german not available.
-- All dates are UTC.
-- =============================================================================

SET client_encoding = 'UTF8';

BEGIN;

-- Portal ----------------------------------------------------------------------
INSERT INTO access_url (id, url, description, active, created_by, tms, url_type) VALUES
    (1, 'http://localhost/', ' ', 1, 1, '2026-01-01 00:00:00', NULL);

-- Languages -------------------------------------------------------------------
INSERT INTO language (id, original_name, english_name, isocode, dokeos_folder, available, parent_id) VALUES
    (1, 'English',  'english', 'en', 'english', 1, NULL),
    (2, 'Español',  'spanish', 'es', 'spanish', 1, NULL),
    (3, 'Français', 'french',  'fr', 'french',  1, NULL),
    (4, 'Deutsch',  'german',  'de', 'german',  0, NULL);

-- Users -----------------------------------------------------------------------
INSERT INTO "user" (id, user_id, username, username_canonical, email, email_canonical,
                    firstname, lastname, password, salt, status, official_code, phone,
                    picture_uri, active, enabled, locked, expired, credentials_expired,
                    roles, auth_source, language, registration_date, expiration_date,
                    created_at, updated_at, last_login) VALUES
    (1, 1, 'admin', 'admin', 'admin@example.org', 'admin@example.org',
     'John', 'Doe',
     '$2y$04$dxv7lW1ID0pKenfsq1P3v.a61.13PeQHV.OideuGS3q1fTZcSn1Te',
     'zR3XTERGg2k7o8kviqu/riShNEURU9zsvjBwKcDjasU',
     1, 'ADMIN', '555-0100', NULL, 1, 1, 0, 0, 0, 'a:0:{}', 'platform', 'english',
     '2026-01-01 00:00:00', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 10:00:00'),
    (2, 2, 'anon', 'anon', 'anonymous@localhost', 'anonymous@localhost',
     'Joe', 'Anonymous',
     '$2y$04$YVdFEK/I6rMSAOrs/8qVsuUT63BXzuqL4UXrrLBf8jUyjq.U2emPK',
     '7ZwSE3pcL6ptLFMHRI829iRljE0R1l8J9p443atd5Q8',
     6, 'anonymous', NULL, NULL, 1, 1, 0, 0, 0, 'a:0:{}', 'platform', 'english',
     '2026-01-01 00:00:00', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00', NULL),
    (3, 3, 'teacher', 'teacher', 'teacher@example.org', 'teacher@example.org',
     'Marie', 'Curie',
     '$2y$04$MjODLjj8uZWBSQ6/w8JQ2u2t6DPUX99f7XIfMOR4ZnaTgqQ8FUT7G',
     'ucV2.85aamJ37f50AE7PEneEZrQHRLO0EiVTQ0mOR0Q',
     1, 'T001', NULL, NULL, 1, 1, 0, 0, 0, 'a:0:{}', 'platform', 'english',
     '2026-01-01 00:00:00', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00', NULL),
    (4, 4, 'student1', 'student1', 'student1@example.org', 'student1@example.org',
     'Ada', 'Lovelace',
     '$2y$04$mCPzRTDXJfieplC6llCBkOVXTJXsyQqwQ4eeXIf78aldIaCLaLk/2',
     'xr6SkdJsjBv2BMtA9Cqo9h4h5RiehDPq0lfdDtRNYSI',
     5, NULL, NULL, NULL, 1, 1, 0, 0, 0, 'a:0:{}', 'platform', 'english',
     '2026-01-01 00:00:00', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00', NULL),
    (5, 5, 'student2', 'student2', 'student2@example.org', 'student2@example.org',
     'Alan', 'Turing',
     '$2y$04$6adPZ7pC6G8SL8TVGhVnr.CQN5ydKOh.3kPFHu/k8mLNqNq3ldRpK',
     'zmSCG5FkRE3gN41trThaOxEWFH5sUFKJLn0G.8mF/7g',
     5, NULL, NULL, NULL, 1, 1, 0, 0, 0, 'a:0:{}', 'platform', 'english',
     '2026-01-01 00:00:00', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00', NULL),
    (6, 6, 'student3', 'student3', 'student3@example.org', 'student3@example.org',
     'Grace', 'Hopper',
     '$2y$04$AcY1DoED9kCdBrF3j79EcuAd9HVsCCNCcMRfpRD7q.6wdmVOkmZSi',
     'rB0LtT0RT49NXT7jrYcRPT92AbeW/nm45rbxNU091l4',
     5, NULL, NULL, 'grace.png', 1, 1, 0, 0, 0, 'a:0:{}', 'platform', 'english',
     '2026-01-01 00:00:00', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00', NULL),
    (7, 7, 'disabled', 'disabled', 'disabled@example.org', 'disabled@example.org',
     'Dis', 'Abled',
     '$2y$04$Xue5XgebfJ5X8r0z1ZxfkO71/WA57Ud3owgUqdRygAxij1kCZkDFG',
     'JKg429L9Q.kX8tBPYTFJVbBtupE6x.XEqXmTlqc3aFg',
     5, NULL, NULL, NULL, 0, 1, 0, 0, 0, 'a:0:{}', 'platform', 'english',
     '2026-01-01 00:00:00', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00', NULL),
    (8, 8, 'expired', 'expired', 'expired@example.org', 'expired@example.org',
     'Ex', 'Pired',
     '$2y$04$qguZi08mYXEDMVyjoOe3Zei.cY..HUwnHVHiPT7gxeDonFdKBrCHK',
     '8nbuKOZbDRITi709VwC1k9wEJfr0ygsuXxeJe8wryZY',
     5, NULL, NULL, NULL, 1, 1, 0, 0, 0, 'a:0:{}', 'platform', 'english',
     '2026-01-01 00:00:00', '2020-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00', NULL);

INSERT INTO admin (id, user_id) VALUES (1, 1);

INSERT INTO access_url_rel_user (access_url_id, user_id) VALUES
    (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8);

-- The admin's last visit, so that last-login tracking has a row to update.
INSERT INTO track_e_login (login_id, login_user_id, login_date, user_ip, logout_date) VALUES
    (1, 1, '2026-01-01 10:00:00', '127.0.0.1', '2026-01-01 10:00:00');

-- Extra fields ----------------------------------------------------------------
-- extra_field_type 1 = user, 2 = course; field_type 1 text, 5 select multiple, 13 checkbox.
INSERT INTO extra_field (id, extra_field_type, field_type, variable, display_text, default_value,
                         field_order, visible_to_self, visible_to_others, changeable, filter, created_at) VALUES
    (1, 1,  1, 'already_logged_in', 'Already logged in', NULL, 1, 0, 0, 0, 0, '2026-01-01 00:00:00'),
    (2, 1,  1, 'nickname',          'Nickname',          NULL, 2, 1, 0, 1, 0, '2026-01-01 00:00:00'),
    (3, 1,  5, 'interests',         'Interests',         NULL, 3, 1, 0, 1, 0, '2026-01-01 00:00:00'),
    (4, 1,  1, 'external_user_id',  'External user id',  NULL, 4, 0, 0, 0, 0, '2026-01-01 00:00:00'),
    (5, 2, 13, 'special_course',    'Special course',    '',   1, 1, 0, 1, 0, '2026-01-01 00:00:00');

INSERT INTO extra_field_options (id, field_id, option_value, display_text, priority, priority_message, option_order) VALUES
    (1, 3, 'music',   'Music',   NULL, NULL, 1),
    (2, 3, 'sports',  'Sports',  NULL, NULL, 2),
    (3, 3, 'reading', 'Reading', NULL, NULL, 3);

INSERT INTO extra_field_values (id, field_id, item_id, value, comment, created_at, updated_at) VALUES
    (1, 2, 4, 'ada',          NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (2, 2, 5, 'alan',         NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (3, 3, 4, 'music;sports', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (4, 5, 3, '1',            NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00');

-- Courses ---------------------------------------------------------------------
INSERT INTO course_category (id, name, code, parent_id, tree_pos, children_count, auth_course_child, auth_cat_child) VALUES
    (1, 'Languages', 'LANG', NULL, 1, 0, 'TRUE', 'TRUE');

INSERT INTO course (id, title, code, directory, visual_code, course_language, category_code,
                    visibility, show_score, tutor_name, disk_quota, creation_date,
                    subscribe, unsubscribe) VALUES
    (1, 'English for beginners', 'ENGLISH101', 'ENGLISH101', 'ENGLISH101', 'english', 'LANG',
     2, 1, 'Marie Curie', 100000000, '2026-01-01 00:00:00', 1, 0),
    (2, 'Mathematics',           'MATH201',    'MATH201',    'MATH201',    'english', NULL,
     2, 1, 'Marie Curie', 100000000, '2026-01-01 00:00:00', 1, 0),
    (3, 'Welcome to the campus', 'WELCOME',    'WELCOME',    'WELCOME',    'english', NULL,
     2, 1, 'John Doe',    100000000, '2026-01-01 00:00:00', 1, 0);

INSERT INTO access_url_rel_course (id, c_id, access_url_id) VALUES
    (1, 1, 1), (2, 2, 1), (3, 3, 1);

-- course_rel_user.status: 1 teacher, 5 student.
INSERT INTO course_rel_user (id, user_id, c_id, relation_type, status, is_tutor, sort, user_course_cat) VALUES
    (1, 3, 1, 0, 1, 0, 1, 0),   -- teacher  in ENGLISH101
    (2, 3, 2, 0, 1, 0, 1, 0),   -- teacher  in MATH201
    (3, 1, 3, 0, 1, 0, 1, 0),   -- admin    in WELCOME
    (4, 4, 1, 0, 5, 0, 1, 0),   -- student1 in ENGLISH101
    (5, 4, 2, 0, 5, 0, 1, 0),   -- student1 in MATH201
    (6, 5, 1, 0, 5, 0, 1, 0),   -- student2 in ENGLISH101
    (7, 6, 2, 0, 5, 0, 1, 0);   -- student3 in MATH201

-- Session ---------------------------------------------------------------------
INSERT INTO session_category (id, name, date_start, date_end, access_url_id) VALUES
    (1, 'Semesters', NULL, NULL, 1);

INSERT INTO session (id, name, description, show_description, duration, nbr_courses, nbr_users,
                     nbr_classes, session_admin_id, visibility, promotion_id,
                     display_start_date, display_end_date, access_start_date, access_end_date,
                     coach_access_start_date, coach_access_end_date, id_coach,
                     session_category_id, send_subscription_notification) VALUES
    (1, 'Spring 2026', NULL, 0, NULL, 2, 2, 0, 1, 2, NULL,
     '2026-03-01 00:00:00', '2026-06-30 23:59:59', '2026-03-01 00:00:00', '2026-06-30 23:59:59',
     NULL, NULL, 3, 1, 0);

INSERT INTO access_url_rel_session (access_url_id, session_id) VALUES (1, 1);

INSERT INTO session_rel_course (id, session_id, c_id, nbr_users, position) VALUES
    (1, 1, 1, 2, 1),
    (2, 1, 2, 2, 2);

-- session_rel_user.relation_type 0 = student.
INSERT INTO session_rel_user (id, session_id, user_id, relation_type, registered_at) VALUES
    (1, 1, 4, 0, '2026-02-15 00:00:00'),
    (2, 1, 5, 0, '2026-02-15 00:00:00');

-- session_rel_course_rel_user.status: 0 student, 2 course coach.
INSERT INTO session_rel_course_rel_user (id, user_id, session_id, c_id, visibility, status) VALUES
    (1, 4, 1, 1, 1, 0),
    (2, 4, 1, 2, 1, 0),
    (3, 5, 1, 1, 1, 0),
    (4, 5, 1, 2, 1, 0),
    (5, 3, 1, 1, 1, 2);

-- Messages --------------------------------------------------------------------
-- Each send = inbox copy for the receiver (msg_status 1 unread / 0 read) followed by the
-- sender's outbox copy (msg_status 4); both rows carry the same sender and receiver.
INSERT INTO message (id, user_sender_id, user_receiver_id, msg_status, send_date, title, content,
                     group_id, parent_id, update_date) VALUES
    (1, 3, 4, 1, '2026-01-10 09:00:00', 'Welcome', '<p>Welcome to English 101</p>',
     0, 0, '2026-01-10 09:00:00'),
    (2, 3, 4, 4, '2026-01-10 09:00:00', 'Welcome', '<p>Welcome to English 101</p>',
     0, 0, '2026-01-10 09:00:00'),
    (3, 4, 3, 0, '2026-01-11 10:00:00', 'Question', '<p>When is the first exam?</p>',
     0, 0, '2026-01-11 10:00:00'),
    (4, 4, 3, 4, '2026-01-11 10:00:00', 'Question', '<p>When is the first exam?</p>',
     0, 0, '2026-01-11 10:00:00'),
    (5, 1, 5, 1, '2026-01-12 11:00:00', 'Maintenance', '<p>The campus will be down on Sunday for maintenance.</p>',
     0, 0, '2026-01-12 11:00:00'),
    (6, 1, 5, 4, '2026-01-12 11:00:00', 'Maintenance', '<p>The campus will be down on Sunday for maintenance.</p>',
     0, 0, '2026-01-12 11:00:00');

-- ---- messages (20-users-messages.md §3) ------------------------------------
-- So that every message action answers real data for the demo accounts:
--   7      student2 -> student1  friend invitation (msg_status 5): get_count_new_messages ms_friends
--   attachment 1 on message 1 (student1's 'Welcome'): user_messages_received attachmentList
--   social group 1001 'Chess club' (group_type 1) with student1 invited (relation 3): ms_groups
--   contacts: student1 <-> teacher are friends (user_rel_user relation 3): message_users
--     with allow_send_message_to_all_platform_users off (a fresh install has it on)
-- Ids 1001 and up belong to this block.
INSERT INTO message (id, user_sender_id, user_receiver_id, msg_status, send_date, title, content,
                     group_id, parent_id, update_date) VALUES
    (7, 5, 4, 5, '2026-01-13 12:00:00', '', 'Alan Turing wants to be your friend',
     0, 0, '2026-01-13 12:00:00');
INSERT INTO message_attachment (id, path, comment, size, message_id, filename) VALUES
    (1, 'syllabus_5f3c.pdf', 'The syllabus', 48213, 1, 'syllabus.pdf');
INSERT INTO usergroup (id, name, description, group_type, picture, url, visibility,
                       allow_members_leave_group, created_at, updated_at) VALUES
    (1001, 'Chess club', 'Players of the campus', 1, NULL, NULL, '1', 1,
     '2026-01-05 08:00:00', '2026-01-05 08:00:00');
INSERT INTO access_url_rel_usergroup (id, access_url_id, usergroup_id) VALUES (1001, 1, 1001);
INSERT INTO usergroup_rel_user (id, user_id, usergroup_id, relation_type) VALUES
    (1001, 3, 1001, 1),
    (1002, 4, 1001, 3);
INSERT INTO user_rel_user (id, user_id, friend_user_id, relation_type, last_edit) VALUES
    (1001, 4, 3, 3, '2026-01-09 08:00:00'),
    (1002, 3, 4, 3, '2026-01-09 08:00:00');
-- ---- user deletion, API keys, conditions (20 §5.9-§5.11, §6) ----------------
-- Terms and conditions (get_legal_conditions): english version 2 lists the
-- reader's sessions, spanish has one version, french none (falls back to english).
INSERT INTO legal (id, date, content, type, changes, version, language_id) VALUES
    (1, 1767225600, '<p>Terms of use, version 1.</p>', 0, '', 1, 1),
    (2, 1769904000, '<p>Terms of use, version 2.</p><p>Your sessions: {{sessions}}</p>', 0,
     'Lists your sessions', 2, 1),
    (3, 1767225600, '<p>Condiciones de uso.</p>', 0, '', 1, 2);

-- Where update_condition_accepted stores "<version>:<language id>:<unix time>".
INSERT INTO extra_field (id, extra_field_type, field_type, variable, display_text, default_value,
                         field_order, visible_to_self, visible_to_others, changeable, filter, created_at) VALUES
    (30, 1, 1, 'legal_accept', 'Legal accept', NULL, 30, 0, 0, 0, 0, '2026-01-01 00:00:00');

-- user_rel_user.relation_type 8 = boss: teacher is student1's boss, so student1
-- accepting the terms sends teacher a message.
INSERT INTO user_rel_user (id, user_id, friend_user_id, relation_type, last_edit) VALUES
    (1, 4, 3, 8, '2026-01-01 00:00:00');

-- A user to delete (delete_user), on campus 1, a friend of student1; kept out
-- of courses and sessions so that deleting it changes no other demo answer.
-- Deleting teacher instead answers {"status":false}: she is the only teacher
-- of ENGLISH101 and MATH201.
INSERT INTO "user" (id, user_id, username, username_canonical, email, email_canonical,
                    firstname, lastname, password, salt, status, official_code, phone,
                    picture_uri, active, enabled, locked, expired, credentials_expired,
                    roles, auth_source, language, registration_date, expiration_date,
                    created_at, updated_at, last_login) VALUES
    (40, 40, 'leaver', 'leaver', 'leaver@example.org', 'leaver@example.org',
     'Lee', 'Ver',
     '$2y$04$abcdefghijklmnopqrstuuTBjL5QqZavwvY.zopovOA9QytZIE5VS',
     '8nbuKOZbDRITi709VwC1k9wEJfr0ygsuXxeJe8wryZY',
     5, NULL, NULL, NULL, 1, 1, 0, 0, 0, 'a:0:{}', 'platform', 'english',
     '2026-01-01 00:00:00', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00', NULL);
INSERT INTO access_url_rel_user (access_url_id, user_id) VALUES (1, 40);
INSERT INTO user_rel_user (id, user_id, friend_user_id, relation_type, last_edit) VALUES
    (40, 40, 4, 3, '2026-01-01 00:00:00');
-- ---- profiles and user updates (view_user_profile, users_profiles_by_extra_field,
-- save_user_json, update_user_from_username, update_user_pause_training) ----------
-- Ids 20-29 (extra_field) and 20-39 (extra_field_values) belong to this block.
-- The PauseTraining plugin's user fields, as its installer creates them (the demo stack
-- enables the plugin: pausetraining_tool_enable = on); field_type 13 checkbox, 7 datetime.
-- 'department' (not visible in profiles) groups users for users_profiles_by_extra_field:
--   field_name=department, field_value=physics -> teacher, student1, student3 and the
--   disabled account (left out with active=1).
INSERT INTO extra_field (id, extra_field_type, field_type, variable, display_text, default_value,
                         field_order, visible_to_self, visible_to_others, changeable, filter, created_at) VALUES
    (20, 1, 13, 'pause_formation',  'Pause formation',          '', 20, 1, 0, 1, 0, '2026-01-01 00:00:00'),
    (21, 1,  7, 'start_pause_date', 'Start pause date and time', '', 21, 1, 0, 1, 0, '2026-01-01 00:00:00'),
    (22, 1,  7, 'end_pause_date',   'End pause date and time',   '', 22, 1, 0, 1, 0, '2026-01-01 00:00:00'),
    (23, 1, 13, 'disable_emails',   'Disable e-mails',           '', 23, 1, 0, 1, 0, '2026-01-01 00:00:00'),
    (24, 1,  1, 'department',       'Department',              NULL, 24, 0, 0, 0, 0, '2026-01-01 00:00:00');

INSERT INTO extra_field_values (id, field_id, item_id, value, comment, created_at, updated_at) VALUES
    (20, 24, 3, 'Physics',   NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (21, 24, 4, 'Physics',   NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (22, 24, 5, 'Chemistry', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (23, 24, 6, 'physics',   NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (24, 24, 7, 'Physics',   NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
-- ---- groups (25-groups-audit.md: classes, the audit log, the user look-ups) ----
-- Ids 2101 and up belong to this block.
--   student1's visits: get_user_last_connexion user=student1 -> "Jan 12, 2026",
--   get_user_total_connexion_time -> "02:15:30" (until student1 logs in again).
--   Class 2101 "Class 3B" (group_type 0, open): student1 and student2, linked to
--   ENGLISH101 and to session 1 (get_groups, get_group_sub_*, get_user_sub_group).
--   Class 2102 "Evening class" (closed): student3, no links.
--   Event log (get_audit_items event_type=user_created): the admin created
--   student1 and student2.
INSERT INTO track_e_login (login_id, login_user_id, login_date, user_ip, logout_date) VALUES
    (2101, 4, '2026-01-10 08:00:00', '127.0.0.1', '2026-01-10 09:30:00'),
    (2102, 4, '2026-01-12 14:00:00', '127.0.0.1', '2026-01-12 14:45:30');
INSERT INTO usergroup (id, name, description, group_type, picture, url, visibility,
                       allow_members_leave_group, created_at, updated_at) VALUES
    (2101, 'Class 3B', 'Students of 3B', 0, NULL, NULL, '1', 0,
     '2026-01-03 08:00:00', '2026-01-03 08:00:00'),
    (2102, 'Evening class', NULL, 0, NULL, NULL, '2', 0,
     '2026-01-03 08:00:00', '2026-01-03 08:00:00');
INSERT INTO access_url_rel_usergroup (id, access_url_id, usergroup_id) VALUES
    (2101, 1, 2101), (2102, 1, 2102);
INSERT INTO usergroup_rel_user (id, user_id, usergroup_id, relation_type) VALUES
    (2101, 4, 2101, 0), (2102, 5, 2101, 0), (2103, 6, 2102, 0);
INSERT INTO usergroup_rel_course (id, usergroup_id, course_id) VALUES (2101, 2101, 1);
INSERT INTO usergroup_rel_session (id, usergroup_id, session_id) VALUES (2101, 2101, 1);
INSERT INTO track_e_default (default_id, default_user_id, c_id, default_date, default_event_type,
                             default_value_type, default_value, session_id) VALUES
    (2101, 1, 0, '2026-01-02 09:00:00', 'user_created', 'user_id', '4', 0),
    (2102, 1, 0, '2026-01-02 09:05:00', 'user_created', 'user_id', '5', 0);
-- ---- end of groups ----

-- ---- courses ----
-- The course home and its content readers (30-courses.md §2.6, §4): every
-- course has the tools a new course gets (save_course); ENGLISH101 (1) has
-- content. Explicit ids from 1000 (c_item_property from 1000 too), so that the
-- blocks of the other domains keep theirs.
INSERT INTO c_tool (iid, id, c_id, name, link, image, visibility, admin, address, added_tool,
                    target, category, session_id) VALUES
    (1000, 1, 1, 'course_description', 'course_description/index.php', 'info.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1001, 2, 1, 'calendar_event', 'calendar/agenda.php', 'agenda.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1002, 3, 1, 'document', 'document/document.php', 'folder_document.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1003, 4, 1, 'learnpath', 'lp/lp_controller.php', 'scorms.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1004, 5, 1, 'link', 'link/link.php', 'links.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1005, 6, 1, 'quiz', 'exercise/exercise.php', 'quiz.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1006, 7, 1, 'announcement', 'announcements/announcements.php', 'valves.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1007, 8, 1, 'forum', 'forum/index.php', 'forum.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1008, 9, 1, 'dropbox', 'dropbox/index.php', 'dropbox.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1009, 10, 1, 'user', 'user/user.php', 'members.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1010, 11, 1, 'group', 'group/group.php', 'group.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1011, 12, 1, 'chat', 'chat/chat.php', 'chat.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1012, 13, 1, 'student_publication', 'work/work.php', 'works.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1013, 14, 1, 'survey', 'survey/survey_list.php', 'survey.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1014, 15, 1, 'wiki', 'wiki/index.php', 'wiki.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1015, 16, 1, 'gradebook', 'gradebook/index.php', 'gradebook.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1016, 17, 1, 'glossary', 'glossary/index.php', 'glossary.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1017, 18, 1, 'notebook', 'notebook/index.php', 'notebook.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1018, 19, 1, 'attendance', 'attendance/index.php', 'attendance.gif', 0, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1019, 20, 1, 'course_progress', 'course_progress/index.php', 'course_progress.gif', 0, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1020, 24, 1, 'blog_management', 'blog/blog_admin.php', 'blog_admin.gif', 0, '1', 'squaregrey.gif', 0, '_self', 'admin', 0),
    (1021, 25, 1, 'tracking', 'tracking/courseLog.php', 'statistics.gif', 0, '1', '', 0, '_self', 'admin', 0),
    (1022, 26, 1, 'course_setting', 'course_info/infocours.php', 'reference.gif', 0, '1', 'squaregrey.gif', 0, '_self', 'admin', 0),
    (1023, 27, 1, 'course_maintenance', 'course_info/maintenance.php', 'backup.gif', 0, '1', 'squaregrey.gif', 0, '_self', 'admin', 0),
    (1024, 1, 2, 'course_description', 'course_description/index.php', 'info.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1025, 2, 2, 'calendar_event', 'calendar/agenda.php', 'agenda.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1026, 3, 2, 'document', 'document/document.php', 'folder_document.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1027, 4, 2, 'learnpath', 'lp/lp_controller.php', 'scorms.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1028, 5, 2, 'link', 'link/link.php', 'links.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1029, 6, 2, 'quiz', 'exercise/exercise.php', 'quiz.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1030, 7, 2, 'announcement', 'announcements/announcements.php', 'valves.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1031, 8, 2, 'forum', 'forum/index.php', 'forum.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1032, 9, 2, 'dropbox', 'dropbox/index.php', 'dropbox.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1033, 10, 2, 'user', 'user/user.php', 'members.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1034, 11, 2, 'group', 'group/group.php', 'group.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1035, 12, 2, 'chat', 'chat/chat.php', 'chat.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1036, 13, 2, 'student_publication', 'work/work.php', 'works.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1037, 14, 2, 'survey', 'survey/survey_list.php', 'survey.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1038, 15, 2, 'wiki', 'wiki/index.php', 'wiki.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1039, 16, 2, 'gradebook', 'gradebook/index.php', 'gradebook.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1040, 17, 2, 'glossary', 'glossary/index.php', 'glossary.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1041, 18, 2, 'notebook', 'notebook/index.php', 'notebook.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1042, 19, 2, 'attendance', 'attendance/index.php', 'attendance.gif', 0, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1043, 20, 2, 'course_progress', 'course_progress/index.php', 'course_progress.gif', 0, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1044, 24, 2, 'blog_management', 'blog/blog_admin.php', 'blog_admin.gif', 0, '1', 'squaregrey.gif', 0, '_self', 'admin', 0),
    (1045, 25, 2, 'tracking', 'tracking/courseLog.php', 'statistics.gif', 0, '1', '', 0, '_self', 'admin', 0),
    (1046, 26, 2, 'course_setting', 'course_info/infocours.php', 'reference.gif', 0, '1', 'squaregrey.gif', 0, '_self', 'admin', 0),
    (1047, 27, 2, 'course_maintenance', 'course_info/maintenance.php', 'backup.gif', 0, '1', 'squaregrey.gif', 0, '_self', 'admin', 0),
    (1048, 1, 3, 'course_description', 'course_description/index.php', 'info.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1049, 2, 3, 'calendar_event', 'calendar/agenda.php', 'agenda.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1050, 3, 3, 'document', 'document/document.php', 'folder_document.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1051, 4, 3, 'learnpath', 'lp/lp_controller.php', 'scorms.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1052, 5, 3, 'link', 'link/link.php', 'links.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1053, 6, 3, 'quiz', 'exercise/exercise.php', 'quiz.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1054, 7, 3, 'announcement', 'announcements/announcements.php', 'valves.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1055, 8, 3, 'forum', 'forum/index.php', 'forum.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1056, 9, 3, 'dropbox', 'dropbox/index.php', 'dropbox.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1057, 10, 3, 'user', 'user/user.php', 'members.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1058, 11, 3, 'group', 'group/group.php', 'group.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1059, 12, 3, 'chat', 'chat/chat.php', 'chat.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1060, 13, 3, 'student_publication', 'work/work.php', 'works.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1061, 14, 3, 'survey', 'survey/survey_list.php', 'survey.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1062, 15, 3, 'wiki', 'wiki/index.php', 'wiki.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1063, 16, 3, 'gradebook', 'gradebook/index.php', 'gradebook.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1064, 17, 3, 'glossary', 'glossary/index.php', 'glossary.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1065, 18, 3, 'notebook', 'notebook/index.php', 'notebook.gif', 1, '0', 'squaregrey.gif', 0, '_self', 'interaction', 0),
    (1066, 19, 3, 'attendance', 'attendance/index.php', 'attendance.gif', 0, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1067, 20, 3, 'course_progress', 'course_progress/index.php', 'course_progress.gif', 0, '0', 'squaregrey.gif', 0, '_self', 'authoring', 0),
    (1068, 24, 3, 'blog_management', 'blog/blog_admin.php', 'blog_admin.gif', 0, '1', 'squaregrey.gif', 0, '_self', 'admin', 0),
    (1069, 25, 3, 'tracking', 'tracking/courseLog.php', 'statistics.gif', 0, '1', '', 0, '_self', 'admin', 0),
    (1070, 26, 3, 'course_setting', 'course_info/infocours.php', 'reference.gif', 0, '1', 'squaregrey.gif', 0, '_self', 'admin', 0),
    (1071, 27, 3, 'course_maintenance', 'course_info/maintenance.php', 'backup.gif', 0, '1', 'squaregrey.gif', 0, '_self', 'admin', 0);

-- Descriptions (description_type 1 description, 2 objectives).
INSERT INTO c_course_description (iid, id, c_id, title, content, session_id, description_type, progress) VALUES
    (1000, 1000, 1, 'Description', '<p>Learn English step by step.</p><img src="/app/upload/banner.png">', 0, 1, 0),
    (1001, 1001, 1, 'Objectives',  'Speak and write simple English.', 0, 2, 0);

-- Documents: a folder with an image, a PDF at the root, a hidden file.
INSERT INTO c_document (iid, id, c_id, path, comment, title, filetype, size, readonly, session_id) VALUES
    (1000, 1000, 1, '/images',             NULL, 'Images',         'folder', 0,       0, 0),
    (1001, 1001, 1, '/images/diagram.png', NULL, 'diagram.png',    'file',   20480,   0, 0),
    (1002, 1002, 1, '/syllabus.pdf',       NULL, 'Syllabus',       'file',   1572864, 0, 0),
    (1003, 1003, 1, '/draft.txt',          NULL, 'Teacher draft',  'file',   100,     0, 0);

-- Announcements by the teacher (the second one to student1 only).
INSERT INTO c_announcement (iid, id, c_id, title, content, end_date, display_order, email_sent, session_id) VALUES
    (1000, 1000, 1, 'Welcome', '<p>Hello ((user_firstname)), welcome to ((course_title)).</p>', NULL, 1, 0, 0),
    (1001, 1001, 1, 'Your essay', '<p>Please send your essay.</p>', NULL, 2, 1, 0);

-- An event in the month the demo is loaded (course_agenda shows the current month).
INSERT INTO c_calendar_event (iid, id, c_id, title, content, start_date, end_date, parent_event_id,
                              session_id, all_day, comment, color, room_id) VALUES
    (1000, 1000, 1, 'Oral exam', '<p>Room <img src="/app/upload/map.png"></p>',
     date_trunc('month', LOCALTIMESTAMP) + interval '14 days 09:00',
     date_trunc('month', LOCALTIMESTAMP) + interval '14 days 11:00', NULL, 0, 0, NULL, NULL, NULL);

-- student1's note in ENGLISH101.
INSERT INTO c_notebook (iid, c_id, notebook_id, user_id, course, session_id, title, description,
                        creation_date, update_date, status) VALUES
    (1000, 1, 1000, 4, 'ENGLISH101', 0, 'Irregular verbs', 'go, went, gone',
     '2026-02-01 08:30:00', '2026-02-02 17:45:00', 0);

-- Links: one in a category, one uncategorised and shown on the course home.
INSERT INTO c_link_category (iid, c_id, id, category_title, description, display_order, session_id) VALUES
    (1000, 1, 1000, 'Dictionaries', 'Online dictionaries', 1, 0);
INSERT INTO c_link (iid, c_id, id, url, title, description, category_id, display_order, on_homepage,
                    target, session_id) VALUES
    (1000, 1, 1000, 'https://dictionary.cambridge.org/', 'Cambridge Dictionary', 'Definitions', 1000, 1, '0', '_blank', 0),
    (1001, 1, 1001, 'https://www.bbc.co.uk/learningenglish', 'BBC Learning English', '', 0, 1, '1', '_blank', 0);

-- Item properties (visibility 1 visible, 0 hidden) of the rows above.
INSERT INTO c_item_property (iid, id, c_id, to_group_id, to_user_id, insert_user_id, session_id, tool,
                             insert_date, lastedit_date, ref, lastedit_type, lastedit_user_id, visibility) VALUES
    (1000, 1000, 1, NULL, NULL, 3, NULL, 'document', '2026-01-10 09:00:00', '2026-01-10 09:00:00', 1000, 'FolderCreated', 3, 1),
    (1001, 1001, 1, NULL, NULL, 3, NULL, 'document', '2026-01-10 09:05:00', '2026-01-10 09:05:00', 1001, 'DocumentAdded', 3, 1),
    (1002, 1002, 1, NULL, NULL, 3, NULL, 'document', '2026-01-10 09:10:00', '2026-01-10 09:10:00', 1002, 'DocumentAdded', 3, 1),
    (1003, 1003, 1, NULL, NULL, 3, NULL, 'document', '2026-01-10 09:15:00', '2026-01-10 09:15:00', 1003, 'DocumentAdded', 3, 0),
    (1004, 1004, 1, NULL, NULL, 3, NULL, 'announcement', '2026-01-12 14:30:00', '2026-01-12 14:30:00', 1000, 'AnnouncementAdded', 3, 1),
    (1005, 1005, 1, NULL, 4,    3, NULL, 'announcement', '2026-01-13 08:05:00', '2026-01-13 08:05:00', 1001, 'AnnouncementAdded', 3, 1),
    (1006, 1006, 1, NULL, NULL, 3, NULL, 'calendar_event', '2026-01-14 10:00:00', '2026-01-14 10:00:00', 1000, 'AgendaAdded', 3, 1),
    (1007, 1007, 1, NULL, NULL, 4, NULL, 'notebook', '2026-02-01 08:30:00', '2026-02-02 17:45:00', 1000, 'NotebookAdded', 4, 1),
    (1008, 1008, 1, NULL, NULL, 3, NULL, 'link_category', '2026-01-15 10:00:00', '2026-01-15 10:00:00', 1000, 'LinkCategoryAdded', 3, 1),
    (1009, 1009, 1, NULL, NULL, 3, NULL, 'link', '2026-01-15 10:05:00', '2026-01-15 10:05:00', 1000, 'LinkAdded', 3, 1),
    (1010, 1010, 1, NULL, NULL, 3, NULL, 'link', '2026-01-15 10:10:00', '2026-01-15 10:10:00', 1001, 'LinkAdded', 3, 1);
-- ---- end of courses ----
-- ---- course tools (forums, learning paths, assignments, quizzes) ------------
-- Ids 2300-2399 of the course-tool tables belong to this block.
-- Forums of ENGLISH101 (course 1), base course:
--   category 2301 'General discussion' (visible): forums 2301 'Introductions'
--     (visible) and 2302 'Homework help' (hidden: editors only);
--   category 2302 'Staff room' (hidden): forum 2303 'Planning' (visible).
--   Thread 2301 'Hello everyone' in 2301 by student1, replied by teacher with
--   an attachment (post 2302); student2 is subscribed to it.
INSERT INTO c_forum_category (iid, c_id, cat_title, cat_comment, cat_order, locked, session_id, cat_id) VALUES
    (2301, 1, 'General discussion', 'Talk about anything', 1, 0, 0, 2301),
    (2302, 1, 'Staff room', NULL, 2, 0, 0, 2302);
INSERT INTO c_forum_forum (iid, c_id, forum_id, forum_title, forum_comment, forum_threads, forum_posts,
                           forum_last_post, forum_category, allow_anonymous, allow_edit,
                           approval_direct_post, allow_attachments, allow_new_threads, default_view,
                           forum_of_group, forum_group_public_private, forum_order, locked, session_id,
                           forum_image, start_time, end_time, lp_id, moderated) VALUES
    (2301, 1, 2301, 'Introductions', 'Say hello', 1, 2, 2302, 2301, 0, 1, '0', 1, 1, 'flat',
     '0', 'public', 1, 0, 0, 'intro.png', NULL, NULL, 0, 0),
    (2302, 1, 2302, 'Homework help', NULL, 0, 0, NULL, 2301, 0, 1, '0', 1, 1, 'flat',
     '0', 'public', 2, 0, 0, '', NULL, NULL, 0, 0),
    (2303, 1, 2303, 'Planning', NULL, 0, 0, NULL, 2302, 0, 1, '0', 1, 1, 'flat',
     '0', 'public', 3, 0, 0, '', NULL, NULL, 0, 0);
INSERT INTO c_forum_thread (iid, c_id, thread_id, thread_title, forum_id, thread_replies, thread_poster_id,
                            thread_poster_name, thread_views, thread_last_post, thread_date, thread_sticky,
                            locked, session_id, thread_title_qualify, thread_qualify_max, thread_weight,
                            thread_peer_qualify, lp_item_id) VALUES
    (2301, 1, 2301, 'Hello everyone', 2301, 1, 4, NULL, 7, 2302, '2026-02-01 10:30:00', 0,
     0, 0, NULL, 0, 0, 0, 0);
INSERT INTO c_forum_post (iid, c_id, post_id, post_title, post_text, thread_id, forum_id, poster_id,
                          poster_name, post_date, post_notification, post_parent_id, visible, status) VALUES
    (2301, 1, 2301, 'Hello everyone', 'I am Ada.<br />
Nice to meet you!', 2301, 2301, 4, NULL,
     '2026-02-01 09:00:00', 0, NULL, 1, 1),
    (2302, 1, 2302, 'Re: Hello everyone', '<p>Welcome, Ada &amp; all.</p>', 2301, 2301, 3, NULL,
     '2026-02-01 10:30:00', 0, 2301, 1, 1);
INSERT INTO c_forum_attachment (iid, id, c_id, path, comment, size, post_id, filename) VALUES
    (2301, 2301, 1, 'notes_5f3a.pdf', 'Course notes', 1536, 2302, 'notes & tips.pdf');
INSERT INTO c_forum_notification (iid, c_id, id, user_id, forum_id, thread_id, post_id) VALUES
    (2301, 1, 2301, 5, 0, 2301, 0);
INSERT INTO c_item_property (iid, id, c_id, to_group_id, to_user_id, insert_user_id, session_id, tool,
                             insert_date, lastedit_date, ref, lastedit_type, lastedit_user_id, visibility) VALUES
    (2301, 2301, 1, NULL, NULL, 3, NULL, 'forum_category', '2026-01-10 08:00:00', '2026-01-10 08:00:00',
     2301, 'ForumCategoryAdded', 3, 1),
    (2302, 2302, 1, NULL, NULL, 3, NULL, 'forum_category', '2026-01-10 08:00:00', '2026-01-10 08:00:00',
     2302, 'ForumCategoryAdded', 3, 0),
    (2303, 2303, 1, NULL, NULL, 3, NULL, 'forum', '2026-01-10 08:00:00', '2026-01-10 08:00:00',
     2301, 'ForumAdded', 3, 1),
    (2304, 2304, 1, NULL, NULL, 3, NULL, 'forum', '2026-01-10 08:00:00', '2026-01-10 08:00:00',
     2302, 'ForumAdded', 3, 0),
    (2305, 2305, 1, NULL, NULL, 3, NULL, 'forum', '2026-01-10 08:00:00', '2026-01-10 08:00:00',
     2303, 'ForumAdded', 3, 1),
    (2306, 2306, 1, NULL, NULL, 4, NULL, 'forum_thread', '2026-02-01 09:00:00', '2026-02-01 10:30:00',
     2301, 'ForumThreadAdded', 4, 1);
-- Learning paths of ENGLISH101: 2301 'Basics' (no category; student1 at 50%),
-- category 2301 'Grammar' with 2302 'Verbs', 2304 'Advanced' (prerequisite:
-- Verbs completed), 2303 'Draft' (hidden) and 2305 'Last year' (expired).
INSERT INTO c_lp_category (iid, c_id, name, position) VALUES (2301, 1, 'Grammar', 1);
INSERT INTO c_lp (iid, c_id, id, lp_type, name, path, force_commit, display_order, content_maker,
                  content_license, js_lib, debug, theme, preview_image, author, session_id, prerequisite,
                  hide_toc_frame, seriousgame_mode, autolaunch, category_id, max_attempts,
                  subscribe_users, created_on, modified_on, publicated_on, expired_on) VALUES
    (2301, 1, 2301, 1, 'Basics', '', 0, 1, 'Chamilo', '', '', 0, '', '', '', 0, 0, 0, 0, 0, 0, 0, 0,
     '2026-01-05 00:00:00', '2026-01-05 00:00:00', NULL, NULL),
    (2302, 1, 2302, 1, 'Verbs', '', 0, 1, 'Chamilo', '', '', 0, '', '', '', 0, 0, 0, 0, 0, 2301, 0, 0,
     '2026-01-05 00:00:00', '2026-01-05 00:00:00', NULL, NULL),
    (2303, 1, 2303, 1, 'Draft', '', 0, 2, 'Chamilo', '', '', 0, '', '', '', 0, 0, 0, 0, 0, 2301, 0, 0,
     '2026-01-05 00:00:00', '2026-01-05 00:00:00', NULL, NULL),
    (2304, 1, 2304, 1, 'Advanced', '', 0, 3, 'Chamilo', '', '', 0, '', '', '', 0, 2302, 0, 0, 0, 2301, 0, 0,
     '2026-01-05 00:00:00', '2026-01-05 00:00:00', NULL, NULL),
    (2305, 1, 2305, 1, 'Last year', '', 0, 4, 'Chamilo', '', '', 0, '', '', '', 0, 0, 0, 0, 0, 2301, 0, 0,
     '2025-01-05 00:00:00', '2025-01-05 00:00:00', '2025-01-05 00:00:00', '2025-06-30 00:00:00');
INSERT INTO c_lp_view (iid, c_id, id, lp_id, user_id, view_count, last_item, progress, session_id) VALUES
    (2301, 1, 2301, 2301, 4, 1, 0, 50, 0);
INSERT INTO c_item_property (iid, id, c_id, to_group_id, to_user_id, insert_user_id, session_id, tool,
                             insert_date, lastedit_date, ref, lastedit_type, lastedit_user_id, visibility) VALUES
    (2310, 2310, 1, NULL, NULL, 3, NULL, 'learnpath', '2026-01-05 00:00:00', '2026-01-05 00:00:00',
     2301, 'LearnpathAdded', 3, 1),
    (2311, 2311, 1, NULL, NULL, 3, NULL, 'learnpath', '2026-01-05 00:00:00', '2026-01-05 00:00:00',
     2303, 'invisible', 3, 0);
-- Quizzes of ENGLISH101: 2301 'Vocabulary' (active, pass 50%, exercise field
-- difficulty = easy), 2302 'Archived test' (inactive, no item property).
-- student1 tried 2301 twice (4/10 then 8/10), student2 once (3/10).
INSERT INTO c_quiz (iid, c_id, id, title, description, sound, type, random, random_answers, active,
                    results_disabled, access_condition, max_attempt, start_time, end_time,
                    feedback_type, expired_time, session_id, propagate_neg, save_correct_answers,
                    review_answers, random_by_category, text_when_finished, display_category_name,
                    pass_percentage, question_selection_type, hide_question_title) VALUES
    (2301, 1, 2301, 'Vocabulary', '<p>Words</p>', '', 1, 0, 0, 1, 0, NULL, 0, NULL, NULL,
     0, 0, 0, 0, 0, 0, 0, '', 1, 50, 1, 0),
    (2302, 1, 2302, 'Archived test', NULL, NULL, 2, 0, 0, 0, 0, NULL, 3,
     '2026-01-01 08:00:00', '2026-01-31 18:00:00', 2, 0, NULL, 0, 0, 0, 0, NULL, 1, NULL, 1, 0);
INSERT INTO c_item_property (iid, id, c_id, to_group_id, to_user_id, insert_user_id, session_id, tool,
                             insert_date, lastedit_date, ref, lastedit_type, lastedit_user_id, visibility) VALUES
    (2320, 2320, 1, NULL, NULL, 3, NULL, 'quiz', '2026-01-06 00:00:00', '2026-01-07 00:00:00',
     2301, 'QuizUpdated', 1, 1);
INSERT INTO extra_field (id, extra_field_type, field_type, variable, display_text, default_value,
                         field_order, visible_to_self, visible_to_others, changeable, filter, created_at) VALUES
    (2301, 17, 1, 'difficulty', 'Difficulty', NULL, 1, 0, 0, 1, 0, '2026-01-01 00:00:00');
INSERT INTO extra_field_values (id, field_id, item_id, value, comment, created_at, updated_at) VALUES
    (2301, 2301, 2301, 'easy', NULL, '2026-01-06 00:00:00', '2026-01-06 00:00:00');
INSERT INTO track_e_exercises (exe_id, exe_user_id, exe_date, c_id, exe_exo_id, exe_result, exe_weighting,
                               user_ip, status, data_tracking, start_date, steps_counter, session_id,
                               orig_lp_id, orig_lp_item_id, exe_duration, expired_time_control,
                               orig_lp_item_view_id, questions_to_check) VALUES
    (2301, 4, '2026-02-02 10:05:00', 1, 2301, 4, 10, '127.0.0.1', '', '', '2026-02-02 10:00:00',
     0, 0, 0, 0, 300, NULL, 0, ''),
    (2302, 4, '2026-02-03 10:05:00', 1, 2301, 8, 10, '127.0.0.1', '', '', '2026-02-03 10:00:00',
     0, 0, 0, 0, 300, NULL, 0, ''),
    (2303, 5, '2026-02-01 09:05:00', 1, 2301, 3, 10, '127.0.0.1', '', '', '2026-02-01 09:00:00',
     0, 0, 0, 0, 300, NULL, 0, '');
-- Assignments of ENGLISH101: 2301 'Essay' (visible, due 2026-03-01) with the
-- submissions 2302 of student1 (corrected, qualified 8) and 2303 of
-- student2; 2304 'Poem' for student2 only (c_student_publication_rel_user).
INSERT INTO c_student_publication (iid, c_id, id, url, url_correction, title, title_correction,
                                   description, author, active, accepted, post_group_id, sent_date,
                                   filetype, has_properties, view_properties, qualification,
                                   date_of_qualification, parent_id, qualificator_id, weight,
                                   session_id, user_id, allow_text_assignment, contains_file,
                                   document_id) VALUES
    (2301, 1, 2301, 'work/essay', NULL, 'Essay', NULL, 'Write 300 words', '', 1, 1, 0,
     '2026-02-01 08:00:00', 'folder', 0, NULL, 10, NULL, 0, 0, 0, NULL, 3, 0, 1, 0),
    (2302, 1, 2302, 'work/essay/ada.pdf', 'work/essay/ada_corr.pdf', 'Ada essay', 'Corrected',
     '', 'Ada Lovelace', 1, 1, 0, '2026-02-10 09:00:00', 'file', 0, NULL, 8,
     '2026-02-12 10:00:00', 2301, 3, 0, NULL, 4, 0, 1, 0),
    (2303, 1, 2303, 'work/essay/alan.pdf', NULL, 'Alan essay', NULL, '', 'Alan Turing', 1, 1, 0,
     '2026-02-11 09:00:00', 'file', 0, NULL, 0, NULL, 2301, 0, 0, NULL, 5, 0, 1, 0),
    (2304, 1, 2304, 'work/poem', NULL, 'Poem', NULL, '', '', 1, 1, 0,
     '2026-02-01 08:00:00', 'folder', 0, NULL, 0, NULL, 0, 0, 0, NULL, 3, 0, 1, 0);
INSERT INTO c_student_publication_assignment (iid, c_id, id, expires_on, ends_on, add_to_calendar,
                                              enable_qualification, publication_id) VALUES
    (2301, 1, 2301, '2026-03-01 23:59:00', '2026-03-05 23:59:00', 0, 1, 2301);
INSERT INTO c_student_publication_rel_user (iid, id, c_id, work_id, user_id) VALUES
    (2301, 2301, 1, 2304, 5);
INSERT INTO c_item_property (iid, id, c_id, to_group_id, to_user_id, insert_user_id, session_id, tool,
                             insert_date, lastedit_date, ref, lastedit_type, lastedit_user_id, visibility) VALUES
    (2330, 2330, 1, NULL, NULL, 3, NULL, 'work', '2026-02-01 08:00:00', '2026-02-01 08:00:00',
     2301, 'visible', 3, 1),
    (2331, 2331, 1, NULL, NULL, 3, NULL, 'work', '2026-02-01 08:00:00', '2026-02-01 08:00:00',
     2304, 'visible', 3, 1);
-- ---- end of course tools -------------------------------------------------------

-- ---- sessions ----------------------------------------------------------------
-- Two sessions without access dates (open whatever the day), so that on `make run`
-- user_sessions, get_sessions and the other session actions answer real data:
-- "Open English club" (category "Open courses", ENGLISH101, student3 and student2,
-- teacher as general and course coach, extra field external_session_code = ENG-CLUB)
-- and "Self-paced mathematics" (no category, MATH201, student3, a 60-day duration).
INSERT INTO session_category (id, name, date_start, date_end, access_url_id) VALUES
    (11, 'Open courses', NULL, NULL, 1);

INSERT INTO session (id, name, description, show_description, duration, nbr_courses, nbr_users,
                     nbr_classes, session_admin_id, visibility, promotion_id,
                     display_start_date, display_end_date, access_start_date, access_end_date,
                     coach_access_start_date, coach_access_end_date, id_coach,
                     session_category_id, send_subscription_notification) VALUES
    (11, 'Open English club', 'Conversation practice, all year', 1, 0, 1, 2, 0, 1, 2, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, 3, 11, 0),
    (12, 'Self-paced mathematics', NULL, 0, 60, 1, 1, 0, 1, 1, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, 3, NULL, 0);

INSERT INTO access_url_rel_session (access_url_id, session_id) VALUES (1, 11), (1, 12);

INSERT INTO session_rel_course (id, session_id, c_id, nbr_users, position) VALUES
    (11, 11, 1, 2, 1),
    (12, 12, 2, 1, 1);

INSERT INTO session_rel_user (id, session_id, user_id, relation_type, registered_at) VALUES
    (11, 11, 6, 0, '2026-09-01 00:00:00'),
    (12, 11, 5, 0, '2026-09-01 00:00:00'),
    (13, 12, 6, 0, '2026-09-01 00:00:00');

INSERT INTO session_rel_course_rel_user (id, user_id, session_id, c_id, visibility, status) VALUES
    (11, 6, 11, 1, 1, 0),
    (12, 5, 11, 1, 1, 0),
    (13, 3, 11, 1, 1, 2),
    (14, 6, 12, 2, 1, 0);

INSERT INTO extra_field (id, extra_field_type, field_type, variable, display_text, default_value,
                         field_order, visible_to_self, visible_to_others, changeable, filter, created_at) VALUES
    (40, 3, 1, 'external_session_code', 'External code', '', 1, 1, 0, 1, 1, '2026-01-01 00:00:00');

INSERT INTO extra_field_values (id, field_id, item_id, value, comment, created_at, updated_at) VALUES
    (40, 40, 11, 'ENG-CLUB', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (41, 40, 12, 'MATH-SELF', NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00');

-- student3's time in the English club: two visits, 45 minutes in all.
INSERT INTO track_e_course_access (c_id, user_id, login_course_date, logout_course_date, counter,
                                   session_id, user_ip) VALUES
    (1, 6, '2026-09-02 18:00:00', '2026-09-02 18:30:00', 1, 11, '127.0.0.1'),
    (1, 6, '2026-09-09 18:00:00', '2026-09-09 18:15:00', 1, 11, '127.0.0.1');

-- ---- get_work_list --------------------------------------------------------------
-- Comments on student2's essay (2303): the teacher's, with an image of the
-- platform, and student2's answer with a file.
INSERT INTO c_student_publication_comment (iid, c_id, id, work_id, comment, file, user_id, sent_at) VALUES
    (2340, 1, 2340, 2303, '<p>Good start <img src="/courses/ENGLISH101/document/star.png"></p>',
     NULL, 3, '2026-02-12 10:05:00'),
    (2341, 1, 2341, 2303, 'Thank you!', 'comment_2341_notes.txt', 5, '2026-02-12 11:00:00');
-- ---- end of get_work_list ---------------------------------------------------------

-- Identity sequences ------------------------------------------------------------
-- Rows above carry explicit ids: move every identity sequence past the largest id
-- (tables left empty keep their sequence at 1).
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

COMMIT;
