/*
 * translations.c - the catalogue in the campus's languages (translations.h).
 */
#include "api/translations.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/messages.h"
#include "core/arena.h"
#include "core/hash.h"
#include "core/log.h"
#include "core/utf8.h"
#include "php/php_lang_file.h"

/* A language file larger than this is refused (Chamilo 1.11's largest,
 * trad4all.inc.php, is about 1.5 MB). */
#define LANG_FILE_MAX (16u * 1024 * 1024)

/* ---- how PHP obtains each message of the catalogue ----
 * By default get_lang('<its MSG name>'). The exceptions: */

/* Texts PHP writes without get_lang, and our own messages: never translated. */
static const char *const LITERAL[] = {
    MSG_DatabaseError, MSG_DatabaseUnavailable, MSG_DatabaseBusy, MSG_InternalError,
    MSG_OutOfMemory, MSG_BadParameter, MSG_NoDataKey, MSG_PauseTrainingUserIdRequired,
    MSG_PauseTrainingNoKey, MSG_PauseTrainingUserMissing, MSG_PauseTrainingVariableMissing,
    MSG_PauseTrainingBadStart, MSG_PauseTrainingBadEnd, MSG_PauseTrainingEndBeforeStart,
    MSG_GroupIdNotProvided, MSG_UserIdOrGroupIdDoesNotExist, MSG_EventTypeRequired,
    MSG_ExtraFieldXNotFound, MSG_AgendaNeedsStartDates, MSG_UserIdNotProvided,
    MSG_SessionIdNotProvided, MSG_NoSessionMatched, MSG_MoreThanOneSessionMatched,
};

/* get_lang of a key without an English text: PHP answers the key itself
 * (the message's text), or "[=Key=]". */
static const struct {
    const char *message;
    const char *marked;
} BARE_KEYS[] = {
    {MSG_NotDeleted, "[=NotDeleted=]"},
    {MSG_NoDataAvailable, "[=NoDataAvailable=]"},
    {MSG_PluginConfigured, "[=Plugin configured=]"},
};

/* A language key with PHP's own text around it: before + get_lang(key) + after. */
static const struct {
    const char *message;
    const char *key;
    const char *before, *after;
} COMPOSED[] = {
    {MSG_CouldNotUpdateExtraFieldValueOf, "CouldNotUpdateExtraFieldValue", "", ": %s"},
    {MSG_UnsupportedUpdateOf, "UnsupportedUpdate", "", " '%s'"},
    {MSG_XAlreadyExists, "AlreadyExists", "%s ", ""},
};

#define COUNT(array) (sizeof(array) / sizeof *(array))

/* The language key of message i, NULL when it is never translated. */
static const char *language_key(size_t i)
{
    const char *text = MESSAGE_TABLE[i].text;
    for (size_t k = 0; k < COUNT(LITERAL); k++)
        if (LITERAL[k] == text)
            return NULL;
    for (size_t k = 0; k < COUNT(BARE_KEYS); k++)
        if (BARE_KEYS[k].message == text)
            return text;
    for (size_t k = 0; k < COUNT(COMPOSED); k++)
        if (COMPOSED[k].message == text)
            return COMPOSED[k].key;
    return MESSAGE_TABLE[i].name;
}

/* ---- the loaded set ---- */

struct translation_language {
    const char *name;
    const char **texts; /* [MESSAGE_COUNT]: the translation, NULL = English */
};

typedef struct translation_set {
    arena *arena;
    translation_language *languages; /* sorted by name */
    size_t count;
    const char *dir;      /* <chamilo_root>/main/lang */
    uint64_t fingerprint; /* of the files read (tree_fingerprint) */
} translation_set;

static translation_set *current;

/* The keys the catalogue reads, sorted, each with its message: a file's
 * entry is looked up here, and kept only when found. */
typedef struct key_slot {
    const char *key;
    size_t message;
} key_slot;

static int compare_slots(const void *a, const void *b)
{
    return strcmp(((const key_slot *)a)->key, ((const key_slot *)b)->key);
}

/* Reading one language: what its files assigned so far, per message. A
 * file's entries are staged and merged only when the whole file parses. */
typedef struct reading {
    const key_slot *slots;
    size_t slot_count;
    arena *arena;
    const char **exact, **alias;              /* $Key, $langKey: the language so far */
    const char **file_exact, **file_alias;    /* the file being read */
    const char *refusal;                      /* why the reader was stopped */
} reading;

static bool keep_entry(void *ctx, const char *name, size_t name_len, const char *value,
                       size_t value_len)
{
    reading *r = ctx;
    bool alias = name_len > 4 && memcmp(name, "lang", 4) == 0;
    for (int pass = 0; pass < 2; pass++) {
        /* $langKey counts for Key; $Key itself is tried first. */
        const char *n = pass == 0 ? name : name + 4;
        size_t n_len = pass == 0 ? name_len : name_len - 4;
        if (pass == 1 && !alias)
            break;
        /* Binary search for the first slot of this key. */
        size_t lo = 0, hi = r->slot_count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int cmp = strncmp(r->slots[mid].key, n, n_len);
            if (cmp == 0 && r->slots[mid].key[n_len] != '\0')
                cmp = 1;
            if (cmp < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = lo; i < r->slot_count && strlen(r->slots[i].key) == n_len &&
                            memcmp(r->slots[i].key, n, n_len) == 0;
             i++) {
            if (memchr(value, '\0', value_len) || !utf8_valid(value, value_len)) {
                r->refusal = "a kept text is not valid UTF-8 or holds a NUL byte";
                return false;
            }
            char *copy = arena_strndup(r->arena, value, value_len);
            if (!copy) {
                r->refusal = "out of memory";
                return false;
            }
            (pass == 0 ? r->file_exact : r->file_alias)[r->slots[i].message] = copy;
        }
    }
    return true;
}

/* Reads path whole into a malloc'd buffer. NULL with errno set on failure. */
static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > LANG_FILE_MAX) {
        int e = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
        fclose(f);
        errno = e;
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t got = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    bool failed = !buf || ferror(f) || got != (size_t)st.st_size;
    fclose(f);
    if (failed) {
        free(buf);
        errno = buf ? EIO : ENOMEM;
        return NULL;
    }
    *len = got;
    return buf;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_lang_file(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return e->d_name[0] != '.' && n > 8 && strcmp(e->d_name + n - 8, ".inc.php") == 0;
}

/* A language folder: Chamilo's folder names (lower-case letters, digits,
 * '_', '-'), english excepted (the catalogue is the English). */
static int is_lang_folder(const struct dirent *e)
{
    if (!e->d_name[0] || strcmp(e->d_name, "english") == 0)
        return 0;
    for (const char *p = e->d_name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return 0;
    return 1;
}

/* Reads one file into r; false when it is skipped (logged unless quiet). */
static bool read_file(reading *r, const char *path, bool quiet)
{
    size_t len = 0;
    char *text = read_whole(path, &len);
    if (!text) {
        if (!quiet)
            log_warn("language file %s skipped: %s", path,
                     errno == EFBIG ? "larger than 16 MB" : strerror(errno));
        return false;
    }
    memset(r->file_exact, 0, MESSAGE_COUNT * sizeof *r->file_exact);
    memset(r->file_alias, 0, MESSAGE_COUNT * sizeof *r->file_alias);
    r->refusal = NULL;
    char err[256];
    int rc = php_lang_file_read(text, len, keep_entry, r, err, sizeof err);
    free(text);
    if (rc != 0) {
        if (!quiet)
            log_warn("language file %s skipped: %s%s%s", path, err, r->refusal ? ": " : "",
                     r->refusal ? r->refusal : "");
        return false;
    }
    for (size_t i = 0; i < MESSAGE_COUNT; i++) {
        if (r->file_exact[i])
            r->exact[i] = r->file_exact[i];
        if (r->file_alias[i])
            r->alias[i] = r->file_alias[i];
    }
    return true;
}

/* The texts of message i from what its language assigned: NULL = English. */
static const char *final_text(arena *a, size_t i, const char *found)
{
    if (!found)
        return NULL;
    for (size_t k = 0; k < COUNT(COMPOSED); k++)
        if (COMPOSED[k].message == MESSAGE_TABLE[i].text)
            return arena_printf(a, "%s%s%s", COMPOSED[k].before, found, COMPOSED[k].after);
    return found;
}

/* Reads the language folder dir/name into lang. Returns 1 when at least
 * one of its files was read, 0 when none, -1 on OOM. */
static int read_language(reading *r, const char *dir, const char *name, bool quiet,
                         translation_language *lang)
{
    char *folder = arena_printf(r->arena, "%s/%s", dir, name);
    if (!folder)
        return -1;
    struct dirent **files = NULL;
    int n = scandir(folder, &files, is_lang_file, by_name);
    if (n < 0) {
        if (!quiet)
            log_warn("language folder %s skipped: %s", folder, strerror(errno));
        return 0;
    }
    memset(r->exact, 0, MESSAGE_COUNT * sizeof *r->exact);
    memset(r->alias, 0, MESSAGE_COUNT * sizeof *r->alias);
    int read = 0;
    for (int i = 0; i < n; i++) {
        char *path = arena_printf(r->arena, "%s/%s", folder, files[i]->d_name);
        if (path && read_file(r, path, quiet))
            read = 1;
    }
    for (int i = 0; i < n; i++)
        free(files[i]);
    free(files);
    if (!read)
        return 0;
    lang->name = arena_strdup(r->arena, name);
    lang->texts = arena_calloc(r->arena, MESSAGE_COUNT, sizeof *lang->texts);
    if (!lang->name || !lang->texts)
        return -1;
    for (size_t i = 0; i < MESSAGE_COUNT; i++) {
        const char *found = r->exact[i] ? r->exact[i] : r->alias[i];
        lang->texts[i] = final_text(r->arena, i, found);
        if (found && !lang->texts[i])
            return -1;
    }
    return 1;
}

/* A digest of the name, size and modification time of every language file
 * under dir/<folder>/: equal digests mean nothing to read again. */
static uint64_t tree_fingerprint(const char *dir, struct dirent **folders, int n)
{
    uint64_t fp = hash_bytes(dir, strlen(dir));
    for (int i = 0; i < n; i++) {
        char path[4096];
        int len = snprintf(path, sizeof path, "%s/%s", dir, folders[i]->d_name);
        struct dirent **files = NULL;
        int m = len > 0 && (size_t)len < sizeof path ? scandir(path, &files, is_lang_file, by_name)
                                                     : -1;
        for (int j = 0; j < m; j++) {
            struct {
                long long size, sec, nsec;
                uint64_t name;
            } facts = {-1, -1, -1, 0};
            char file[4096 + 256];
            snprintf(file, sizeof file, "%s/%s", path, files[j]->d_name);
            struct stat st;
            if (stat(file, &st) == 0) {
                facts.size = st.st_size;
                facts.sec = st.st_mtim.tv_sec;
                facts.nsec = st.st_mtim.tv_nsec;
            }
            facts.name = hash_bytes(file, strlen(file));
            fp = hash_bytes((const char *)&facts, sizeof facts) ^ (fp * 0x100000001b3u);
            free(files[j]);
        }
        free(files);
        fp = fp * 31 + (uint64_t)(m + 1);
    }
    return fp;
}

static void set_free(translation_set *set)
{
    if (set)
        arena_destroy(set->arena);
}

void translations_clear(void)
{
    translation_set *old = current;
    current = NULL;
    set_free(old);
}

int translations_load(const char *chamilo_root, bool quiet)
{
    if (!chamilo_root || !*chamilo_root) {
        translations_clear();
        return 0;
    }
    size_t root_len = strlen(chamilo_root);
    while (root_len > 1 && chamilo_root[root_len - 1] == '/')
        root_len--;

    arena *a = arena_create(64 * 1024);
    /* Scratch of the reading: malloc'd, not kept in the set. */
    key_slot *slots = calloc(MESSAGE_COUNT, sizeof *slots);
    const char **staging = calloc(4 * MESSAGE_COUNT, sizeof *staging);
    char *dir = a ? arena_printf(a, "%.*s/main/lang", (int)root_len, chamilo_root) : NULL;
    struct dirent **folders = NULL;
    int n = -1;
    translation_set *set = a ? arena_calloc(a, 1, sizeof *set) : NULL;
    if (!slots || !staging || !dir || !set) {
        log_error("language files: out of memory");
        goto fail;
    }
    n = scandir(dir, &folders, is_lang_folder, by_name);
    if (n < 0) {
        if (!quiet)
            log_error("language files: cannot list %s: %s", dir, strerror(errno));
        goto fail;
    }
    set->dir = dir;
    set->fingerprint = tree_fingerprint(dir, folders, n);
    if (current && current->fingerprint == set->fingerprint && strcmp(current->dir, dir) == 0) {
        for (int i = 0; i < n; i++)
            free(folders[i]);
        free(folders);
        free(slots);
        free(staging);
        arena_destroy(a);
        return 1;
    }

    size_t slot_count = 0;
    for (size_t i = 0; i < MESSAGE_COUNT; i++) {
        const char *key = language_key(i);
        if (key)
            slots[slot_count++] = (key_slot){key, i};
    }
    qsort(slots, slot_count, sizeof *slots, compare_slots);

    set->arena = a;
    set->languages = arena_calloc(a, n ? (size_t)n : 1, sizeof *set->languages);
    if (!set->languages) {
        log_error("language files: out of memory");
        goto fail;
    }
    reading r = {
        .slots = slots,
        .slot_count = slot_count,
        .arena = a,
        .exact = staging,
        .alias = staging + MESSAGE_COUNT,
        .file_exact = staging + 2 * MESSAGE_COUNT,
        .file_alias = staging + 3 * MESSAGE_COUNT,
    };
    for (int i = 0; i < n; i++) {
        int got = read_language(&r, dir, folders[i]->d_name, quiet, &set->languages[set->count]);
        if (got < 0) {
            log_error("language files: out of memory");
            goto fail;
        }
        set->count += (size_t)got;
    }
    for (int i = 0; i < n; i++)
        free(folders[i]);
    free(folders);
    free(slots);
    free(staging);
    translations_clear();
    current = set;
    return 0;

fail:
    for (int i = 0; i < n; i++)
        free(folders[i]);
    free(folders);
    free(slots);
    free(staging);
    if (a)
        arena_destroy(a);
    return -1;
}

const translation_language *translations_find(const char *name, size_t len)
{
    if (!current)
        return NULL;
    size_t lo = 0, hi = current->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = current->languages[mid].name;
        int cmp = strncmp(m, name, len);
        if (cmp == 0)
            cmp = m[len] != '\0';
        if (cmp == 0)
            return &current->languages[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool translations_known(const char *name, size_t len)
{
    return (len == 7 && memcmp(name, "english", 7) == 0) || translations_find(name, len);
}

size_t translations_language_count(void)
{
    return current ? current->count : 0;
}

size_t translations_bytes(void)
{
    return current ? arena_used(current->arena) : 0;
}

const char *translations_text(const translation_language *lang, const char *message,
                              bool key_markup)
{
    if (!lang && !key_markup)
        return message;
    int i = message_index(message);
    if (i < 0)
        return message;
    if (lang && lang->texts[i])
        return lang->texts[i];
    if (key_markup)
        for (size_t k = 0; k < COUNT(BARE_KEYS); k++)
            if (BARE_KEYS[k].message == message)
                return BARE_KEYS[k].marked;
    return message;
}
