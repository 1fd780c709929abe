/*
 * openapi.c - see openapi.h.
 *
 * The description is derived, never written: one operation per row of the
 * action table (actions.def), its parameters from the row's declaration
 * (ACTION_PARAMS), its summary and description from the words declared
 * atop its handler (ACTION_ABOUT) followed by the gate said in words, its
 * tag from the folder of its handler (its domain), its security
 * requirement from the gate, its answers from the flags and the shape
 * declared beside its handler (ACTION_ANSWER, reply.h), typed for the
 * php_types given. Every action is served on the same URL and chosen by its
 * `action` parameter, so each gets the path "/main/webservices/api/v2.php
 * ?action=<name>" (the query string makes the paths unique; clients send
 * `action` in the query string or in the body alike).
 *
 * Ownership: the tree is built with json-c and released before returning.
 */
#include "api/openapi.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "api/action_table.h"

#define ENDPOINT "/main/webservices/api/v2.php"

static struct json_object *str(const char *s)
{
    return json_object_new_string(s);
}

static struct json_object *obj_with(const char *key, struct json_object *value)
{
    struct json_object *o = json_object_new_object();
    json_object_object_add(o, key, value);
    return o;
}

static struct json_object *ref(const char *target)
{
    return obj_with("$ref", str(target));
}

/* The JSON Schema of one parameter kind, as it travels (form fields are
 * text; PHP converts them). */
static struct json_object *kind_schema(const param_def *d)
{
    struct json_object *s = json_object_new_object();
    switch (d->kind) {
    case PK_INT:
        json_object_object_add(s, "type", str("integer"));
        break;
    case PK_INT_LIST: {
        json_object_object_add(s, "type", str("array"));
        json_object_object_add(s, "items", obj_with("type", str("integer")));
        break;
    }
    case PK_DATE:
        json_object_object_add(s, "type", str("string"));
        json_object_object_add(s, "pattern",
                               str("^[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$"));
        break;
    case PK_BOOL:
    case PK_FILTER_BOOL:
        json_object_object_add(s, "type", str("string"));
        json_object_object_add(s, "description",
                               str(d->kind == PK_BOOL ? "PHP truthiness: \"\", \"0\" are false"
                                                      : "\"1\", \"true\", \"on\", \"yes\" are true"));
        break;
    case PK_ARRAY:
        json_object_object_add(s, "type", str("object"));
        break;
    case PK_ANY:
        break; /* a string or an array */
    case PK_STRING:
    case PK_TEXT:
        json_object_object_add(s, "type", str("string"));
        if (d->max_len)
            json_object_object_add(s, "maxLength", json_object_new_int64((int64_t)d->max_len));
        break;
    }
    return s;
}

/* Where a parameter is read: the query string, or the body (POST); REQUEST
 * and the hash-visible bags accept both, documented in the body with a
 * note. */
static bool read_from_query(const param_def *d)
{
    return d->source == FROM_GET || d->source == FROM_QUERY_BAG;
}

static const char *source_note(param_source src)
{
    switch (src) {
    case FROM_GET:
        return "$_GET: the query string only";
    case FROM_POST:
        return "$_POST: the body only";
    case FROM_REQUEST:
        return "$_REQUEST: the body, else the query string";
    case FROM_QUERY_BAG:
        return "the query string or the JSON `hash` parameter";
    case FROM_REQUEST_BAG:
        return "the body (also of PUT/PATCH/DELETE)";
    }
    return "";
}

static struct json_object *security_of(const action_def *act)
{
    struct json_object *list = json_object_new_array();
    struct json_object *roles = json_object_new_array();
    switch (act->gate.kind) {
    case GATE_PUBLIC:
        json_object_put(roles);
        return list; /* [] : no key needed */
    case GATE_KEY:
        break;
    case GATE_ADMIN:
        json_object_array_add(roles, str("admin"));
        break;
    case GATE_SELF_OR_ADMIN:
        json_object_array_add(roles, str("self-or-admin"));
        break;
    case GATE_ADMIN_KEYS:
        json_object_array_add(roles, str("admin"));
        json_object_array_add(roles, str("webservice_enable_adminonly_api"));
        break;
    }
    struct json_object *req = json_object_new_object();
    json_object_object_add(req, "username", json_object_new_array());
    json_object_object_add(req, "apiKey", roles);
    json_object_array_add(list, req);
    return list;
}

/* The operation's description: the handler's own words (ACTION_ABOUT),
 * then who may call it in words from the gate, what the flags imply, and
 * the contract section. NULL (a JSON null) when out of memory. */
static struct json_object *description_of(const action_def *act)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    fprintf(f, "%s\n\n**Who may call it:** ", act->about->description);
    switch (act->gate.kind) {
    case GATE_PUBLIC:
        fputs("anyone: no `api_key` is needed.", f);
        break;
    case GATE_KEY:
        fputs("any user with a valid `api_key`.", f);
        break;
    case GATE_ADMIN:
        fputs("platform administrators, with a valid `api_key`.", f);
        break;
    case GATE_SELF_OR_ADMIN:
        fprintf(f,
                "the user whose id is the `%s` parameter (%s; 0 or absent: the caller), "
                "or a platform administrator.",
                act->gate.target_param, source_note(act->gate.target_source));
        break;
    case GATE_ADMIN_KEYS:
        fputs("platform administrators, and only while the setting "
              "`webservice_enable_adminonly_api` is on.",
              f);
        break;
    }
    if (act->flags & ACT_COURSE)
        fputs(" Needs the course context: the `course` parameter names a course the caller "
              "may enter.",
              f);
    if (act->flags & ACT_WRITE)
        fputs(" Writes in one transaction: an error leaves nothing changed.", f);
    fprintf(f, "\n\n**Code:** %s. **Contract:** docs/contract/%s", act->about->source,
            act->about->contract);
    struct json_object *s = fclose(f) == 0 ? str(text) : NULL;
    free(text);
    return s;
}

/* The action's domain: the folder of its handler, lib/actions/<domain>/,
 * written into domain (size bytes); "actions" when the path has no such
 * folder. */
static void domain_of(const action_def *act, char *domain, size_t size)
{
    const char *start = strstr(act->about->source, "actions/");
    const char *end = start ? strchr(start + strlen("actions/"), '/') : NULL;
    if (!end) {
        snprintf(domain, size, "actions");
        return;
    }
    start += strlen("actions/");
    snprintf(domain, size, "%.*s", (int)(end - start), start);
}

/* ---- answer shapes (reply.h) as JSON Schema ---- */

static struct json_object *type_or_null(const char *type)
{
    struct json_object *types = json_object_new_array();
    json_object_array_add(types, str(type));
    json_object_array_add(types, str("null"));
    return obj_with("type", types);
}

/* A field of that kind as reply_value writes it: an integer or float column
 * is a number under PHP 8 and a string under 7.4; SQL NULL is null except
 * where the kind says otherwise (FK_INT: 0, FK_STRING_EMPTY: ""). */
static struct json_object *value_schema(field_kind kind, bool php8)
{
    switch (kind) {
    case FK_COLUMN_INT: {
        if (php8)
            return type_or_null("integer");
        struct json_object *s = type_or_null("string");
        json_object_object_add(s, "pattern", str("^-?[0-9]+$"));
        return s;
    }
    case FK_COLUMN_FLOAT:
        return type_or_null(php8 ? "number" : "string");
    case FK_INT:
        return obj_with("type", str("integer"));
    case FK_STRING:
        return type_or_null("string");
    case FK_STRING_EMPTY:
        return obj_with("type", str("string"));
    case FK_BOOL:
        return obj_with("type", str("boolean"));
    }
    return json_object_new_object();
}

static struct json_object *shape_schema(const answer_shape *shape, bool php8);

static void add_property(struct json_object *props, struct json_object *required, const char *key,
                         struct json_object *schema, bool optional)
{
    bool listed = json_object_object_get_ex(props, key, NULL);
    json_object_object_add(props, key, schema); /* a repeated key replaces, as reply_set does */
    if (!optional && !listed)
        json_object_array_add(required, str(key));
}

static struct json_object *object_schema(const answer_shape *shape, bool php8)
{
    struct json_object *s = obj_with("type", str("object"));
    struct json_object *props = json_object_new_object();
    struct json_object *required = json_object_new_array();
    struct json_object *more = NULL;
    for (size_t i = 0; i < shape->field_count; i++)
        add_property(props, required, shape->fields[i].key,
                     shape->nulls ? obj_with("type", str("null"))
                                  : value_schema(shape->fields[i].kind, php8),
                     false);
    for (size_t i = 0; i < shape->key_count; i++) {
        const shape_key *k = &shape->keys[i];
        if (k->key)
            add_property(props, required, k->key, shape_schema(k->shape, php8), k->optional);
        else
            more = shape_schema(k->shape, php8);
    }
    json_object_object_add(s, "properties", props);
    json_object_object_add(s, "required", required);
    json_object_object_add(s, "additionalProperties", more ? more : json_object_new_boolean(0));
    return s;
}

/* An object keyed by ids; PHP encodes the empty array as []. */
static struct json_object *keyed_schema(const answer_shape *shape, bool php8)
{
    struct json_object *object = obj_with("type", str("object"));
    json_object_object_add(object, "propertyNames", obj_with("pattern", str("^-?[0-9]+$")));
    json_object_object_add(object, "additionalProperties", shape_schema(shape->inner[0], php8));
    struct json_object *any = json_object_new_array();
    json_object_array_add(any, object);
    json_object_array_add(any, shape_schema(A_EMPTY, php8));
    return obj_with("anyOf", any);
}

static struct json_object *shape_schema(const answer_shape *shape, bool php8)
{
    switch (shape->kind) {
    case SHAPE_VALUE:
        return value_schema(shape->value, php8);
    case SHAPE_INT:
        return obj_with("type", str("integer"));
    case SHAPE_TEXT:
        return obj_with("type", str("string"));
    case SHAPE_BOOL:
        return obj_with("type", str("boolean"));
    case SHAPE_NUMBER:
        return obj_with("type", str("number"));
    case SHAPE_NULL:
        return obj_with("type", str("null"));
    case SHAPE_ANY:
    case SHAPE_REDIRECT:
        return json_object_new_object();
    case SHAPE_OBJECT:
        return object_schema(shape, php8);
    case SHAPE_LIST: {
        struct json_object *s = obj_with("type", str("array"));
        json_object_object_add(s, "items", shape_schema(shape->inner[0], php8));
        return s;
    }
    case SHAPE_EMPTY: {
        struct json_object *s = obj_with("type", str("array"));
        json_object_object_add(s, "maxItems", json_object_new_int(0));
        return s;
    }
    case SHAPE_TUPLE: {
        struct json_object *s = obj_with("type", str("array"));
        struct json_object *items = json_object_new_array();
        for (size_t i = 0; i < shape->inner_count; i++)
            json_object_array_add(items, shape_schema(shape->inner[i], php8));
        json_object_object_add(s, "prefixItems", items);
        json_object_object_add(s, "items", json_object_new_boolean(0));
        return s;
    }
    case SHAPE_BY_ID:
        return keyed_schema(shape, php8);
    case SHAPE_NULLABLE: {
        struct json_object *any = json_object_new_array();
        json_object_array_add(any, shape_schema(shape->inner[0], php8));
        json_object_array_add(any, obj_with("type", str("null")));
        return obj_with("anyOf", any);
    }
    case SHAPE_ONE_OF: {
        struct json_object *s;
        if (shape->inner_count == 1) {
            s = shape_schema(shape->inner[0], php8);
        } else {
            struct json_object *any = json_object_new_array();
            for (size_t i = 0; i < shape->inner_count; i++)
                json_object_array_add(any, shape_schema(shape->inner[i], php8));
            s = obj_with("anyOf", any);
        }
        if (shape->note)
            json_object_object_add(s, "description", str(shape->note));
        return s;
    }
    }
    return json_object_new_object();
}

/* {"error": false, "data": data}. */
static struct json_object *success_schema(struct json_object *data)
{
    struct json_object *s = obj_with("type", str("object"));
    struct json_object *required = json_object_new_array();
    json_object_array_add(required, str("error"));
    json_object_array_add(required, str("data"));
    json_object_object_add(s, "required", required);
    struct json_object *props = json_object_new_object();
    json_object_object_add(props, "error", obj_with("const", json_object_new_boolean(0)));
    json_object_object_add(props, "data", data);
    json_object_object_add(s, "properties", props);
    json_object_object_add(s, "additionalProperties", json_object_new_boolean(0));
    return s;
}

static struct json_object *operation(const action_def *act, bool php8)
{
    struct json_object *op = json_object_new_object();
    json_object_object_add(op, "operationId", str(act->name));
    json_object_object_add(op, "summary", str(act->about->summary));
    json_object_object_add(op, "description", description_of(act));
    char domain[64];
    domain_of(act, domain, sizeof domain);
    struct json_object *tags = json_object_new_array();
    json_object_array_add(tags, str(domain));
    json_object_object_add(op, "tags", tags);

    struct json_object *query = json_object_new_array();
    struct json_object *props = json_object_new_object();
    struct json_object *action = obj_with("type", str("string"));
    json_object_object_add(action, "const", str(act->name));
    json_object_object_add(props, "action", action);
    struct json_object *required = json_object_new_array();
    json_object_array_add(required, str("action"));
    for (size_t i = 0; i < act->params->count; i++) {
        const param_def *d = &act->params->defs[i];
        struct json_object *schema = kind_schema(d);
        if (read_from_query(d)) {
            struct json_object *p = json_object_new_object();
            json_object_object_add(p, "name", str(d->name));
            json_object_object_add(p, "in", str("query"));
            json_object_object_add(p, "description", str(source_note(d->source)));
            json_object_object_add(p, "required", json_object_new_boolean(d->flags & P_REQUIRED));
            json_object_object_add(p, "schema", schema);
            json_object_array_add(query, p);
        } else {
            json_object_object_add(schema, "description", str(source_note(d->source)));
            json_object_object_add(props, d->name, schema);
            if (d->flags & P_REQUIRED)
                json_object_array_add(required, str(d->name));
        }
    }
    if (json_object_array_length(query))
        json_object_object_add(op, "parameters", query);
    else
        json_object_put(query);

    struct json_object *body_schema = json_object_new_object();
    json_object_object_add(body_schema, "type", str("object"));
    json_object_object_add(body_schema, "properties", props);
    json_object_object_add(body_schema, "required", required);
    struct json_object *all = json_object_new_array();
    json_object_array_add(all, ref("#/components/schemas/GlobalParameters"));
    json_object_array_add(all, body_schema);
    /* The same fields in every encoding: one schema object shared. JSON
     * first, because documentation tools draw a request sample of the first
     * (a form encoding gets none). */
    struct json_object *fields = obj_with("schema", obj_with("allOf", all));
    struct json_object *content = json_object_new_object();
    json_object_object_add(content, "application/json", fields);
    json_object_object_add(content, "application/x-www-form-urlencoded", json_object_get(fields));
    json_object_object_add(content, "multipart/form-data", json_object_get(fields));
    json_object_object_add(op, "requestBody", obj_with("content", content));

    struct json_object *responses = json_object_new_object();
    const answer_shape *shape = *act->answer;
    if (act->flags & ACT_REDIRECT) {
        struct json_object *r = json_object_new_object();
        json_object_object_add(r, "description", str("A redirect to the web platform"));
        json_object_object_add(r, "headers",
                               obj_with("Location", obj_with("schema", obj_with("type", str("string")))));
        json_object_object_add(responses, "302", r);
        json_object_object_add(responses, "200", ref("#/components/responses/Error"));
    } else if (act->flags & ACT_RAW) {
        struct json_object *r = json_object_new_object();
        json_object_object_add(r, "description",
                               str("The data alone, pretty-printed JSON without the envelope "
                                   "(text/html, as v2.php echoes it); refusals use the error "
                                   "envelope (application/json)"));
        /* The refusals' envelope (application/json) is the error schema,
         * said in words: a second media type would be drawn first. */
        struct json_object *data = obj_with("schema", shape_schema(shape, php8));
        json_object_object_add(r, "content", obj_with("text/html", data));
        json_object_object_add(responses, "200", r);
    } else {
        struct json_object *r = json_object_new_object();
        json_object_object_add(r, "description",
                               str("Chamilo's envelope: {\"error\":false,\"data\":...} with the "
                                   "data below, or the error envelope"));
        struct json_object *answers = json_object_new_array();
        json_object_array_add(answers, success_schema(shape_schema(shape, php8)));
        json_object_array_add(answers, ref("#/components/schemas/Error"));
        struct json_object *envelopes = obj_with("schema", obj_with("anyOf", answers));
        json_object_object_add(r, "content", obj_with("application/json", envelopes));
        json_object_object_add(responses, "200", r);
    }
    json_object_object_add(responses, "400", ref("#/components/responses/Error"));
    json_object_object_add(responses, "413", ref("#/components/responses/Error"));
    json_object_object_add(responses, "500", ref("#/components/responses/Error"));
    json_object_object_add(responses, "503", ref("#/components/responses/Error"));
    json_object_object_add(op, "responses", responses);
    json_object_object_add(op, "security", security_of(act));
    return op;
}

/* Every message of the catalogue, as the error envelope's examples. */
static struct json_object *catalogue(void)
{
    struct json_object *list = json_object_new_array();
#define MSG(key, text) json_object_array_add(list, str(text));
#include "api/messages.def"
#undef MSG
    return list;
}

static struct json_object *components(void)
{
    const char *error =
        "{\"type\":\"object\",\"required\":[\"error\",\"message\"],"
        "\"additionalProperties\":false,\"properties\":"
        "{\"error\":{\"const\":true},\"message\":{\"type\":\"string\"}}}";
    const char *globals =
        "{\"type\":\"object\",\"properties\":{"
        "\"username\":{\"type\":\"string\",\"description\":\"The caller's login name\"},"
        "\"api_key\":{\"type\":\"string\",\"description\":\"The caller's key (authenticate)\"},"
        "\"course\":{\"type\":\"integer\",\"description\":\"Course context (course id)\"},"
        "\"session\":{\"type\":\"integer\",\"description\":\"Session context (session id)\"},"
        "\"language\":{\"type\":\"string\",\"description\":\"Language of the messages (a "
        "Chamilo language folder such as spanish; query string only); the caller's own "
        "language comes first (setting chamilo_root)\"},"
        "\"hash\":{\"type\":\"string\",\"description\":\"A JSON object of parameters\"}}}";
    struct json_object *c = json_object_new_object();
    struct json_object *schemas = json_object_new_object();
    struct json_object *error_schema = json_tokener_parse(error);
    struct json_object *message = json_object_object_get(
        json_object_object_get(error_schema, "properties"), "message");
    json_object_object_add(message, "description",
                           str("A sentence of the catalogue (lib/api/messages.def); \"%s\" "
                               "stands for what the answer names (a parameter, a value)"));
    json_object_object_add(message, "examples", catalogue());
    json_object_object_add(schemas, "Error", error_schema);
    json_object_object_add(schemas, "GlobalParameters", json_tokener_parse(globals));
    json_object_object_add(c, "schemas", schemas);
    struct json_object *resp = json_object_new_object();
    json_object_object_add(resp, "description",
                           str("Chamilo's error envelope: {\"error\":true,\"message\":\"...\"}"));
    json_object_object_add(resp, "content",
                           obj_with("application/json",
                                    obj_with("schema", ref("#/components/schemas/Error"))));
    json_object_object_add(c, "responses", obj_with("Error", resp));
    struct json_object *sec = json_object_new_object();
    struct json_object *key = json_object_new_object();
    json_object_object_add(key, "type", str("apiKey"));
    json_object_object_add(key, "in", str("query"));
    json_object_object_add(key, "name", str("api_key"));
    json_object_object_add(key, "description",
                           str("The key authenticate returns; also accepted in the body or the "
                               "hash parameter. Roles: admin (a platform administrator), "
                               "self-or-admin (the user the call is about, or an "
                               "administrator), webservice_enable_adminonly_api (the setting is on)."));
    json_object_object_add(sec, "apiKey", key);
    struct json_object *user = json_object_new_object();
    json_object_object_add(user, "type", str("apiKey"));
    json_object_object_add(user, "in", str("query"));
    json_object_object_add(user, "name", str("username"));
    json_object_object_add(sec, "username", user);
    json_object_object_add(c, "securitySchemes", sec);
    return c;
}

/* An action answers a redirect exactly when its row says so. */
static bool shapes_match_flags(const action_def *rows, size_t count)
{
    bool ok = true;
    for (size_t i = 0; i < count; i++) {
        bool redirect = (*rows[i].answer)->kind == SHAPE_REDIRECT;
        if (redirect != ((rows[i].flags & ACT_REDIRECT) != 0)) {
            fprintf(stderr, "chamilo-fcgi: %s: ACTION_ANSWER %s A_REDIRECT but its row %s "
                            "ACT_REDIRECT\n", rows[i].name, redirect ? "is" : "is not",
                    redirect ? "lacks" : "has");
            ok = false;
        }
    }
    return ok;
}

int openapi_print(FILE *out, bool php8)
{
    size_t count;
    const action_def *rows = action_table_rows(&count);
    if (!shapes_match_flags(rows, count))
        return -1;
    struct json_object *doc = json_object_new_object();
    json_object_object_add(doc, "openapi", str("3.1.0"));
    struct json_object *info = json_object_new_object();
    json_object_object_add(info, "title", str("Chamilo REST web service (v2.php), chamilo-fcgi"));
    json_object_object_add(info, "version", str("1.11.32"));
    json_object_object_add(info, "description",
                           str("Every action of main/webservices/api/v2.php, generated from "
                               "chamilo-fcgi's action table. An action is chosen by its `action` "
                               "parameter; answers are Chamilo's JSON envelope, each with the "
                               "schema of its data under PHP's types as configured: "
                               "php_types = 8 (integer columns are numbers) or 7.4 (they are "
                               "strings)."));
    json_object_object_add(info, "x-php-types", str(php8 ? "8" : "7.4"));
    json_object_object_add(doc, "info", info);
    /* The domains, in the order of their first action in the table. */
    struct json_object *tags = json_object_new_array();
    for (size_t i = 0; i < count; i++) {
        char domain[64];
        domain_of(&rows[i], domain, sizeof domain);
        bool seen = false;
        for (size_t j = 0; j < json_object_array_length(tags) && !seen; j++)
            seen = strcmp(json_object_get_string(json_object_object_get(
                              json_object_array_get_idx(tags, j), "name")),
                          domain) == 0;
        if (seen)
            continue;
        char about[128];
        snprintf(about, sizeof about, "The actions whose handlers are in lib/actions/%s/.", domain);
        struct json_object *tag = obj_with("name", str(domain));
        json_object_object_add(tag, "description", str(about));
        json_object_array_add(tags, tag);
    }
    json_object_object_add(doc, "tags", tags);
    struct json_object *paths = json_object_new_object();
    for (size_t i = 0; i < count; i++) {
        char path[160];
        snprintf(path, sizeof path, "%s?action=%s", ENDPOINT, rows[i].name);
        json_object_object_add(paths, path, obj_with("post", operation(&rows[i], php8)));
    }
    json_object_object_add(doc, "paths", paths);
    json_object_object_add(doc, "components", components());
    const char *text =
        json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
    int rc = text && fputs(text, out) >= 0 && fputc('\n', out) != EOF ? 0 : -1;
    json_object_put(doc);
    return rc;
}
