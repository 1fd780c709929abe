#include "model/work.h"

bool work_call_allowed(api_call *c, const api_arg *const *required, int count, bool coaches)
{
    for (int i = 0; i < count; i++)
        if (!required[i]->raw) {
            call_refuse(c, MSG_ActionNotAllowed); /* isset(): 0 and "" are values */
            return false;
        }
    if (!c->course.is_teacher && !(coaches && c->course.is_coach)) {
        call_refuse(c, MSG_NotAllowed);
        return false;
    }
    return true;
}

const char *work_begin(api_call *c, const api_arg *work, bool coaches)
{
    if (!work_call_allowed(c, (const api_arg *const[]){work}, 1, coaches))
        return NULL;
    const char *id = call_itoa(c, work->i);
    call_event(c, "work_id", id, -1);
    return id;
}
