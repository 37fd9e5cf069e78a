/*
 * outbox.c - see outbox.h. Three parts: enqueue (in the producer's
 * transaction), the admin view (list, retry), and the worker: claim in
 * a short transaction, send with none open (SQLite has one writer, and
 * a network wait must not hold it), record the outcome guarded by the
 * claim token, so a worker whose lease ran out cannot overwrite the
 * outcome of the one that took the row over.
 */
#include "service/outbox.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "exchange/mail.h"
#include "exchange/webhook.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/store.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define BATCH_MAX 64

static const char *const states[] = { "pending", "sending", "delivered",
	"failed", NULL };

static const char *
iso(struct uc_arena *a, int64_t ms)
{
	char *b = uc_arena_alloc(a, UC_TIME_ISO_LEN + 1);

	uc_time_format(ms, b, UC_TIME_ISO_LEN + 1);
	return b;
}

/* ---- enqueue ---- */

enum uc_status
uc_outbox_enqueue(struct uc_ctx *ctx, const struct uc_outbox_msg *m,
    int64_t *id, struct uc_error *err)
{
	const char *now = iso(ctx->arena, ctx->now);
	char *hdr = m->headers ? json_dumps(m->headers, JSON_COMPACT |
	    JSON_SORT_KEYS) : NULL;
	int64_t got = 0;
	enum uc_status rc;

	rc = uc_store_insert(ctx->st, &got, err, "INSERT INTO outbox"
	    " (channel, kind, dedup_key, recipient, recipient_name, user_id,"
	    " webhook_id, unit_id, incident_id, subject, body_text, body_html,"
	    " headers, state, attempts, next_at, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?,"
	    " ?, ?) ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
	    "sssssssissssssss", m->channel, m->kind, m->dedup_key,
	    m->recipient, m->recipient_name ? m->recipient_name : "",
	    uc_store_id_or_null(ctx->arena, m->user_id),
	    uc_store_id_or_null(ctx->arena, m->webhook_id), m->unit_id,
	    uc_store_id_or_null(ctx->arena, m->incident_id),
	    m->subject ? m->subject : "", m->text ? m->text : "",
	    m->html ? m->html : "", hdr ? hdr : "{}", now, now, now);
	uc_free(hdr);
	if (id != NULL)
		*id = rc == UC_OK ? got : 0;
	return rc;
}

/* ---- the admin view ---- */

#define COLS "o.id, o.channel, o.kind, o.recipient, o.state, o.attempts," \
	" o.next_at, o.last_error, o.created_at, o.delivered_at, o.subject," \
	" i.public_id, o.unit_id, un.code, o.updated_at, un.path"
#define FROM " FROM outbox o JOIN units un ON un.id = o.unit_id" \
	" LEFT JOIN incidents i ON i.id = o.incident_id"
enum { C_PATH = 15 };

static json_t *
text_or_null(struct uc_stmt *s, int c)
{
	return uc_stmt_null(s, c) ? json_null() :
	    json_string(uc_stmt_text(s, c));
}

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	json_t *j = json_pack("{sI ss ss ss ss sI sI ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, 0),
	    "channel", uc_stmt_text(s, 1),
	    "kind", uc_stmt_text(s, 2),
	    "recipient", uc_stmt_text(s, 3),
	    "state", uc_stmt_text(s, 4),
	    "attempts", (json_int_t)uc_stmt_i64(s, 5),
	    "unit_id", (json_int_t)uc_stmt_i64(s, 12),
	    "unit_code", uc_stmt_text(s, 13),
	    "subject", uc_stmt_text(s, 10));

	(void)arg;
	json_object_set_new(j, "next_at", json_string(uc_stmt_text(s, 6)));
	json_object_set_new(j, "last_error", text_or_null(s, 7));
	json_object_set_new(j, "created_at", json_string(uc_stmt_text(s,
	    8)));
	json_object_set_new(j, "updated_at", json_string(uc_stmt_text(s,
	    14)));
	json_object_set_new(j, "delivered_at", text_or_null(s, 9));
	json_object_set_new(j, "incident", text_or_null(s, 11));
	return j;
}

/* Rows about the units the actor administers (unit.write). */
static enum uc_status
scope(struct uc_ctx *ctx, struct uc_sql *q, struct uc_error *err)
{
	const char **paths;
	size_t i, n = uc_access_scopes(ctx, UC_PERM_UNIT_WRITE, &paths);

	if (ctx->actor.system)
		return UC_OK;
	if (n == 0)
		return uc_error_set(err, UC_EPERM, "your roles do not allow "
		    "%s: the outbox is the administrators'",
		    uc_perm_name(UC_PERM_UNIT_WRITE));
	uc_sql_add(q, " AND (", "");
	for (i = 0; i < n; i++)
		uc_sql_add(q, i ? " OR un.path LIKE ?" : "un.path LIKE ?", "s",
		    uc_arena_printf(ctx->arena, "%s%%", paths[i]));
	uc_sql_add(q, ")", "");
	return UC_OK;
}

static enum uc_status
filter(struct uc_ctx *ctx, struct uc_sql *q, const struct uc_outbox_filter *f,
    struct uc_error *err)
{
	int64_t cursor = 0;
	const char *p = f->cursor;
	size_t i;

	if (f->state != NULL) {
		for (i = 0; states[i] && strcmp(states[i], f->state); i++)
			;
		if (states[i] == NULL)
			return uc_error_field(err, "state", "enum", "state is "
			    "one of pending, sending, delivered, failed");
		uc_sql_add(q, " AND o.state = ?", "s", f->state);
	}
	if (f->kind != NULL)
		uc_sql_add(q, " AND o.kind = ?", "s", f->kind);
	if (p != NULL && (uc_parse_i64(&p, 1, INT64_MAX, &cursor) != UC_OK ||
	    *p != '\0'))
		return uc_error_field(err, "cursor", "format", "cursor is not "
		    "one this server gave");
	if (cursor > 0)
		uc_sql_add(q, " AND o.id < ?", "i", cursor);
	return scope(ctx, q, err);
}

enum uc_status
uc_outbox_list(struct uc_ctx *ctx, const struct uc_outbox_filter *f,
    json_t **out, char **next, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	json_t *last;
	enum uc_status rc;

	*out = NULL;
	*next = NULL;
	uc_sql_init(&q, ctx->arena, "SELECT " COLS FROM " WHERE 1 = 1");
	if ((rc = filter(ctx, &q, f, err)) != UC_OK)
		return rc;
	uc_sql_add(&q, " ORDER BY o.id DESC LIMIT ?", "i",
	    (int64_t)f->limit + 1);
	rc = uc_store_query_sql(ctx->st, &s, err, &q);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, out, err);
	if (rc != UC_OK || json_array_size(*out) <= (size_t)f->limit)
		return rc;
	json_array_remove(*out, (size_t)f->limit);
	last = json_array_get(*out, (size_t)f->limit - 1);
	*next = uc_arena_printf(ctx->arena, "%" JSON_INTEGER_FORMAT,
	    json_integer_value(json_object_get(last, "id")));
	return UC_OK;
}

/* Row id with the actor's right to administer it checked. */
static enum uc_status
load(struct uc_ctx *ctx, int64_t id, json_t **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	char *path = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS FROM
	    " WHERE o.id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		*out = row_json(s, NULL);
		path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, C_PATH));
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such message");
	if (rc == UC_OK)
		rc = uc_access_path(ctx, UC_PERM_UNIT_WRITE, path, err);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum uc_status
uc_outbox_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	return load(ctx, id, out, err);
}

static enum uc_status
requeue(struct uc_ctx *ctx, int64_t id, json_t *cur, struct uc_error *err)
{
	const char *st = json_string_value(json_object_get(cur, "state"));
	const char *now = iso(ctx->arena, ctx->now);

	if (strcmp(st, "delivered") == 0 || strcmp(st, "sending") == 0)
		return uc_error_set(err, UC_ECONFLICT, "message %" PRId64
		    " is %s: there is nothing to retry", id, st);
	return uc_store_run(ctx->st, NULL, err, "UPDATE outbox SET state ="
	    " 'pending', attempts = 0, next_at = ?, lease_until = NULL,"
	    " claim = NULL, updated_at = ? WHERE id = ?", "ssi", now, now, id);
}

enum uc_status
uc_outbox_retry(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	json_t *j_cur = NULL;
	enum uc_status rc;

	*out = NULL;
	if ((rc = uc_store_begin(ctx->st, err)) != UC_OK)
		return rc;
	rc = load(ctx, id, &j_cur, err);
	if (rc == UC_OK)
		rc = requeue(ctx, id, j_cur, err);
	if (rc == UC_OK)
		rc = load(ctx, id, out, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "outbox.retry", "outbox",
		    uc_arena_printf(ctx->arena, "%" PRId64, id),
		    (int64_t)json_integer_value(json_object_get(j_cur,
		    "unit_id")), j_cur, *out, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	json_decref(j_cur);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- the worker: claim ---- */

void
uc_outbox_defaults(struct uc_outbox_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->worker = 1;
	cfg->mail_from = "ungcuu@localhost";
	cfg->mail_from_name = "Hệ thống ứng cứu sự cố ATTT mạng";
	cfg->backoff_ms = 60 * 1000;
	cfg->backoff_max_ms = 6 * 3600 * 1000;
	cfg->max_attempts = 12;
	cfg->poll_ms = 1000;
	cfg->lease_ms = 5 * 60 * 1000;
	cfg->timeout_ms = 30 * 1000;
	cfg->batch = 16;
}

#define DUE " ((state = 'pending' AND next_at <= ?) OR (state = 'sending'" \
	" AND lease_until <= ?)) AND (channel <> 'email' OR" \
	" CAST(? AS BIGINT) = 1)"
#define CLAIM "UPDATE outbox SET state = 'sending', attempts = attempts +" \
	" 1, lease_until = ?, claim = ?, updated_at = ? WHERE id IN (SELECT" \
	" id FROM outbox WHERE" DUE " ORDER BY next_at, id LIMIT ?"

/* Anything to do? A read, so an idle worker never takes the lock. */
static enum uc_status
due(struct uc_store *st, const char *now, int email, int *yes,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	*yes = 0;
	rc = uc_store_query(st, &s, err, "SELECT 1 FROM outbox WHERE" DUE
	    " LIMIT 1", "ssi", now, now, (int64_t)email);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, yes, err);
	uc_stmt_done(s);
	return rc;
}

/* Claim up to cfg->batch due rows under token; ids of n rows. */
static enum uc_status
claim(struct uc_store *st, const struct uc_outbox_config *cfg,
    const char *token, int64_t now, int64_t *ids, int *n,
    struct uc_error *err)
{
	char now_s[UC_TIME_ISO_LEN + 1], lease[UC_TIME_ISO_LEN + 1];
	int pg = strcmp(uc_store_engine(st), "postgres") == 0;
	int email = cfg->smtp_url != NULL && *cfg->smtp_url != '\0';
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*n = 0;
	uc_time_format(now, now_s, sizeof(now_s));
	uc_time_format(now + cfg->lease_ms, lease, sizeof(lease));
	if ((rc = due(st, now_s, email, &row, err)) != UC_OK || !row)
		return rc;
	if ((rc = uc_store_begin(st, err)) != UC_OK)
		return rc;
	/* PostgreSQL: rows another process holds are skipped, not waited
	 * for; SQLite has one writer, which BEGIN IMMEDIATE took */
	rc = uc_store_query(st, &s, err, pg ? CLAIM " FOR UPDATE SKIP"
	    " LOCKED) RETURNING id" : CLAIM ") RETURNING id", "sssssii",
	    lease, token, now_s, now_s, now_s, (int64_t)email, cfg->batch);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row && *n < BATCH_MAX)
		ids[(*n)++] = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	if (rc == UC_OK)
		rc = uc_store_commit(st, err);
	uc_store_rollback(st);
	if (rc != UC_OK)
		*n = 0;
	return rc;
}

/* ---- the worker: one message ---- */

struct msg {
	int64_t id;
	const char *channel, *kind, *recipient, *name, *subject, *text;
	const char *html, *headers, *url, *secret;
	int64_t created_ms, attempts, webhook_id;
	int active;
};

#define ROW "SELECT o.channel, o.kind, o.recipient, o.recipient_name," \
	" o.subject, o.body_text, o.body_html, o.headers, o.created_at," \
	" o.attempts, w.url, w.secret, w.active, o.webhook_id FROM outbox o" \
	" LEFT JOIN webhooks w ON w.id = o.webhook_id WHERE o.id = ? AND" \
	" o.claim = ?"

static const char *
col(struct uc_arena *a, struct uc_stmt *s, int c)
{
	return uc_stmt_null(s, c) ? NULL : uc_arena_strdup(a,
	    uc_stmt_text(s, c));
}

/* The claimed row; *found 0 when the claim was lost meanwhile. */
static enum uc_status
fetch(struct uc_store *st, struct uc_arena *a, const char *token,
    struct msg *m, int *found, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	rc = uc_store_query(st, &s, err, ROW, "is", m->id, token);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, found, err);
	if (rc == UC_OK && *found) {
		m->channel = col(a, s, 0);
		m->kind = col(a, s, 1);
		m->recipient = col(a, s, 2);
		m->name = col(a, s, 3);
		m->subject = col(a, s, 4);
		m->text = col(a, s, 5);
		m->html = col(a, s, 6);
		m->headers = col(a, s, 7);
		if (uc_time_parse(uc_stmt_text(s, 8), &m->created_ms) != UC_OK)
			m->created_ms = 0;
		m->attempts = uc_stmt_i64(s, 9);
		m->url = col(a, s, 10);
		m->secret = col(a, s, 11);
		m->active = (int)uc_stmt_i64(s, 12);
		m->webhook_id = uc_stmt_null(s, 13) ? 0 : uc_stmt_i64(s, 13);
	}
	uc_stmt_done(s);
	return rc;
}

/* The extra headers stored with an email, j {name: value}: borrowed
 * from j, which the caller keeps until the mail is sent. */
static void
mail_headers(struct uc_mail *mail, json_t *j)
{
	const char *k;
	json_t *v;

	json_object_foreach(j, k, v)
		if (mail->nheaders < UC_MAIL_HEADERS && json_is_string(v)) {
			mail->headers[mail->nheaders].name = k;
			mail->headers[mail->nheaders++].value =
			    json_string_value(v);
		}
}

static enum uc_status
send_mail(const struct uc_outbox_config *cfg, struct uc_arena *a,
    const struct msg *m, int *permanent, struct uc_error *err)
{
	struct uc_mail_server srv = { cfg->smtp_url, cfg->smtp_user,
		cfg->smtp_password, cfg->smtp_tls_required, cfg->ca_file,
		cfg->mail_from, cfg->mail_from_name, (long)cfg->timeout_ms };
	const char *at = strchr(cfg->mail_from, '@');
	struct uc_mail mail;
	json_t *j_h = json_loads(m->headers ? m->headers : "{}", 0, NULL);
	enum uc_status rc;

	memset(&mail, 0, sizeof(mail));
	mail.to = m->recipient;
	mail.to_name = m->name;
	mail.subject = m->subject;
	mail.text = m->text;
	mail.html = m->html;
	mail.date_ms = m->created_ms;
	/* the same on every attempt: a receiver can drop a duplicate */
	mail.message_id = uc_arena_printf(a, "ungcuu.outbox.%" PRId64 ".%"
	    PRId64 "@%s", m->id, m->created_ms, at && at[1] ? at + 1 :
	    "ungcuu.invalid");
	mail_headers(&mail, j_h);
	rc = uc_mail_send(&srv, &mail, permanent, err);
	json_decref(j_h);
	return rc;
}

static enum uc_status
send_webhook(const struct uc_outbox_config *cfg, const struct msg *m,
    int64_t now, int *permanent, struct uc_error *err)
{
	struct uc_webhook_post p = { m->url, m->secret, m->text, m->kind,
		m->id, now, (long)cfg->timeout_ms, cfg->ca_file };

	*permanent = 1;
	if (m->webhook_id == 0 || m->url == NULL)
		return uc_error_set(err, UC_ENOTFOUND, "the webhook was "
		    "removed");
	if (!m->active)
		return uc_error_set(err, UC_ECONFLICT, "the webhook is "
		    "switched off");
	return uc_webhook_send(&p, permanent, err);
}

static int64_t
backoff(const struct uc_outbox_config *cfg, int64_t attempts)
{
	int64_t d = cfg->backoff_ms, i;

	for (i = 1; i < attempts && d < cfg->backoff_max_ms; i++)
		d *= 2;
	return d < cfg->backoff_max_ms ? d : cfg->backoff_max_ms;
}

/* Write the outcome, if the claim is still ours. */
static enum uc_status
record(struct uc_store *st, const struct uc_outbox_config *cfg,
    const struct msg *m, const char *token, enum uc_status sent,
    int permanent, const char *why, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1], next[UC_TIME_ISO_LEN + 1];
	int64_t ms = uc_time_now_ms(), n = 0;
	int give_up = permanent || m->attempts >= cfg->max_attempts;
	enum uc_status rc;

	uc_time_format(ms, now, sizeof(now));
	uc_time_format(ms + backoff(cfg, m->attempts), next, sizeof(next));
	if (sent == UC_OK)
		rc = uc_store_run(st, &n, err, "UPDATE outbox SET state ="
		    " 'delivered', delivered_at = ?, updated_at = ?,"
		    " lease_until = NULL, claim = NULL, last_error = NULL"
		    " WHERE id = ? AND claim = ?", "ssis", now, now, m->id,
		    token);
	else
		rc = uc_store_run(st, &n, err, "UPDATE outbox SET state = ?,"
		    " next_at = ?, updated_at = ?, lease_until = NULL, claim ="
		    " NULL, last_error = ? WHERE id = ? AND claim = ?",
		    "ssssis", give_up ? "failed" : "pending", give_up ? now :
		    next, now, why, m->id, token);
	if (rc == UC_OK && n == 0)
		uc_log_warn("outbox: message %" PRId64 " was taken over "
		    "after its lease ran out; its outcome is the new "
		    "claim's", m->id);
	return rc;
}

static void
report(const struct msg *m, enum uc_status sent, int permanent,
    const struct uc_outbox_config *cfg, const char *why)
{
	if (sent == UC_OK)
		uc_log_info("outbox: message %" PRId64 " (%s %s) delivered on "
		    "attempt %" PRId64, m->id, m->channel, m->kind,
		    m->attempts);
	else if (permanent || m->attempts >= cfg->max_attempts)
		uc_log_warn("outbox: message %" PRId64 " (%s %s) failed after "
		    "%" PRId64 " attempt(s): %s", m->id, m->channel, m->kind,
		    m->attempts, why);
	else
		uc_log_info("outbox: message %" PRId64 " (%s %s) attempt %"
		    PRId64 " failed, will retry: %s", m->id, m->channel,
		    m->kind, m->attempts, why);
}

static enum uc_status
deliver(struct uc_store *st, const struct uc_outbox_config *cfg,
    int64_t id, const char *token, struct uc_error *err)
{
	struct uc_arena *a = uc_arena_new();
	struct uc_error why = { 0 };
	struct msg m;
	enum uc_status rc, sent;
	int found = 0, permanent = 0;

	memset(&m, 0, sizeof(m));
	m.id = id;
	rc = fetch(st, a, token, &m, &found, err);
	if (rc != UC_OK || !found)
		goto out;
	if (strcmp(m.channel, "email") == 0)
		sent = send_mail(cfg, a, &m, &permanent, &why);
	else
		sent = send_webhook(cfg, &m, uc_time_now_ms(), &permanent,
		    &why);
	report(&m, sent, permanent, cfg, why.message);
	rc = record(st, cfg, &m, token, sent, permanent, why.message, err);
out:
	uc_arena_free(a);
	return rc;
}

enum uc_status
uc_outbox_run_once(struct uc_store *st, const struct uc_outbox_config *cfg,
    int *handled, struct uc_error *err)
{
	int64_t ids[BATCH_MAX];
	unsigned char rnd[16];
	char token[sizeof(rnd) * 2 + 1];
	int i, n = 0;
	enum uc_status rc;

	*handled = 0;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(token, sizeof(token), rnd, sizeof(rnd));
	rc = claim(st, cfg, token, uc_time_now_ms(), ids, &n, err);
	for (i = 0; rc == UC_OK && i < n; i++)
		rc = deliver(st, cfg, ids[i], token, err);
	*handled = n;
	return rc;
}

/* ---- the worker: the thread ---- */

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int started;
	int stop;
	struct uc_outbox_config cfg;	/* strings owned (uc_xstrdup) */
} w = { .mu = PTHREAD_MUTEX_INITIALIZER };

static int
stopping(void)
{
	int stop;

	pthread_mutex_lock(&w.mu);
	stop = w.stop;
	pthread_mutex_unlock(&w.mu);
	return stop;
}

/* Sleep ms, or less when uc_outbox_stop asks; 1 when stopping. */
static int
nap(int64_t ms)
{
	struct timespec ts;
	int stop;

	uc_time_mono_after(ms, &ts);
	pthread_mutex_lock(&w.mu);
	while (!w.stop && pthread_cond_timedwait(&w.cv, &w.mu, &ts) == 0)
		;
	stop = w.stop;
	pthread_mutex_unlock(&w.mu);
	return stop;
}

static void *
run(void *arg)
{
	struct uc_store *st = NULL;
	struct uc_error err = { 0 };
	char last[sizeof(err.message)] = "";
	int handled;

	(void)arg;
	do {
		handled = 0;
		uc_error_clear(&err);
		if (st != NULL || uc_store_pool_get(&st, &err) == UC_OK) {
			uc_store_pool_acquire();
			if (uc_outbox_run_once(st, &w.cfg, &handled, &err) !=
			    UC_OK)
				handled = 0;
			uc_store_rollback(st);
			uc_store_pool_release();
		}
		/* the same failure every poll is said once */
		if (err.code != UC_OK && strcmp(last, err.message) != 0)
			uc_log_warn("outbox: %s", err.message);
		snprintf(last, sizeof(last), "%s", err.message);
	} while (handled > 0 ? !stopping() : !nap(w.cfg.poll_ms));
	return NULL;
}

static const char *
copy(const char *s)
{
	return s ? uc_xstrdup(s) : NULL;
}

static void
own(struct uc_outbox_config *c)
{
	c->smtp_url = copy(c->smtp_url);
	c->smtp_user = copy(c->smtp_user);
	c->smtp_password = copy(c->smtp_password);
	c->ca_file = copy(c->ca_file);
	c->mail_from = copy(c->mail_from);
	c->mail_from_name = copy(c->mail_from_name);
}

static void
release(struct uc_outbox_config *c)
{
	if (c->smtp_password != NULL)
		sodium_memzero((char *)(uintptr_t)c->smtp_password,
		    strlen(c->smtp_password));
	uc_free((char *)(uintptr_t)c->smtp_url);
	uc_free((char *)(uintptr_t)c->smtp_user);
	uc_free((char *)(uintptr_t)c->smtp_password);
	uc_free((char *)(uintptr_t)c->ca_file);
	uc_free((char *)(uintptr_t)c->mail_from);
	uc_free((char *)(uintptr_t)c->mail_from_name);
	memset(c, 0, sizeof(*c));
}

enum uc_status
uc_outbox_start(const struct uc_outbox_config *cfg, struct uc_error *err)
{
	pthread_condattr_t ca;
	sigset_t block, old;
	int e;

	if (!cfg->worker) {
		uc_log_info("outbox: no worker in this process (messages "
		    "wait for one)");
		return UC_OK;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return uc_error_set(err, UC_EIO, "outbox: libcurl set-up");
	w.cfg = *cfg;
	own(&w.cfg);
	w.stop = 0;	/* no worker thread yet */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w.cv, &ca);
	pthread_condattr_destroy(&ca);
	/* signals are the main thread's (http/server.c waits for them) */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	e = pthread_create(&w.thread, NULL, run, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		release(&w.cfg);
		pthread_cond_destroy(&w.cv);
		curl_global_cleanup();
		return uc_error_set(err, UC_EIO, "outbox: cannot start the "
		    "worker thread: %s", strerror(e));
	}
	w.started = 1;
	uc_log_info("outbox: worker started (email %s)", cfg->smtp_url &&
	    *cfg->smtp_url ? "on" : "off: no --smtp-url");
	return UC_OK;
}

void
uc_outbox_stop(void)
{
	if (!w.started)
		return;
	pthread_mutex_lock(&w.mu);
	w.stop = 1;
	pthread_cond_signal(&w.cv);
	pthread_mutex_unlock(&w.mu);
	pthread_join(w.thread, NULL);
	pthread_cond_destroy(&w.cv);
	release(&w.cfg);
	curl_global_cleanup();
	w.started = 0;
}
