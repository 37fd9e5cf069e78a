/*
 * comment.c - see comment.h.
 */
#include "service/comment.h"
#include "core/time.h"
#include "domain/validate.h"
#include "service/part.h"
#include "store/store.h"

#define BODY_MAX 10000

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *j = json_pack("{sI ss}", "id",
	    (json_int_t)uc_stmt_i64(s, 0), "incident", uc_stmt_text(s, 1));

	json_object_set_new(j, "author_id", uc_part_int(s, 2));
	json_object_set_new(j, "author_name", uc_part_text(s, 3));
	json_object_set_new(j, "body", json_string(uc_stmt_text(s, 4)));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s,
	    5)));
	(void)arg;
	return j;
}

/* Comments of incident p: one (id > 0) or all, newest first. */
static enum uc_status
select_comments(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(ctx->st, &s, err, "SELECT c.id, i.public_id,"
	    " c.author_id, u.full_name, c.body, c.created_at FROM"
	    " incident_comments c JOIN incidents i ON i.id = c.incident_id"
	    " LEFT JOIN users u ON u.id = c.author_id WHERE c.incident_id ="
	    " ? AND (? = 0 OR c.id = ?) ORDER BY c.id DESC LIMIT ?", "iiii",
	    p->id, id, id, (int64_t)UC_PART_LIST_MAX);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, out, err);
	return rc;
}

enum uc_status
uc_comment_list(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	return uc_part_list(ctx, pid, select_comments, out, err);
}

static enum uc_status
insert(struct uc_ctx *ctx, const struct uc_part *p, const char *body,
    int64_t *id, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];

	uc_time_format(ctx->now, now, sizeof(now));
	return uc_store_insert(ctx->st, id, err, "INSERT INTO"
	    " incident_comments (incident_id, author_id, body, created_at)"
	    " VALUES (?, ?, ?, ?) RETURNING id", "isss", p->id,
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), body, now);
}

enum uc_status
uc_comment_create(struct uc_ctx *ctx, const char *pid, const char *body,
    json_t **out, struct uc_error *err)
{
	json_t *j_items = NULL, *j_detail = NULL;
	struct uc_part_change c = { "comment.create", "comment", 0, NULL,
	    NULL, "Thêm bình luận", NULL };
	struct uc_part p;
	int64_t id = 0;
	enum uc_status rc;

	*out = NULL;
	if ((rc = uc_part_begin(ctx, pid, 1, &p, err)) != UC_OK)
		return rc;
	rc = uc_valid_lines("body", body, 1, BODY_MAX, err);
	if (rc == UC_OK)
		rc = insert(ctx, &p, body, &id, err);
	if (rc == UC_OK)
		rc = select_comments(ctx, &p, id, &j_items, err);
	c.object_id = id;
	c.after = json_array_get(j_items, 0);
	c.detail = j_detail = json_pack("{sI}", "comment_id", (json_int_t)id);
	rc = uc_part_end(ctx, &p, rc, &c, err);
	if (rc == UC_OK && json_array_size(j_items) == 1)
		*out = json_incref(json_array_get(j_items, 0));
	else if (rc == UC_OK)
		rc = uc_error_set(err, UC_EINTERNAL, "comment not read back");
	json_decref(j_items);
	json_decref(j_detail);
	return rc;
}
