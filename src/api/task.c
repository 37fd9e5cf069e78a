/*
 * task.c - /api/v1/incidents/{pid}/tasks, and /api/v1/tasks across
 * incidents.
 */
#include "api/api.h"
#include "api/part.h"
#include "core/parse.h"
#include "http/json.h"
#include "service/task.h"

#include <string.h>

static const struct uc_jfield create_spec[] = {
	{ "title", UC_JSTR, 1, 0, NULL },
	{ "assignee_id", UC_JINT, 0, 1, NULL },
	{ "unit_id", UC_JINT, 0, 1, NULL },
	{ "due_at", UC_JSTR, 0, 1, NULL },
	{ "state", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield update_spec[] = {
	{ "title", UC_JSTR, 0, 0, NULL },
	{ "assignee_id", UC_JINT, 0, 1, NULL },
	{ "unit_id", UC_JINT, 0, 1, NULL },
	{ "due_at", UC_JSTR, 0, 1, NULL },
	{ "state", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

enum uc_status
api_task_list(struct uc_req *req, struct uc_error *err)
{
	return api_part_list(req, uc_task_list, err);
}

enum uc_status
api_task_create(struct uc_req *req, struct uc_error *err)
{
	return api_part_add(req, create_spec, uc_task_create, err);
}

enum uc_status
api_task_update(struct uc_req *req, struct uc_error *err)
{
	return api_part_update(req, update_spec, uc_task_update, err);
}

static const char *const find_params[] = {
	"assignee", "unit_id", "open", NULL
};

static enum uc_status
find_query(struct uc_req *req, struct uc_task_filter *f,
    struct uc_error *err)
{
	const char *who, *unit, *open;
	enum uc_status rc;

	rc = uc_req_page(req, find_params, &f->limit, &f->cursor, err);
	if (rc != UC_OK)
		return rc;
	who = uc_req_query(req, "assignee");
	unit = uc_req_query(req, "unit_id");
	open = uc_req_query(req, "open");
	f->mine = who != NULL;
	f->open = open != NULL && (strcmp(open, "1") == 0 ||
	    strcmp(open, "true") == 0);
	if (who != NULL && strcmp(who, "me") != 0)
		return uc_error_field(err, "assignee", "enum", "assignee is"
		    " me");
	if (unit != NULL && uc_parse_i64_str(unit, 1, INT64_MAX,
	    &f->unit_id) != UC_OK)
		return uc_error_field(err, "unit_id", "format", "unit_id is"
		    " an id");
	return UC_OK;
}

/* GET /api/v1/tasks: tasks across incidents (service/task.h). */
enum uc_status
api_task_find(struct uc_req *req, struct uc_error *err)
{
	struct uc_task_filter f;
	json_t *j_items = NULL;
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	rc = find_query(req, &f, err);
	if (rc == UC_OK)
		rc = uc_task_find(&req->ctx, &f, &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}
