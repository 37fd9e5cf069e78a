/*
 * incident.c - /api/v1/incidents: the register, a step's changes, the
 * timeline. Incidents are addressed by their public id (SC-2026-0001).
 */
#include "api/api.h"
#include "api/part.h"
#include "api/spec.h"
#include "core/arena.h"
#include "core/parse.h"
#include "core/time.h"
#include "http/json.h"
#include "service/incident.h"
#include "service/step.h"
#include "service/timeline.h"

#include <string.h>

static const struct uc_jfield propose_spec[] = {
	{ "reason", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield decide_spec[] = {
	{ "decision", UC_JSTR, 1, 0, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield close_spec[] = {
	{ "root_cause", UC_JSTR, 1, 0, NULL },
	{ "damage_estimate", UC_JSTR, 1, 0, NULL },
	{ "lessons_learned", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield step_spec[] = {
	{ "state", UC_JSTR, 0, 0, NULL },
	{ "failed", UC_JBOOL, 0, 0, NULL },
	{ "reason", UC_JSTR, 0, 0, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield units_spec[] = {
	{ "lead", UC_JARRAY, 0, 0, NULL },
	{ "coordinating", UC_JARRAY, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield event_spec[] = {
	{ "at", UC_JSTR, 1, 0, NULL },
	{ "summary", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const char *const list_params[] = {
	"unit_id", "status", "type", "severity", "priority", "tlp", "q",
	"from", "to", "assignee", "overdue", "open", "sort", NULL
};

/* The list's filters, and what to count by. */
static const char *const count_params[] = {
	"unit_id", "status", "type", "severity", "priority", "tlp", "q",
	"from", "to", "assignee", "overdue", "open", "sort", "group", NULL
};

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static enum uc_status
id_param(struct uc_req *req, const char *name, int64_t *v,
    struct uc_error *err)
{
	const char *s = uc_req_query(req, name), *p = s;

	*v = 0;
	if (s == NULL)
		return UC_OK;
	if (uc_parse_i64(&p, 1, INT64_MAX, v) != UC_OK || *p != '\0')
		return uc_error_field(err, name, "format", "%s is an id",
		    name);
	return UC_OK;
}

/* ?from= and ?to= as ISO instants or dates (dd days in UTC+7). */
static enum uc_status
time_param(struct uc_req *req, const char *name, const char **out,
    struct uc_error *err)
{
	const char *s = uc_req_query(req, name);
	char iso[UC_TIME_ISO_LEN + 1];
	int64_t ms;

	*out = NULL;
	if (s == NULL)
		return UC_OK;
	/* a bare date is that whole local day: from its start, to its end */
	if (strlen(s) == 10)
		s = uc_arena_printf(req->arena, "%sT%s+07:00", s,
		    strcmp(name, "to") == 0 ? "23:59:59.999" : "00:00:00");
	if (uc_time_parse(s, &ms) != UC_OK)
		return uc_error_field(err, name, "format", "%s is a date "
		    "(2026-11-21) or an ISO 8601 time", name);
	uc_time_format(ms, iso, sizeof(iso));
	*out = uc_arena_strdup(req->arena, iso);
	return UC_OK;
}

static int
flag(struct uc_req *req, const char *name)
{
	const char *s = uc_req_query(req, name);

	return s != NULL && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0);
}

static enum uc_status
filter_from_query(struct uc_req *req, const char *const *params,
    struct uc_incident_filter *f, struct uc_error *err)
{
	enum uc_status rc;

	rc = uc_req_page(req, params, &f->limit, &f->cursor, err);
	if (rc == UC_OK)
		rc = id_param(req, "unit_id", &f->unit_id, err);
	if (rc == UC_OK)
		rc = id_param(req, "assignee", &f->assignee_id, err);
	if (rc == UC_OK)
		rc = time_param(req, "from", &f->detected_from, err);
	if (rc == UC_OK)
		rc = time_param(req, "to", &f->detected_to, err);
	f->status = uc_req_query(req, "status");
	f->type = uc_req_query(req, "type");
	f->severity = uc_req_query(req, "severity");
	f->priority = uc_req_query(req, "priority");
	f->tlp = uc_req_query(req, "tlp");
	f->q = uc_req_query(req, "q");
	f->sort = uc_req_query(req, "sort");
	f->overdue = flag(req, "overdue");
	f->open = flag(req, "open");
	if (rc == UC_OK && f->sort && strcmp(f->sort, "due") != 0 &&
	    strcmp(f->sort, "detected") != 0)
		rc = uc_error_field(err, "sort", "enum", "sort is detected or "
		    "due");
	return rc;
}

enum uc_status
api_incident_list(struct uc_req *req, struct uc_error *err)
{
	struct uc_incident_filter f;
	json_t *j_items = NULL;
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.limit = 50;
	rc = filter_from_query(req, list_params, &f, err);
	if (rc == UC_OK)
		rc = uc_incident_list(&req->ctx, &f, &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}

/* ?group= adds the counts per status, type ... (service/incident.h). */
enum uc_status
api_incident_count(struct uc_req *req, struct uc_error *err)
{
	struct uc_incident_filter f;
	json_t *j_out = NULL;
	const char *group;
	int64_t n = 0;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.limit = 50;
	rc = filter_from_query(req, count_params, &f, err);
	group = uc_req_query(req, "group");
	if (rc == UC_OK && group != NULL)
		rc = uc_incident_groups(&req->ctx, &f, group, &j_out, err);
	else if (rc == UC_OK)
		rc = uc_incident_count(&req->ctx, &f, &n, err);
	if (rc == UC_OK && j_out == NULL)
		j_out = json_pack("{sI}", "count", (json_int_t)n);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}

enum uc_status
api_incident_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc;

	rc = uc_req_body(req, uc_spec_incident_create, &j_in, err);
	if (rc == UC_OK)
		rc = uc_incident_create(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

enum uc_status
api_incident_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	enum uc_status rc = uc_incident_get(&req->ctx, req->params[0],
	    &j_out, err);

	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

/* A change with a JSON body and If-Match; fn gets both. */
typedef enum uc_status (*change_fn)(struct uc_req *req, int64_t version,
    json_t *in, json_t **out, struct uc_error *err);

static enum uc_status
change(struct uc_req *req, const struct uc_jfield *spec, change_fn fn,
    struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t version = 0;
	enum uc_status rc;

	rc = uc_req_body(req, spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = fn(req, version, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

static enum uc_status
do_update(struct uc_req *req, int64_t v, json_t *in, json_t **out,
    struct uc_error *err)
{
	return uc_incident_update(&req->ctx, req->params[0], v, in, out, err);
}

static enum uc_status
do_propose(struct uc_req *req, int64_t v, json_t *in, json_t **out,
    struct uc_error *err)
{
	return uc_incident_propose(&req->ctx, req->params[0], v,
	    str(in, "reason"), out, err);
}

static enum uc_status
do_decide(struct uc_req *req, int64_t v, json_t *in, json_t **out,
    struct uc_error *err)
{
	return uc_incident_decide(&req->ctx, req->params[0], v,
	    str(in, "decision"), str(in, "note"), out, err);
}

static enum uc_status
do_close(struct uc_req *req, int64_t v, json_t *in, json_t **out,
    struct uc_error *err)
{
	return uc_incident_close(&req->ctx, req->params[0], v, in, out, err);
}

static enum uc_status
do_step(struct uc_req *req, int64_t v, json_t *in, json_t **out,
    struct uc_error *err)
{
	return uc_step_change(&req->ctx, req->params[0], req->params[1], v,
	    in, out, err);
}

static enum uc_status
do_units(struct uc_req *req, int64_t v, json_t *in, json_t **out,
    struct uc_error *err)
{
	return uc_step_units(&req->ctx, req->params[0], req->params[1], v,
	    in, out, err);
}

enum uc_status
api_incident_update(struct uc_req *req, struct uc_error *err)
{
	return change(req, uc_spec_incident_update, do_update, err);
}

enum uc_status
api_incident_propose(struct uc_req *req, struct uc_error *err)
{
	return change(req, propose_spec, do_propose, err);
}

enum uc_status
api_incident_decide(struct uc_req *req, struct uc_error *err)
{
	return change(req, decide_spec, do_decide, err);
}

enum uc_status
api_incident_close(struct uc_req *req, struct uc_error *err)
{
	return change(req, close_spec, do_close, err);
}

enum uc_status
api_incident_step(struct uc_req *req, struct uc_error *err)
{
	return change(req, step_spec, do_step, err);
}

enum uc_status
api_incident_step_units(struct uc_req *req, struct uc_error *err)
{
	return change(req, units_spec, do_units, err);
}

enum uc_status
api_incident_acknowledge(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t version = 0;
	enum uc_status rc = uc_req_if_match(req, &version, err);

	if (rc == UC_OK)
		rc = uc_incident_acknowledge(&req->ctx, req->params[0],
		    version, &j_out, err);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

enum uc_status
api_incident_timeline(struct uc_req *req, struct uc_error *err)
{
	return api_part_list(req, uc_timeline_list, err);
}

enum uc_status
api_incident_event(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = uc_req_body(req, event_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_timeline_add(&req->ctx, req->params[0], str(j_in,
		    "at"), str(j_in, "summary"), &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_list(req, j_out, NULL);
	return rc;
}
