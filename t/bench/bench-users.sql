-- bench-users.sql - :users students named bench1, bench2, ... with their own
-- MsgREST keys (md5('bench-key-' || id)), members of campus 1, who have
-- logged in before (a track_e_login row each, 5 minutes ago): the callers
-- of `make bench` and of the bookkeeping part of `make bench-actions`, on
-- a demo campus (which has no user named bench%).
--
--   psql -v users=1000 -f t/bench/bench-users.sql
INSERT INTO "user" (username, username_canonical, email, email_canonical, firstname, lastname,
                    status, password, salt, active, enabled, roles, registration_date)
SELECT 'bench' || i, 'bench' || i, 'bench' || i || '@example.org', 'bench' || i || '@example.org',
       'Bench', 'User ' || i, 5, 'x', 'x', 1, 1, 'a:0:{}', LOCALTIMESTAMP
  FROM generate_series(1, :users) AS i;
INSERT INTO user_api_key (user_id, api_key, api_service)
SELECT id, md5('bench-key-' || id), 'MsgREST' FROM "user" WHERE username LIKE 'bench%';
INSERT INTO access_url_rel_user (access_url_id, user_id)
SELECT 1, id FROM "user" WHERE username LIKE 'bench%';
INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)
SELECT id, LOCALTIMESTAMP(0) - interval '5 minutes', '127.0.0.1', LOCALTIMESTAMP(0) - interval '5 minutes'
  FROM "user" WHERE username LIKE 'bench%';
