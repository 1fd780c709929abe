/*
 * test_action_table.c - the action table generated from actions.def: every
 * row is found by its exact name and nothing else matches.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "api/action_table.h"

static int setup(void **state)
{
    (void)state;
    return action_table_init();
}

static void every_row_is_found_by_its_name(void **state)
{
    (void)state;
    size_t count;
    const action_def *rows = action_table_rows(&count);
    assert_true(count >= 11);
    for (size_t i = 0; i < count; i++) {
        const action_def *found = action_lookup(rows[i].name, strlen(rows[i].name));
        assert_ptr_equal(found, &rows[i]);
        assert_non_null(found->handler);
    }
}

static void lookup_is_exact_and_case_sensitive(void **state)
{
    (void)state;
    assert_non_null(action_lookup("authenticate", 12));
    assert_null(action_lookup("Authenticate", 12));
    assert_null(action_lookup("authenticat", 11));
    assert_null(action_lookup("authenticatex", 13));
    assert_null(action_lookup("", 0));
    assert_null(action_lookup("zzz", 3));
    /* A name with an inner NUL must not match the part before it. */
    assert_null(action_lookup("authenticate\0x", 14));
    /* The length given, not strlen, decides. */
    assert_non_null(action_lookup("save_user_get_apikey", 9));
    assert_string_equal(action_lookup("save_user_get_apikey", 9)->name, "save_user");
}

static void gates_and_flags_match_the_spec(void **state)
{
    (void)state;
    const action_def *a = action_lookup("authenticate", 12);
    assert_int_equal(a->gate.kind, GATE_PUBLIC);
    assert_true(a->flags & ACT_WRITE);
    assert_int_equal(action_lookup("get_users", 9)->gate.kind, GATE_ADMIN);
    const action_def *courses = action_lookup("user_courses", 12);
    assert_int_equal(courses->gate.kind, GATE_SELF_OR_ADMIN);
    assert_string_equal(courses->gate.target_param, "user_id");
    assert_int_equal(courses->gate.target_source, FROM_REQUEST);
    assert_int_equal(action_lookup("user_profile", 12)->gate.kind, GATE_KEY);
    assert_false(action_lookup("user_profile", 12)->flags & ACT_WRITE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_is_found_by_its_name),
        cmocka_unit_test(lookup_is_exact_and_case_sensitive),
        cmocka_unit_test(gates_and_flags_match_the_spec),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
