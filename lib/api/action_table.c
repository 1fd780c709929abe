/*
 * action_table.c - the table rows and their name index.
 *
 * The index is a sorted array of row pointers searched by binary search:
 * 7 comparisons for 116 actions, no allocation, built once per process.
 */
#include "api/action_table.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define ACTION(name_, gate_, flags_)                                                           \
    {#name_, action_##name_, gate_, flags_, &action_##name_##_params, &action_##name_##_about, \
     &action_##name_##_answer, &action_##name_##_prefetch, &action_##name_##_tool},
static const action_def action_rows[] = {
#include "api/actions.def"
};
#undef ACTION

#define ACTION_COUNT (sizeof action_rows / sizeof action_rows[0])

static const action_def *sorted_rows[ACTION_COUNT];

static int compare_rows(const void *a, const void *b)
{
    const action_def *const *x = a;
    const action_def *const *y = b;
    return strcmp((*x)->name, (*y)->name);
}

int action_table_init(void)
{
    for (size_t i = 0; i < ACTION_COUNT; i++)
        sorted_rows[i] = &action_rows[i];
    qsort(sorted_rows, ACTION_COUNT, sizeof sorted_rows[0], compare_rows);
    for (size_t i = 1; i < ACTION_COUNT; i++) {
        if (strcmp(sorted_rows[i - 1]->name, sorted_rows[i]->name) == 0) {
            log_error("actions.def: action %s is declared twice", sorted_rows[i]->name);
            return -1;
        }
    }
    return 0;
}

const action_def *action_lookup(const char *name, size_t len)
{
    size_t lo = 0, hi = ACTION_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        /* Byte comparison, so a name with an inner NUL never matches. */
        const char *candidate = sorted_rows[mid]->name;
        size_t candidate_len = strlen(candidate);
        int cmp = memcmp(candidate, name, candidate_len < len ? candidate_len : len);
        if (cmp == 0)
            cmp = (candidate_len > len) - (candidate_len < len);
        if (cmp == 0)
            return sorted_rows[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const action_def *action_table_rows(size_t *count)
{
    *count = ACTION_COUNT;
    return action_rows;
}
