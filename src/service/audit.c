/*
 * audit.c - see audit.h; the hash rule itself is domain/audit.c.
 */
#include "service/audit.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/time.h"
#include "domain/audit.h"
#include "service/access.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void
digest_json(json_t *j, char *out)
{
	char *text;

	if (j == NULL) {
		uc_audit_digest(NULL, out);
		return;
	}
	text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENSURE_ASCII);
	uc_audit_digest(text, out);
	free(text);	/* jansson's allocation */
}

static enum uc_status
read_head(struct uc_ctx *ctx, int64_t *last_id, char *last_hash,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err,
	    "SELECT last_id, last_hash FROM audit_head WHERE id = 1", "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_EDB, "audit_head is missing");
	if (rc == UC_OK) {
		*last_id = uc_stmt_i64(s, 0);
		snprintf(last_hash, UC_AUDIT_HEX, "%s", uc_stmt_text(s, 1));
	}
	uc_stmt_done(s);
	return rc;
}

static enum uc_status
insert_entry(struct uc_ctx *ctx, const struct uc_audit_entry *e,
    const char *hash, struct uc_error *err)
{
	enum uc_status rc;

	rc = uc_store_run(ctx->st, NULL, err,
	    "INSERT INTO audit_entries (id, at, actor_id, actor_login,"
	    " source, action, object_type, object_id, unit_id,"
	    " before_digest, after_digest, prev_hash, hash)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "isisssssissss", e->id, e->at, e->actor_id, e->actor_login,
	    e->source, e->action, e->object_type, e->object_id, e->unit_id,
	    e->before_digest, e->after_digest, e->prev_hash, hash);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err,
		    "UPDATE audit_head SET last_id = ?, last_hash = ?"
		    " WHERE id = 1", "is", e->id, hash);
	return rc;
}

enum uc_status
uc_audit_record(struct uc_ctx *ctx, const char *action,
    const char *object_type, const char *object_id, int64_t unit_id,
    json_t *before, json_t *after, struct uc_error *err)
{
	struct uc_audit_entry e;
	char at[UC_TIME_ISO_LEN + 1], prev[UC_AUDIT_HEX], hash[UC_AUDIT_HEX];
	char bd[UC_AUDIT_HEX], ad[UC_AUDIT_HEX];
	enum uc_status rc;

	rc = uc_store_lock(ctx->st, "audit", err);
	if (rc == UC_OK)
		rc = read_head(ctx, &e.id, prev, err);
	if (rc != UC_OK)
		return rc;
	digest_json(before, bd);
	digest_json(after, ad);
	uc_time_format(ctx->now, at, sizeof(at));
	e.id++;
	e.at = at;
	e.actor_id = ctx->actor.user_id;
	e.actor_login = ctx->actor.login ? ctx->actor.login : "-";
	e.source = ctx->source ? ctx->source : "-";
	e.action = action;
	e.object_type = object_type;
	e.object_id = object_id;
	e.unit_id = unit_id;
	e.before_digest = bd;
	e.after_digest = ad;
	e.prev_hash = prev;
	uc_audit_hash(&e, hash);
	return insert_entry(ctx, &e, hash, err);
}

enum uc_status
uc_audit_record_tx(struct uc_ctx *ctx, const char *action,
    const char *object_type, const char *object_id, int64_t unit_id,
    struct uc_error *err)
{
	enum uc_status rc;

	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, action, object_type, object_id,
		    unit_id, NULL, NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}

static json_t *
entry_json(struct uc_stmt *s)
{
	return json_pack("{sI ss sI ss ss ss ss ss sI ss ss ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, 0),
	    "at", uc_stmt_text(s, 1),
	    "actor_id", (json_int_t)uc_stmt_i64(s, 2),
	    "actor_login", uc_stmt_text(s, 3),
	    "source", uc_stmt_text(s, 4),
	    "action", uc_stmt_text(s, 5),
	    "object_type", uc_stmt_text(s, 6),
	    "object_id", uc_stmt_text(s, 7),
	    "unit_id", (json_int_t)uc_stmt_i64(s, 8),
	    "before_digest", uc_stmt_text(s, 9),
	    "after_digest", uc_stmt_text(s, 10),
	    "prev_hash", uc_stmt_text(s, 11),
	    "hash", uc_stmt_text(s, 12));
}

/* A root unit's path holds one id: "/1/" (the system's is "/"). */
static int
is_root_path(const char *p)
{
	int slashes = 0;

	for (; *p != '\0'; p++)
		slashes += *p == '/';
	return slashes <= 2;
}

static int
holds_root(struct uc_ctx *ctx)
{
	const char **scopes;
	size_t i, n = uc_access_scopes(ctx, UC_PERM_AUDIT_READ, &scopes);

	for (i = 0; i < n; i++)
		if (is_root_path(scopes[i]))
			return 1;
	return 0;
}

/* Entries about no unit (failed logins, the system) need the root. */
static int
may_read(struct uc_ctx *ctx, const char *unit_path)
{
	if (unit_path == NULL)
		return holds_root(ctx);
	return uc_access_allows(ctx, UC_PERM_AUDIT_READ, unit_path);
}

enum uc_status
uc_audit_list(struct uc_ctx *ctx, int64_t cursor, int limit,
    const char *action, const char *object_type, json_t **out,
    int64_t *next, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	const char **scopes;
	enum uc_status rc;
	json_t *j_items = json_array();
	int row = 0;
	int64_t last = 0;

	*out = NULL;
	*next = 0;
	if (uc_access_scopes(ctx, UC_PERM_AUDIT_READ, &scopes) == 0) {
		json_decref(j_items);
		return uc_error_set(err, UC_EPERM,
		    "your roles do not allow reading the audit log");
	}
	rc = uc_store_query(ctx->st, &s, err,
	    "SELECT a.id, a.at, COALESCE(a.actor_id, 0), a.actor_login,"
	    " a.source, a.action, a.object_type, a.object_id,"
	    " COALESCE(a.unit_id, 0), a.before_digest, a.after_digest,"
	    " a.prev_hash, a.hash, u.path FROM audit_entries a"
	    " LEFT JOIN units u ON u.id = a.unit_id"
	    " WHERE (CAST(? AS BIGINT) = 0 OR a.id < ?)"
	    " AND (CAST(? AS TEXT) IS NULL OR a.action = ?)"
	    " AND (CAST(? AS TEXT) IS NULL OR a.object_type = ?)"
	    " ORDER BY a.id DESC", "iissss", cursor, cursor, action, action,
	    object_type, object_type);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if (!may_read(ctx, uc_stmt_text(s, 13)))
			continue;
		if ((int)json_array_size(j_items) == limit) {
			*next = last;
			break;
		}
		json_array_append_new(j_items, entry_json(s));
		last = uc_stmt_i64(s, 0);
	}
	uc_stmt_done(s);
	if (rc != UC_OK) {
		json_decref(j_items);
		return rc;
	}
	*out = j_items;
	return UC_OK;
}

static int
check_entry(struct uc_stmt *s, int64_t want_id, const char *prev,
    char *hash, struct uc_audit_verify *res)
{
	struct uc_audit_entry e;
	const char *stored = uc_stmt_text(s, 12);

	e.id = uc_stmt_i64(s, 0);
	e.at = uc_stmt_text(s, 1);
	e.actor_id = uc_stmt_i64(s, 2);
	e.actor_login = uc_stmt_text(s, 3);
	e.source = uc_stmt_text(s, 4);
	e.action = uc_stmt_text(s, 5);
	e.object_type = uc_stmt_text(s, 6);
	e.object_id = uc_stmt_text(s, 7);
	e.unit_id = uc_stmt_i64(s, 8);
	e.before_digest = uc_stmt_text(s, 9);
	e.after_digest = uc_stmt_text(s, 10);
	e.prev_hash = uc_stmt_text(s, 11);
	res->first_bad_id = e.id < want_id ? e.id : want_id;
	if (e.id != want_id) {
		snprintf(res->reason, sizeof(res->reason), "entry %" PRId64
		    " is missing or out of order (found %" PRId64 ")",
		    want_id, e.id);
		return 0;
	}
	uc_audit_hash(&e, hash);
	if (e.prev_hash == NULL || strcmp(e.prev_hash, prev) != 0) {
		snprintf(res->reason, sizeof(res->reason), "entry %" PRId64
		    " does not follow the entry before it", e.id);
		return 0;
	}
	if (stored == NULL || strcmp(stored, hash) != 0) {
		snprintf(res->reason, sizeof(res->reason), "entry %" PRId64
		    " was edited: its content no longer matches its hash",
		    e.id);
		return 0;
	}
	res->first_bad_id = 0;
	return 1;
}

static void
check_head(struct uc_ctx *ctx, int64_t last_id, const char *last_hash,
    struct uc_audit_verify *res, struct uc_error *err)
{
	int64_t head_id = 0;
	char head_hash[UC_AUDIT_HEX];

	if (read_head(ctx, &head_id, head_hash, err) != UC_OK)
		return;
	if (head_id == last_id && strcmp(head_hash, last_hash) == 0)
		return;
	res->ok = 0;
	res->first_bad_id = last_id + 1;
	snprintf(res->reason, sizeof(res->reason), "the chain ends at entry %"
	    PRId64 " but the log recorded %" PRId64 " entries: newest "
	    "entries were removed or replaced", last_id, head_id);
}

enum uc_status
uc_audit_verify(struct uc_ctx *ctx, struct uc_audit_verify *res,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	char prev[UC_AUDIT_HEX] = UC_AUDIT_ZERO, hash[UC_AUDIT_HEX];
	enum uc_status rc;
	int row = 0;

	memset(res, 0, sizeof(*res));
	res->ok = 1;
	if (!holds_root(ctx))
		return uc_error_set(err, UC_EPERM, "verifying the audit log "
		    "needs the admin or auditor role on the root unit");
	rc = uc_store_query(ctx->st, &s, err,
	    "SELECT id, at, COALESCE(actor_id, 0), actor_login, source,"
	    " action, object_type, object_id, COALESCE(unit_id, 0),"
	    " before_digest, after_digest, prev_hash, hash"
	    " FROM audit_entries ORDER BY id", "");
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if (!check_entry(s, res->entries + 1, prev, hash, res)) {
			res->ok = 0;
			break;
		}
		res->entries++;
		memcpy(prev, hash, sizeof(prev));
	}
	uc_stmt_done(s);
	if (rc == UC_OK && res->ok)
		check_head(ctx, res->entries, prev, res, err);
	return rc;
}
