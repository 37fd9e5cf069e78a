/*
 * timeline.c - see timeline.h. The actor's name is stored with each
 * event, so the timeline reads the same after an account is renamed.
 */
#include "service/timeline.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/time.h"
#include "domain/validate.h"
#include "service/audit.h"
#include "service/incident.h"
#include "store/store.h"

#include <string.h>

#define MAX_EVENTS 5000

static const char *
actor_name(struct uc_ctx *ctx)
{
	if (ctx->actor.login != NULL)
		return ctx->actor.login;
	return ctx->actor.system ? "system" : "?";
}

static enum uc_status
insert(struct uc_ctx *ctx, int64_t id, int64_t at, const char *kind,
    const char *summary, json_t *detail, struct uc_error *err)
{
	char when[32], now[32], *text = detail ? json_dumps(detail,
	    JSON_COMPACT) : NULL;
	enum uc_status rc;

	uc_time_format(at, when, sizeof(when));
	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO timeline_events"
	    " (incident_id, at, recorded_at, actor_id, actor, kind, summary,"
	    " detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "isssssss", id, when,
	    now, uc_store_id_or_null(ctx->arena, ctx->actor.user_id),
	    actor_name(ctx), kind, summary, text);
	uc_free(text);
	return rc;
}

enum uc_status
uc_timeline_change(struct uc_ctx *ctx, int64_t incident_id,
    const char *summary, json_t *detail, struct uc_error *err)
{
	return insert(ctx, incident_id, ctx->now, "change", summary, detail,
	    err);
}

/* A closed incident's record is final. */
static enum uc_status
open_incident(struct uc_ctx *ctx, int64_t id, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0, closed = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT closed_at IS NOT NULL"
	    " FROM incidents WHERE id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		closed = (int)uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	if (rc == UC_OK && closed)
		rc = uc_error_set(err, UC_ECONFLICT, "the incident is closed");
	return rc;
}

enum uc_status
uc_timeline_add(struct uc_ctx *ctx, const char *pid, const char *at,
    const char *summary, json_t **out, struct uc_error *err)
{
	int64_t id, ms = 0;
	enum uc_status rc;

	*out = NULL;
	if (at == NULL || uc_time_parse(at, &ms) != UC_OK)
		return uc_error_field(err, "at", "format", "at is an ISO 8601 "
		    "time: when the event happened");
	if (ms > ctx->now + 5 * 60 * 1000)
		return uc_error_field(err, "at", "future", "at is in the "
		    "future");
	if (uc_valid_text("summary", summary, 1, 5000, err) != UC_OK)
		return UC_EVALID;
	rc = uc_incident_lookup(ctx, pid, UC_PERM_INCIDENT_WRITE, &id, err);
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	rc = open_incident(ctx, id, err);
	if (rc == UC_OK)
		rc = insert(ctx, id, ms, "event", summary, NULL, err);
	if (rc == UC_OK)
		rc = uc_incident_touch(ctx, id, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "incident.timeline_add", "incident",
		    pid, 0, NULL, NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc == UC_OK ? uc_timeline_list(ctx, pid, out, err) : rc;
}

static json_t *
event_json(struct uc_stmt *s, const void *arg)
{
	json_t *j = json_pack("{sI ss ss ss ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, 0),
	    "at", uc_stmt_text(s, 1), "recorded_at", uc_stmt_text(s, 2),
	    "actor", uc_stmt_text(s, 3), "kind", uc_stmt_text(s, 4),
	    "summary", uc_stmt_text(s, 5));
	json_t *d = uc_stmt_null(s, 6) ? NULL : json_loads(uc_stmt_text(s,
	    6), 0, NULL);

	json_object_set_new(j, "detail", d ? d : json_null());
	(void)arg;
	return j;
}

enum uc_status
uc_timeline_list(struct uc_ctx *ctx, const char *pid, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	int64_t id;
	enum uc_status rc;

	*out = NULL;
	rc = uc_incident_lookup(ctx, pid, UC_PERM_INCIDENT_READ, &id, err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT id, at,"
		    " recorded_at, actor, kind, summary, detail FROM"
		    " timeline_events WHERE incident_id = ? ORDER BY at, id"
		    " LIMIT ?", "ii", id, (int64_t)MAX_EVENTS);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, event_json, NULL, out, err);
	return rc;
}
