-- 008: a trigram index over the text message_users searches (a user's first
-- name, last name, e-mail and username), so that a search of the whole
-- campus for a rare string reads the few users who match instead of every
-- user (lib/actions/messages/message_users.c names the same expression).
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner
-- creates it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS user__search_text_trgm ON "user" USING gin
    ((coalesce(firstname, '') || ' ' || coalesce(lastname, '') || ' ' || email || ' ' || username)
     gin_trgm_ops);
