/*
 * openapi.c - see openapi.h.
 *
 * The description is derived, never written: one operation per row of the
 * action table (actions.def), its parameters from the row's declaration
 * (ACTION_PARAMS), its summary and description from the words declared
 * atop its handler (ACTION_ABOUT) followed by the gate said in words, its
 * tag from the folder of its handler (its domain), its security
 * requirement from the gate, its answers from the flags. Every action is served on the same URL and chosen by its
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

static struct json_object *operation(const action_def *act)
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
    if (act->flags & ACT_REDIRECT) {
        struct json_object *r = json_object_new_object();
        json_object_object_add(r, "description", str("A redirect to the web platform"));
        json_object_object_add(r, "headers",
                               obj_with("Location", obj_with("schema", obj_with("type", str("string")))));
        json_object_object_add(responses, "302", r);
        json_object_object_add(responses, "200", ref("#/components/responses/Envelope"));
    } else if (act->flags & ACT_RAW) {
        struct json_object *r = json_object_new_object();
        json_object_object_add(r, "description",
                               str("The data alone, pretty-printed JSON without the envelope "
                                   "(text/html, as v2.php echoes it); refusals use the envelope"));
        json_object_object_add(r, "content",
                               obj_with("text/html", obj_with("schema", obj_with("type", str("string")))));
        json_object_object_add(responses, "200", r);
    } else {
        json_object_object_add(responses, "200", ref("#/components/responses/Envelope"));
    }
    json_object_object_add(responses, "400", ref("#/components/responses/Envelope"));
    json_object_object_add(responses, "413", ref("#/components/responses/Envelope"));
    json_object_object_add(responses, "500", ref("#/components/responses/Envelope"));
    json_object_object_add(responses, "503", ref("#/components/responses/Envelope"));
    json_object_object_add(op, "responses", responses);
    json_object_object_add(op, "security", security_of(act));
    return op;
}

static struct json_object *components(void)
{
    const char *envelope =
        "{\"oneOf\":["
        "{\"type\":\"object\",\"required\":[\"error\",\"data\"],\"properties\":"
        "{\"error\":{\"const\":false},\"data\":{}}},"
        "{\"type\":\"object\",\"required\":[\"error\",\"message\"],\"properties\":"
        "{\"error\":{\"const\":true},\"message\":{\"type\":\"string\"}}}]}";
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
    json_object_object_add(schemas, "Envelope", json_tokener_parse(envelope));
    json_object_object_add(schemas, "GlobalParameters", json_tokener_parse(globals));
    json_object_object_add(c, "schemas", schemas);
    struct json_object *resp = json_object_new_object();
    json_object_object_add(resp, "description",
                           str("Chamilo's envelope: {\"error\":false,\"data\":...} or "
                               "{\"error\":true,\"message\":\"...\"}"));
    json_object_object_add(resp, "content",
                           obj_with("application/json",
                                    obj_with("schema", ref("#/components/schemas/Envelope"))));
    json_object_object_add(c, "responses", obj_with("Envelope", resp));
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

int openapi_print(FILE *out)
{
    size_t count;
    const action_def *rows = action_table_rows(&count);
    struct json_object *doc = json_object_new_object();
    json_object_object_add(doc, "openapi", str("3.1.0"));
    struct json_object *info = json_object_new_object();
    json_object_object_add(info, "title", str("Chamilo REST web service (v2.php), chamilo-fcgi"));
    json_object_object_add(info, "version", str("1.11.32"));
    json_object_object_add(info, "description",
                           str("Every action of main/webservices/api/v2.php, generated from "
                               "chamilo-fcgi's action table. An action is chosen by its `action` "
                               "parameter; answers are Chamilo's JSON envelope."));
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
        json_object_object_add(paths, path, obj_with("post", operation(&rows[i])));
    }
    json_object_object_add(doc, "paths", paths);
    json_object_object_add(doc, "components", components());
    const char *text =
        json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
    int rc = text && fputs(text, out) >= 0 && fputc('\n', out) != EOF ? 0 : -1;
    json_object_put(doc);
    return rc;
}
