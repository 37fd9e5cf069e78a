/*
 * notify.c - what leaves the server: a person's notification choices
 * (/api/v1/me/notifications), the units' webhook subscriptions
 * (/api/v1/webhooks) and the administrators' view of the outbox
 * (/api/v1/outbox).
 */
#include "api/api.h"
#include "core/parse.h"
#include "http/json.h"
#include "service/notify.h"
#include "service/outbox.h"
#include "service/subscription.h"

#include <string.h>

/* ---- /api/v1/me/notifications ---- */

static const struct uc_jfield kind_spec[] = {
	{ "kind", UC_JSTR, 1, 0, NULL },
	{ "email", UC_JBOOL, 0, 0, NULL },
	{ "webhook", UC_JBOOL, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield prefs_spec[] = {
	{ "kinds", UC_JARRAY, 0, 0, kind_spec },
	{ "webhook_url", UC_JSTR, 0, 0, NULL },
	{ "webhook_secret", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_notify_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	enum uc_status rc = uc_notify_prefs_get(&req->ctx, &j_out, err);

	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

enum uc_status
api_notify_put(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t version;
	enum uc_status rc = uc_req_body(req, prefs_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_notify_prefs_put(&req->ctx, version, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

/* ---- /api/v1/webhooks ---- */

static const struct uc_jfield hook_create_spec[] = {
	{ "unit_id", UC_JINT, 1, 0, NULL },
	{ "url", UC_JSTR, 1, 0, NULL },
	{ "kinds", UC_JARRAY, 1, 0, NULL },
	{ "description", UC_JSTR, 0, 0, NULL },
	{ "active", UC_JBOOL, 0, 0, NULL },
	{ "secret", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield hook_update_spec[] = {
	{ "url", UC_JSTR, 0, 0, NULL },
	{ "kinds", UC_JARRAY, 0, 0, NULL },
	{ "description", UC_JSTR, 0, 0, NULL },
	{ "active", UC_JBOOL, 0, 0, NULL },
	{ "secret", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const char *const hook_params[] = { "unit_id", NULL };

enum uc_status
api_webhook_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	const char *cursor, *unit;
	int64_t unit_id = 0;
	int limit;
	enum uc_status rc;

	rc = uc_req_page(req, hook_params, &limit, &cursor, err);
	if (rc != UC_OK)
		return rc;
	unit = uc_req_query(req, "unit_id");
	if (unit != NULL && uc_parse_i64_str(unit, 1, INT64_MAX, &unit_id) !=
	    UC_OK)
		return uc_error_field(err, "unit_id", "format", "unit_id is "
		    "an id");
	rc = uc_subscription_list(&req->ctx, unit_id, &j_items, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, NULL);
	return rc;
}

/* No Idempotency-Key: a replay would have to store the secret. */
enum uc_status
api_webhook_create(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	enum uc_status rc = uc_req_body(req, hook_create_spec, &j_in, err);

	if (rc == UC_OK)
		rc = uc_subscription_create(&req->ctx, j_in, &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 201, j_out);
	return rc;
}

enum uc_status
api_webhook_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_subscription_get(&req->ctx, id, &j_out, err);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

enum uc_status
api_webhook_update(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j_out = NULL;
	int64_t id, version;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, hook_update_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_req_if_match(req, &version, err);
	if (rc == UC_OK)
		rc = uc_subscription_update(&req->ctx, id, version, j_in,
		    &j_out, err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json_etag(req, 200, j_out);
	return rc;
}

enum uc_status
api_webhook_delete(struct uc_req *req, struct uc_error *err)
{
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_subscription_delete(&req->ctx, id, err);
	if (rc == UC_OK)
		req->status = 204;
	return rc;
}

/* ---- /api/v1/outbox ---- */

static const char *const outbox_params[] = { "state", "kind", NULL };

enum uc_status
api_outbox_list(struct uc_req *req, struct uc_error *err)
{
	struct uc_outbox_filter f;
	json_t *j_items = NULL;
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	rc = uc_req_page(req, outbox_params, &f.limit, &f.cursor, err);
	if (rc != UC_OK)
		return rc;
	f.state = uc_req_query(req, "state");
	f.kind = uc_req_query(req, "kind");
	rc = uc_outbox_list(&req->ctx, &f, &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}

enum uc_status
api_outbox_retry(struct uc_req *req, struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 0, &id, err);

	if (rc == UC_OK)
		rc = uc_outbox_retry(&req->ctx, id, &j_out, err);
	if (rc == UC_OK)
		uc_req_json(req, 200, j_out);
	return rc;
}
