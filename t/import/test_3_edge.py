"""Data that real campuses have and the fixture has not (or not in our
tables): logins that differ only by case, zero dates, -1 in a tinyint(1),
an unsigned value too large for our integer. Each case is the fixture plus
a few statements, in its own MariaDB database, imported into a fresh
PostgreSQL database."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import assert_eq  # noqa: E402
from import_common import (drop_database, fresh_database, my_load, pg, run_import,  # noqa: E402
                           table_counts_match)

TARGET = 'import_edge'


def teardown_module():
    drop_database(TARGET)


def empty_target():
    assert_eq(pg('SELECT (SELECT count(*) FROM "user"), (SELECT count(*) FROM course),'
                 ' (SELECT count(*) FROM track_e_default)', TARGET), [['0', '0', '0']], 'target rows')


def test_logins_differing_only_by_case_are_reported_not_merged():
    # A legacy install whose username column is case-sensitive (utf8mb3_bin)
    # can hold sam_g2 and SAM_G2: two people, one login here.
    my_load('edge_dupcase', """
        ALTER TABLE user MODIFY username varchar(100) COLLATE utf8mb3_bin NOT NULL;
        CREATE TEMPORARY TABLE twin AS SELECT * FROM user WHERE id = 102;
        UPDATE twin SET id = 200, username = 'SAM_G2', email = 'twin@example.org';
        INSERT INTO user SELECT * FROM twin;""")
    fresh_database(TARGET)
    status, out = run_import(TARGET, source_db='edge_dupcase')
    assert_eq(status, 1, 'exit status; output:\n' + out)
    assert 'differ only by case' in out, out
    assert re.search(r'^\s+102 sam_g2, 200 SAM_G2$', out, re.M), out
    empty_target()


def test_zero_dates_and_tinyint_values():
    my_load('edge_dates', """
        SET SESSION sql_mode = '';
        UPDATE user SET expiration_date = '0000-00-00 00:00:00' WHERE id = 103;
        UPDATE user SET registration_date = '0000-00-00 00:00:00' WHERE id = 105;
        UPDATE track_e_default SET default_date = '2026-00-00 00:00:00' WHERE default_id = 5;
        UPDATE c_quiz SET active = -1;""")
    fresh_database(TARGET)
    status, out = run_import(TARGET, source_db='edge_dates')
    assert_eq(status, 0, 'exit status; output:\n' + out)
    # Nullable datetime: NULL, and said so.
    assert '1 zero date(s) in expiration_date became NULL' in out, out
    assert '1 zero date(s) in default_date became NULL' in out, out
    assert_eq(pg('SELECT expiration_date FROM "user" WHERE id = 103', TARGET), [[None]], 'expiration_date')
    assert_eq(pg('SELECT default_date FROM track_e_default WHERE default_id = 5', TARGET), [[None]],
              'default_date')
    # NOT NULL datetime: the row is rejected with the reason, and so are the
    # rows that name it (foreign keys), each with its reason.
    assert re.search(r'rejected 1: zero date or NULL in NOT NULL column registration_date \(ids 105\)',
                     out), out
    assert re.search(r'rejected \d+: user_id names a user row that does not exist', out), out
    assert re.search(r'^== done: \d+ rows read, \d+ written, [1-9]\d* rejected', out, re.M), out
    assert_eq(pg('SELECT count(*) FROM "user" WHERE id = 105', TARGET), [['0']], 'user 105 rejected')
    differ, _ = table_counts_match(TARGET, 'edge_dates')
    assert_eq(sorted(t for t, _, _ in differ),
              sorted(set(re.findall(r'^   rejected in (\w+):', out, re.M))),
              'only the tables with rejected rows differ')
    # tinyint(1) holding -1 (a deleted quiz): an integer, still -1.
    assert_eq(pg('SELECT DISTINCT active FROM c_quiz', TARGET), [['-1']], 'c_quiz.active')


def test_value_too_large_for_our_column_stops_the_import():
    # int unsigned in MariaDB; integer here. A value past 2^31-1 cannot be
    # stored: the import stops, names the table, and writes nothing.
    my_load('edge_unsigned', "UPDATE c_forum_thread SET thread_views = 3000000000 LIMIT 1;")
    fresh_database(TARGET)
    status, out = run_import(TARGET, source_db='edge_unsigned')
    assert_eq(status, 1, 'exit status; output:\n' + out)
    assert 'copying table c_forum_thread' in out and 'out of range' in out, out
    empty_target()


def test_nul_byte_in_text_stops_the_import():
    # PostgreSQL text cannot hold NUL; pgloader's default would cut it out
    # (breaking the lengths of a PHP-serialized string). The import stops.
    my_load('edge_nul', "UPDATE message SET content = CONCAT('a', CHAR(0), 'b') WHERE id = 1;")
    fresh_database(TARGET)
    status, out = run_import(TARGET, source_db='edge_nul')
    assert_eq(status, 1, 'exit status; output:\n' + out)
    assert 'nothing was changed' in out and re.search(r'COPY "?message"?', out), out
    empty_target()
