-- 011: the live campus's write path (docs/live-campus.md, "Writes").
-- In live mode a write runs in PostgreSQL as a dry run: the transaction
-- sets chamilo_fcgi.capture = 'on' (SET LOCAL), every row it inserts,
-- updates or deletes in a Chamilo table is recorded here by the trigger
-- below, the pool reads those rows back, rolls the transaction back and
-- writes them to MariaDB, from where the follower brings them here.
--
-- Nothing is ever committed to live_write_capture: a transaction that
-- captures always ends in ROLLBACK (lib/db/db.c), so the table stays empty
-- and is UNLOGGED. The rows are read with xact = the reading transaction's
-- id, so that a row committed by mistake could never be read by another.
--
-- The trigger fires only when the setting is on: outside live mode, and
-- for the follower's own writes, the WHEN clause is all it costs. It is
-- created on every table of the schema but the live machinery's own
-- (schema_version, live_follow_state, live_write_capture); a pool in live
-- mode refuses to start when a table lacks it (a table added by a later
-- migration must get it there too). Rows of bookkeeping_logout, the one
-- table of the pool's own that a write touches, are kept in PostgreSQL
-- (lib/db/live_mariadb.c); every other table is Chamilo's.
CREATE UNLOGGED TABLE IF NOT EXISTS live_write_capture (
    seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xact    bigint NOT NULL DEFAULT txid_current(),
    tbl     text   NOT NULL,
    op      "char" NOT NULL,   -- 'I', 'U', 'D'
    old_row jsonb,             -- UPDATE, DELETE: the row before
    new_row jsonb              -- INSERT, UPDATE: the row after
);

CREATE OR REPLACE FUNCTION live_capture_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO live_write_capture (tbl, op, new_row) VALUES (TG_TABLE_NAME, 'I', to_jsonb(NEW));
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO live_write_capture (tbl, op, old_row, new_row)
            VALUES (TG_TABLE_NAME, 'U', to_jsonb(OLD), to_jsonb(NEW));
    ELSE
        INSERT INTO live_write_capture (tbl, op, old_row) VALUES (TG_TABLE_NAME, 'D', to_jsonb(OLD));
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c
              WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                AND c.relname NOT IN ('schema_version', 'live_follow_state', 'live_write_capture')
                AND NOT EXISTS (SELECT FROM pg_trigger g
                                 WHERE g.tgrelid = c.oid AND g.tgname = 'live_capture')
    LOOP
        EXECUTE format('CREATE TRIGGER live_capture AFTER INSERT OR UPDATE OR DELETE ON %I'
                       ' FOR EACH ROW WHEN (current_setting(''chamilo_fcgi.capture'', true) = ''on'')'
                       ' EXECUTE FUNCTION live_capture_row()', t);
    END LOOP;
END
$$;
