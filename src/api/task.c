/*
 * task.c - /api/v1/incidents/{pid}/tasks.
 */
#include "api/api.h"
#include "api/part.h"
#include "http/json.h"
#include "service/task.h"

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
