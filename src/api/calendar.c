/*
 * calendar.c - /api/v1/calendar: the compliance calendar of a unit, the
 * standing of every unit in scope, and marking an item done with its
 * evidence (service/calendar.h, docs/internals/calendar.md).
 */
#include "api/api.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "http/json.h"
#include "service/calendar.h"

#include <string.h>

static const struct uc_jfield evidence_spec[] = {
	{ "kind", UC_JSTR, 1, 0, NULL },
	{ "ref", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield fulfil_spec[] = {
	{ "unit_id", UC_JINT, 1, 0, NULL },
	{ "system_id", UC_JINT, 0, 1, NULL },
	{ "obligation", UC_JSTR, 1, 0, NULL },
	{ "period", UC_JSTR, 1, 0, NULL },
	{ "evidence", UC_JOBJ, 1, 0, evidence_spec },
	{ "note", UC_JSTR, 0, 1, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const char *const items_params[] = { "unit_id", "from", "to",
	NULL };
static const char *const standing_params[] = { "from", "to", NULL };

/* ?name= as an instant: ISO 8601, or yyyy-mm-dd for local midnight;
 * 0 when absent. */
static enum uc_status
instant_param(struct uc_req *req, const char *name, int64_t *v,
    struct uc_error *err)
{
	const char *s = uc_req_query(req, name), *p = s;
	int64_t y, m, d;

	*v = 0;
	if (s == NULL)
		return UC_OK;
	if (strlen(s) == 10 && uc_parse_digits(&p, 4, 1901, 9998, &y) ==
	    UC_OK && *p++ == '-' && uc_parse_digits(&p, 2, 1, 12, &m) ==
	    UC_OK && *p++ == '-' && uc_parse_digits(&p, 2, 1, 31, &d) ==
	    UC_OK && uc_calendar_valid((int32_t)(y * 10000 + m * 100 + d))) {
		*v = uc_calendar_at((int32_t)(y * 10000 + m * 100 + d), 0, 0,
		    0);
		return UC_OK;
	}
	if (uc_time_parse(s, v) != UC_OK || *v <= 0)
		return uc_error_field(err, name, "format", "%s is a date "
		    "yyyy-mm-dd or an ISO 8601 instant", name);
	return UC_OK;
}

static enum uc_status
window(struct uc_req *req, const char *const *params, int64_t *from,
    int64_t *to, struct uc_error *err)
{
	const char *cursor = NULL;
	int limit = 0;
	enum uc_status rc = uc_req_page(req, params, &limit, &cursor, err);

	if (rc == UC_OK)
		rc = instant_param(req, "from", from, err);
	if (rc == UC_OK)
		rc = instant_param(req, "to", to, err);
	return rc;
}

enum uc_status
api_calendar_items(struct uc_req *req, struct uc_error *err)
{
	const char *u, *p;
	json_t *j_out = NULL;
	int64_t from = 0, to = 0, unit = 0;
	enum uc_status rc = window(req, items_params, &from, &to, err);

	if (rc != UC_OK)
		return rc;
	p = u = uc_req_query(req, "unit_id");
	if (u == NULL)
		return uc_error_field(err, "unit_id", "required", "unit_id is"
		    " required");
	if (uc_parse_i64(&p, 1, INT64_MAX, &unit) != UC_OK || *p != '\0')
		return uc_error_field(err, "unit_id", "format", "unit_id is "
		    "a unit's id");
	rc = uc_calendar_items(&req->ctx, unit, from, to, &j_out, err);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}

enum uc_status
api_calendar_standing(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t from = 0, to = 0;
	enum uc_status rc = window(req, standing_params, &from, &to, err);

	if (rc == UC_OK)
		rc = uc_calendar_standing(&req->ctx, from, to, &j_out, err);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}

enum uc_status
api_calendar_fulfil(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = uc_req_body(req, fulfil_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_calendar_fulfil(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 201, j_out);
	return rc;
}
