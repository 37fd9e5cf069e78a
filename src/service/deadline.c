/*
 * deadline.c - see deadline.h.
 */
#include "service/deadline.h"
#include "core/arena.h"
#include "core/time.h"
#include "service/clock.h"
#include "service/incident.h"
#include "service/notify.h"
#include "store/store.h"

#include <string.h>

static const char *
str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* The reminder of clock c, if it is owed and new: then its message. */
static enum uc_status
remind_clock(struct uc_ctx *ctx, int64_t id, json_t *c, int *sent,
    struct uc_error *err)
{
	const char *state = str(c, "state");
	const char *kind = strcmp(state, "overdue") == 0 ? "overdue" :
	    strcmp(state, "due_soon") == 0 ? "ahead" : NULL;
	char now[UC_TIME_ISO_LEN + 1];
	int64_t changes = 0;
	enum uc_status rc;

	if (kind == NULL)
		return UC_OK;
	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_run(ctx->st, &changes, err, "INSERT INTO"
	    " deadline_reminders (incident_id, report, due_at, kind, sent_at)"
	    " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", "issss", id,
	    str(c, "report"), str(c, "due_at"), kind, now);
	if (rc != UC_OK || changes == 0)
		return rc;
	(*sent)++;
	return uc_notify_deadline(ctx, id, c, kind, err);
}

static int
owed(json_t *c)
{
	const char *state = str(c, "state");

	return strcmp(state, "overdue") == 0 || strcmp(state, "due_soon") == 0;
}

/* One incident's clocks, read first: only one with a clock due soon or
 * overdue opens a transaction for its reminders and messages (most open
 * incidents have none, and the pass runs every hour). */
static enum uc_status
remind_incident(struct uc_ctx *ctx, const struct uc_rulepack *p,
    int64_t id, int *sent, struct uc_error *err)
{
	json_t *j = NULL, *c;
	enum uc_status rc;
	size_t i, n = 0;

	rc = uc_clock_incident(ctx, p, id, &j, NULL, err);
	json_array_foreach(j, i, c)
		n += owed(c);
	if (rc == UC_OK && n > 0 && (rc = uc_store_begin(ctx->st, err)) ==
	    UC_OK) {
		json_array_foreach(j, i, c)
			if (rc == UC_OK && owed(c))
				rc = remind_clock(ctx, id, c, sent, err);
		if (rc == UC_OK)
			rc = uc_store_commit(ctx->st, err);
		uc_store_rollback(ctx->st);
	}
	json_decref(j);
	return rc;
}

enum uc_status
uc_deadline_remind(struct uc_ctx *ctx, int64_t now, int *sent,
    struct uc_error *err)
{
	const struct uc_rulepack *p = NULL;
	struct uc_stmt *s = NULL;
	int64_t *ids, was = ctx->now;
	size_t n = 0, i;
	enum uc_status rc;
	int row = 0, count = 0;

	ids = uc_arena_alloc(ctx->arena, UC_DEADLINE_MAX_INCIDENTS *
	    sizeof(*ids));
	rc = uc_incident_pack(ctx, &p, err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT id FROM incidents"
		    " WHERE closed_at IS NULL AND next_due_at IS NOT NULL ORDER"
		    " BY next_due_at, id LIMIT ?", "i",
		    (int64_t)UC_DEADLINE_MAX_INCIDENTS);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		ids[n++] = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	ctx->now = now;		/* the clocks are read as of now */
	for (i = 0; rc == UC_OK && i < n; i++)
		rc = remind_incident(ctx, p, ids[i], &count, err);
	ctx->now = was;
	if (sent != NULL)
		*sent = count;
	return rc;
}
