/*
 * messages.c - the definitions of the catalogue (messages.def).
 */
#include "api/messages.h"

#define MSG(key, text) const char MSG_##key[] = text;
#include "api/messages.def"
#undef MSG

const message_entry MESSAGE_TABLE[] = {
#define MSG(key, text) {MSG_##key, #key},
#include "api/messages.def"
#undef MSG
};

const size_t MESSAGE_COUNT = sizeof MESSAGE_TABLE / sizeof *MESSAGE_TABLE;

int message_index(const char *message)
{
    /* By address: a catalogue text is only ever passed as its MSG_Key. */
    for (size_t i = 0; i < MESSAGE_COUNT; i++)
        if (MESSAGE_TABLE[i].text == message)
            return (int)i;
    return -1;
}
