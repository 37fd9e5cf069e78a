/*
 * link.c - see link.h.
 */
#include "service/link.h"
#include "core/arena.h"
#include "core/time.h"
#include "service/access.h"
#include "service/incident.h"
#include "service/part.h"
#include "store/store.h"

#include <string.h>

static const char *const kinds[] = {
	"duplicate_of", "related_to", "caused_by", NULL
};

/* The link in Vietnamese, seen from this incident, for the timeline:
 * outgoing "trùng với SC-...", incoming "SC-... trùng với sự cố này". */
static const char *
phrase(struct uc_ctx *ctx, json_t *link)
{
	const char *kind = json_string_value(json_object_get(link, "kind"));
	const char *dir = json_string_value(json_object_get(link,
	    "direction"));
	const char *other = json_string_value(json_object_get(
	    json_object_get(link, "other"), "id"));
	int out = dir != NULL && strcmp(dir, "out") == 0;

	if (kind == NULL || other == NULL)
		return "";
	if (strcmp(kind, "duplicate_of") == 0)
		return uc_arena_printf(ctx->arena, out ? "trùng với %s" :
		    "%s trùng với sự cố này", other);
	if (strcmp(kind, "caused_by") == 0)
		return uc_arena_printf(ctx->arena, out ? "do %s gây ra" :
		    "gây ra %s", other);
	return uc_arena_printf(ctx->arena, "liên quan đến %s", other);
}

/* arg: the incident's id, to tell the link's direction. */
static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	int64_t incident = *(const int64_t *)arg;
	json_t *j = json_pack("{sI ss ss ss ss s{ss ss ss}}", "id",
	    (json_int_t)uc_stmt_i64(s, 0), "kind", uc_stmt_text(s, 1),
	    "from", uc_stmt_text(s, 3), "to", uc_stmt_text(s, 4),
	    "direction", uc_stmt_i64(s, 2) == incident ? "out" : "in",
	    "other", "id", uc_stmt_text(s, 5), "title", uc_stmt_text(s, 6),
	    "status", uc_stmt_text(s, 7));

	json_object_set_new(j, "created_by", uc_part_int(s, 8));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s,
	    9)));
	return j;
}

/* Links of incident p (one when id > 0) whose other end the actor
 * sees, newest first. */
static enum uc_status
select_links(struct uc_ctx *ctx, const struct uc_part *p, int64_t id,
    json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	enum uc_status rc;

	uc_sql_init(&q, ctx->arena, "SELECT l.id, l.kind, l.from_id,"
	    " f.public_id, t.public_id, i.public_id, i.title, i.status,"
	    " l.created_by, l.created_at FROM incident_links l JOIN"
	    " incidents f ON f.id = l.from_id JOIN incidents t ON t.id ="
	    " l.to_id");
	uc_sql_add(&q, " JOIN incidents i ON i.id = CASE WHEN l.from_id = ?"
	    " THEN l.to_id ELSE l.from_id END JOIN units un ON un.id ="
	    " i.unit_id WHERE (l.from_id = ? OR l.to_id = ?) AND (? = 0 OR"
	    " l.id = ?)", "iiiii", p->id, p->id, p->id, id, id);
	uc_access_incident_filter(ctx, &q);
	uc_sql_add(&q, " ORDER BY l.id DESC LIMIT ?", "i",
	    (int64_t)UC_PART_LIST_MAX);
	rc = uc_store_query_sql(ctx->st, &s, err, &q);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, &p->id, out, err);
	return rc;
}

static enum uc_status
load(struct uc_ctx *ctx, const struct uc_part *p, int64_t id, json_t **out,
    struct uc_error *err)
{
	return uc_part_load(ctx, p, select_links, id, "no such link", out,
	    err);
}

enum uc_status
uc_link_list(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	return uc_part_list(ctx, pid, select_links, out, err);
}

/* The target: an incident the actor sees, not the source itself. */
static enum uc_status
target(struct uc_ctx *ctx, const struct uc_part *p, const char *to,
    int64_t *to_id, struct uc_error *err)
{
	struct uc_error e = { 0 };
	enum uc_status rc;

	if (to == NULL)
		return uc_error_field(err, "to", "required", "to is required: "
		    "the public id of the other incident (SC-2026-0001)");
	rc = uc_incident_lookup(ctx, to, UC_PERM_INCIDENT_READ, to_id, &e);
	if (rc == UC_ENOTFOUND || rc == UC_EPERM) {
		uc_error_set(err, UC_ENOTFOUND, "no incident %s that you can "
		    "see", to);
		return uc_error_field(err, "to", "not_found", "no incident %s "
		    "that you can see", to);
	}
	if (rc != UC_OK) {
		if (err != NULL)
			*err = e;
		return rc;
	}
	if (*to_id == p->id) {
		uc_error_set(err, UC_ECONFLICT, "an incident cannot be linked "
		    "to itself");
		return uc_error_field(err, "to", "self", "an incident cannot "
		    "be linked to itself");
	}
	return UC_OK;
}

/* A link of this kind between the two, either way round? */
static enum uc_status
no_duplicate(struct uc_ctx *ctx, int64_t a, int64_t b, const char *kind,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT 1 FROM incident_links"
	    " WHERE kind = ? AND ((from_id = ? AND to_id = ?) OR (from_id ="
	    " ? AND to_id = ?))", "siiii", kind, a, b, b, a);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	uc_stmt_done(s);
	if (rc == UC_OK && row) {
		uc_error_set(err, UC_ECONFLICT, "these incidents are already "
		    "linked this way");
		rc = uc_error_field(err, "to", "duplicate", "these incidents "
		    "are already linked as %s", kind);
	}
	return rc;
}

static enum uc_status
insert(struct uc_ctx *ctx, int64_t from, int64_t to, const char *kind,
    int64_t *id, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];

	uc_time_format(ctx->now, now, sizeof(now));
	return uc_store_insert(ctx->st, id, err, "INSERT INTO incident_links"
	    " (from_id, to_id, kind, created_by, created_at) VALUES (?, ?, ?,"
	    " ?, ?) RETURNING id", "iisss", from, to, kind,
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now);
}

static enum uc_status
finish(struct uc_ctx *ctx, const struct uc_part *p, enum uc_status rc,
    struct uc_part_change *c, json_t *j_link, const char *verb,
    struct uc_error *err)
{
	json_t *j_detail = json_pack("{sI}", "link_id",
	    (json_int_t)c->object_id);

	c->detail = j_detail;
	c->summary = uc_arena_printf(ctx->arena, "%s: %s", verb,
	    phrase(ctx, j_link));
	rc = uc_part_end(ctx, p, rc, c, err);
	json_decref(j_detail);
	return rc;
}

enum uc_status
uc_link_create(struct uc_ctx *ctx, const char *pid, const char *to,
    const char *kind, json_t **out, struct uc_error *err)
{
	struct uc_part_change c = { "link.create", "link", 0, NULL, NULL,
	    NULL, NULL };
	json_t *j_link = NULL;
	struct uc_part p;
	int64_t to_id = 0;
	enum uc_status rc;

	*out = NULL;
	if ((rc = uc_part_begin(ctx, pid, 0, &p, err)) != UC_OK)
		return rc;
	rc = uc_part_enum("kind", kind, kinds, err);
	if (rc == UC_OK)
		rc = target(ctx, &p, to, &to_id, err);
	if (rc == UC_OK)
		rc = no_duplicate(ctx, p.id, to_id, kind, err);
	if (rc == UC_OK)
		rc = insert(ctx, p.id, to_id, kind, &c.object_id, err);
	if (rc == UC_OK)
		rc = load(ctx, &p, c.object_id, &j_link, err);
	c.after = j_link;
	rc = finish(ctx, &p, rc, &c, j_link, "Liên kết", err);
	if (rc == UC_OK)
		*out = j_link;
	else
		json_decref(j_link);
	return rc;
}

enum uc_status
uc_link_delete(struct uc_ctx *ctx, const char *pid, int64_t id,
    struct uc_error *err)
{
	struct uc_part_change c = { "link.delete", "link", id, NULL, NULL,
	    NULL, NULL };
	json_t *j_link = NULL;
	struct uc_part p;
	enum uc_status rc;

	if ((rc = uc_part_begin(ctx, pid, 0, &p, err)) != UC_OK)
		return rc;
	/* only a link whose other end the actor sees: others are hidden */
	rc = load(ctx, &p, id, &j_link, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM"
		    " incident_links WHERE id = ?", "i", id);
	c.before = j_link;
	rc = finish(ctx, &p, rc, &c, j_link, "Gỡ liên kết", err);
	json_decref(j_link);
	return rc;
}
