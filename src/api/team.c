/*
 * team.c - readiness (docs/internals/team.md): the response team's
 * roster and contact-change clock (/api/v1/units/{id}/team), the on-call
 * rota (/api/v1/units/{id}/rota, /api/v1/oncall) and drills
 * (/api/v1/drills). Services: team.h, rota.h, drill.h.
 */
#include "api/api.h"
#include "api/record.h"
#include "api/spec.h"
#include "core/parse.h"
#include "core/time.h"
#include "http/json.h"
#include "service/drill.h"
#include "service/rota.h"
#include "service/team.h"

#include <string.h>

#define MEMBER_FIELDS \
	{ "rank", UC_JSTR, 0, 0, NULL }, \
	{ "position", UC_JSTR, 0, 0, NULL }, \
	{ "workplace", UC_JSTR, 0, 0, NULL }, \
	{ "phone", UC_JSTR, 0, 0, NULL }, \
	{ "email", UC_JSTR, 0, 0, NULL }, \
	{ "team_role", UC_JSTR, 0, 0, NULL }, \
	{ "contact", UC_JSTR, 0, 0, NULL }, \
	{ "valid_from", UC_JSTR, 0, 0, NULL }, \
	{ "valid_to", UC_JSTR, 0, 0, NULL }

static const struct uc_jfield member_create[] = {
	{ "full_name", UC_JSTR, 1, 0, NULL },
	MEMBER_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

/* valid_to "" reopens the membership */
static const struct uc_jfield member_update[] = {
	{ "full_name", UC_JSTR, 0, 0, NULL },
	MEMBER_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield notice_spec[] = {
	{ "sent_at", UC_JSTR, 0, 0, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield shift_spec[] = {
	{ "member_id", UC_JINT, 1, 0, NULL },
	{ "weekday", UC_JINT, 0, 0, NULL },
	{ "start", UC_JSTR, 0, 0, NULL },
	{ "length_min", UC_JINT, 0, 0, NULL },
	{ "starts_at", UC_JSTR, 0, 0, NULL },
	{ "ends_at", UC_JSTR, 0, 0, NULL },
	{ "note", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

#define DRILL_FIELDS \
	{ "scenario", UC_JSTR, 0, 0, NULL }, \
	{ "held_on", UC_JSTR, 0, 0, NULL }, \
	{ "participants", UC_JARRAY, 0, 0, NULL }, \
	{ "evaluation", UC_JSTR, 0, 0, NULL }, \
	{ "lessons", UC_JSTR, 0, 0, NULL }

static const struct uc_jfield drill_create[] = {
	{ "unit_id", UC_JINT, 0, 0, NULL },
	{ "title", UC_JSTR, 1, 0, NULL },
	DRILL_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield drill_update[] = {
	{ "title", UC_JSTR, 0, 0, NULL },
	DRILL_FIELDS,
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield inject_spec[] = {
	{ "injected_at", UC_JSTR, 0, 0, NULL },
	{ "incident", UC_JOBJ, 1, 0, uc_spec_incident_create },
	{ NULL, 0, 0, 0, NULL }
};

static const char *const at_params[] = { "at", NULL };
static const char *const drill_params[] = { "unit_id", NULL };

/* ---- the roster -------------------------------------------------- */

enum uc_status
api_team_roster(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t unit;
	enum uc_status rc = uc_req_id(req, 0, &unit, err);

	if (rc == UC_OK)
		rc = uc_team_roster(&req->ctx, unit, &j_out, err);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}

enum uc_status
api_team_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t unit;
	enum uc_status rc = uc_req_id(req, 0, &unit, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, member_create, &j_in, err);
	if (rc == UC_OK)
		rc = uc_team_create(&req->ctx, unit, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

enum uc_status
api_team_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t unit, id;
	enum uc_status rc = uc_req_id(req, 0, &unit, err);

	if (rc == UC_OK)
		rc = uc_req_id(req, 1, &id, err);
	if (rc == UC_OK)
		rc = uc_team_get(&req->ctx, unit, id, &j_out, err);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

enum uc_status
api_team_update(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t unit, id, version = 0;
	enum uc_status rc = uc_req_id(req, 0, &unit, err);

	if (rc == UC_OK)
		rc = uc_req_id(req, 1, &id, err);
	if (rc == UC_OK)
		rc = uc_req_body(req, member_update, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_team_update(&req->ctx, unit, id, version, j_in, &j_out,
		    err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

enum uc_status
api_team_delete(struct uc_req *req, struct uc_error *err)
{
	int64_t unit, id, version = 0;
	enum uc_status rc = uc_req_id(req, 0, &unit, err);

	if (rc == UC_OK)
		rc = uc_req_id(req, 1, &id, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_team_delete(&req->ctx, unit, id, version, err);
	if (rc == UC_OK)
		req->status = 204;
	return rc;
}

enum uc_status
api_team_notice(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t unit, id;
	enum uc_status rc = uc_req_id(req, 0, &unit, err);

	if (rc == UC_OK)
		rc = uc_req_id(req, 1, &id, err);
	if (rc == UC_OK)
		rc = uc_req_body(req, notice_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_team_notice(&req->ctx, unit, id, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}

/* POST /api/v1/units/{id}/team/confirmations: no body. */
enum uc_status
api_team_confirm(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t unit;
	enum uc_status rc = uc_req_id(req, 0, &unit, err);

	if (rc == UC_OK)
		rc = uc_team_confirm(&req->ctx, unit, &j_out, err);
	if (rc == UC_OK)
		uc_req_json(req, 201, j_out);
	return rc;
}

/* ---- the rota ---------------------------------------------------- */

/* ?at= as an instant; now when absent. */
static enum uc_status
at_param(struct uc_req *req, int64_t *at, struct uc_error *err)
{
	const char *cursor = NULL, *s;
	int limit = 50;
	enum uc_status rc = uc_req_page(req, at_params, &limit, &cursor, err);

	*at = req->ctx.now;
	s = uc_req_query(req, "at");
	if (rc == UC_OK && s != NULL && uc_time_parse(s, at) != UC_OK)
		rc = uc_error_field(err, "at", "format", "at is an ISO 8601 "
		    "instant");
	return rc;
}

enum uc_status
api_rota_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t unit, at;
	enum uc_status rc = uc_req_id(req, 0, &unit, err);

	if (rc == UC_OK)
		rc = at_param(req, &at, err);
	if (rc == UC_OK)
		rc = uc_rota_list(&req->ctx, unit, at, &j_out, err);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}

enum uc_status
api_rota_add(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t unit;
	enum uc_status rc = uc_req_id(req, 0, &unit, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, shift_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_rota_add(&req->ctx, unit, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 201, j_out);
	return rc;
}

enum uc_status
api_rota_remove(struct uc_req *req, struct uc_error *err)
{
	int64_t unit, id;
	enum uc_status rc = uc_req_id(req, 0, &unit, err);

	if (rc == UC_OK)
		rc = uc_req_id(req, 1, &id, err);
	if (rc == UC_OK)
		rc = uc_rota_remove(&req->ctx, unit, id, err);
	if (rc == UC_OK)
		req->status = 204;
	return rc;
}

enum uc_status
api_oncall_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t at;
	enum uc_status rc = at_param(req, &at, err);

	if (rc == UC_OK)
		rc = uc_rota_oncall(&req->ctx, at, &j_out, err);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}

/* ---- drills ------------------------------------------------------ */

enum uc_status
api_drill_list(struct uc_req *req, struct uc_error *err)
{
	const char *cursor = NULL, *u, *p;
	json_t *j_items = NULL;
	int64_t unit = 0;
	int limit = 50;
	enum uc_status rc;

	rc = uc_req_page(req, drill_params, &limit, &cursor, err);
	u = p = uc_req_query(req, "unit_id");
	if (rc == UC_OK && u != NULL && (uc_parse_i64(&p, 1, INT64_MAX,
	    &unit) != UC_OK || *p != '\0'))
		rc = uc_error_field(err, "unit_id", "format", "unit_id is a "
		    "unit's id");
	if (rc == UC_OK)
		rc = uc_drill_list(&req->ctx, unit, &j_items, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, NULL);
	return rc;
}

enum uc_status
api_drill_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = uc_req_body(req, drill_create, &j_in, err);

	if (rc == UC_OK)
		rc = uc_drill_create(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

enum uc_status
api_drill_get(struct uc_req *req, struct uc_error *err)
{
	return uc_api_record_get(req, uc_drill_get, err);
}

enum uc_status
api_drill_update(struct uc_req *req, struct uc_error *err)
{
	return uc_api_record_update(req, uc_req_body, drill_update,
	    uc_drill_update, err);
}

enum uc_status
api_drill_inject(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, inject_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_drill_inject(&req->ctx, id, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}
