-- 002: schema_version remembers which file brought each version, so that
-- `chamilo-fcgi --migrate` can say what it applied and an operator can see
-- it later (SELECT * FROM schema_version ORDER BY version).
--
-- Rules for every file in this folder (docs in README.md, "Upgrading"):
--   * named NNN-what.sql, NNN = the next version number (sql/schema.sql is 1);
--   * no BEGIN/COMMIT: `chamilo-fcgi --migrate` runs each file in its own
--     transaction together with the row it adds to schema_version;
--   * never edited once released: a fix is a new file.
ALTER TABLE schema_version ADD COLUMN name text;
UPDATE schema_version SET name = 'schema.sql' WHERE version = 1;
