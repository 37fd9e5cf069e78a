/*
 * evidence.c - see evidence.h.
 *
 * The order is always: check access, do the slow file work (hashing a
 * file of up to --evidence-max bytes) outside any transaction, then
 * write the rows in one short transaction. So a bad request changes
 * nothing, and a writer never holds the database while it hashes.
 *
 * Which records go where: the custody log gets every event (views
 * included); the timeline (in Vietnamese, like every timeline line)
 * and the audit log get uploads, downloads, exports, transfers and
 * hash mismatches; the incident is touched (version and ETag move)
 * only by uploads and transfers, the events that change what the
 * incident holds, not by reads of it.
 */
#include "service/evidence.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/perm.h"
#include "domain/validate.h"
#include "service/audit.h"
#include "service/incident.h"
#include "service/timeline.h"
#include "store/files.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (64 * 1024)	/* local file reads and copies */

#define COLS "e.id, i.public_id, e.sha256, e.size, e.filename," \
	" e.content_type, e.description, e.collected_by, e.collected_at," \
	" e.collected_from, e.created_at, COALESCE(e.created_by, 0)," \
	" e.step_code"

/* The incident an operation works on. */
struct incident {
	const char *pid;
	int64_t id;
	int64_t unit_id;
	int closed;
};

/* One evidence row, as far as the operations need it. */
struct item {
	int64_t id;
	char sha[UC_FILES_SHA_HEX + 1];
	const char *filename;	/* arena */
	json_t *j;		/* the evidence object (owned) */
};

struct uc_evidence_upload {
	struct uc_files *files;
	char *pid;
	struct uc_file_writer *w;	/* NULL before _file, after commit */
	int started;		/* _file was called */
};

/* ---- the store, opened once ---- */

static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static struct uc_files *files_handle;

enum uc_status
uc_evidence_store(struct uc_files **out, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	pthread_mutex_lock(&files_lock);
	if (files_handle == NULL)
		rc = uc_files_open(uc_cfg.data_dir, &files_handle, err);
	*out = files_handle;
	pthread_mutex_unlock(&files_lock);
	return rc;
}

enum uc_status
uc_evidence_open(struct uc_error *err)
{
	struct uc_files *f;

	return uc_evidence_store(&f, err);
}

void
uc_evidence_close(void)
{
	pthread_mutex_lock(&files_lock);
	uc_files_free(files_handle);
	files_handle = NULL;
	pthread_mutex_unlock(&files_lock);
}

/* ---- reading rows ---- */

static json_t *
text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
row_json(struct uc_stmt *s)
{
	json_t *j = json_pack("{sI ss ss sI ss ss ss ss so ss ss}",
	    "id", (json_int_t)uc_stmt_i64(s, 0),
	    "incident", uc_stmt_text(s, 1),
	    "sha256", uc_stmt_text(s, 2),
	    "size", (json_int_t)uc_stmt_i64(s, 3),
	    "filename", uc_stmt_text(s, 4),
	    "content_type", uc_stmt_text(s, 5),
	    "description", uc_stmt_text(s, 6),
	    "collected_by", uc_stmt_text(s, 7),
	    "collected_at", text_or_null(uc_stmt_text(s, 8)),
	    "collected_from", uc_stmt_text(s, 9),
	    "created_at", uc_stmt_text(s, 10));
	int64_t by = uc_stmt_i64(s, 11);

	json_object_set_new(j, "created_by", by ? json_integer(by) :
	    json_null());
	json_object_set_new(j, "step", text_or_null(uc_stmt_text(s, 12)));
	return j;
}

/* The incident by public id, with `perm` checked, and its unit. */
static enum uc_status
incident_of(struct uc_ctx *ctx, const char *pid, enum uc_perm perm,
    struct incident *inc, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	inc->pid = pid;
	rc = uc_incident_lookup(ctx, pid, perm, &inc->id, err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT unit_id,"
		    " closed_at IS NOT NULL FROM incidents WHERE id = ?", "i",
		    inc->id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such incident");
	if (rc == UC_OK) {
		inc->unit_id = uc_stmt_i64(s, 0);
		inc->closed = (int)uc_stmt_i64(s, 1);
	}
	uc_stmt_done(s);
	return rc;
}

/* Evidence `id` of the incident (UC_ENOTFOUND when it is another's). */
static enum uc_status
load(struct uc_ctx *ctx, const struct incident *inc, int64_t id,
    struct item *it, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	memset(it, 0, sizeof(*it));
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM evidence"
	    " e JOIN incidents i ON i.id = e.incident_id WHERE e.id = ? AND"
	    " e.incident_id = ?", "ii", id, inc->id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		it->id = id;
		it->j = row_json(s);
		snprintf(it->sha, sizeof(it->sha), "%s", uc_stmt_text(s, 2));
		it->filename = uc_arena_strdup(ctx->arena,
		    uc_stmt_text(s, 4));
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such evidence");
	return rc;
}

static json_t *
custody_json(struct uc_stmt *s, const void *arg)
{
	const char *text = uc_stmt_text(s, 4);
	json_t *j_detail = json_loads(text, 0, NULL);

	(void)arg;
	if (j_detail == NULL)
		j_detail = json_string(text);
	return json_pack("{sI ss ss ss so sb}",
	    "id", (json_int_t)uc_stmt_i64(s, 0),
	    "at", uc_stmt_text(s, 1),
	    "actor", uc_stmt_text(s, 2),
	    "action", uc_stmt_text(s, 3),
	    "detail", j_detail,
	    "hash_ok", (int)uc_stmt_i64(s, 5));
}

/* The custody log of an item, oldest first. */
static enum uc_status
custody_list(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT id, at, actor, action,"
	    " detail, hash_ok FROM custody_events WHERE evidence_id = ?"
	    " ORDER BY id", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, custody_json, NULL, out, err);
	return rc;
}

/* ---- writing rows ---- */

static const char *
actor_name(struct uc_ctx *ctx)
{
	return ctx->actor.login ? ctx->actor.login : "-";
}

static char *
id_text(struct uc_ctx *ctx, int64_t id)
{
	return uc_arena_printf(ctx->arena, "%" PRId64, id);
}

/* One custody event; detail (borrowed, may be NULL) as JSON text. */
static enum uc_status
custody_add(struct uc_ctx *ctx, int64_t id, const char *action,
    json_t *detail, int hash_ok, struct uc_error *err)
{
	static const char sql[] = "INSERT INTO custody_events (evidence_id,"
	    " at, actor_id, actor, action, detail, hash_ok)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)";
	char at[UC_TIME_ISO_LEN + 1], *text;
	enum uc_status rc;

	uc_time_format(ctx->now, at, sizeof(at));
	text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) :
	    NULL;
	if (ctx->actor.user_id != 0)
		rc = uc_store_run(ctx->st, NULL, err, sql, "isisssi", id, at,
		    ctx->actor.user_id, actor_name(ctx), action,
		    text ? text : "{}", (int64_t)hash_ok);
	else
		rc = uc_store_run(ctx->st, NULL, err, sql, "isssssi", id, at,
		    (const char *)NULL, actor_name(ctx), action,
		    text ? text : "{}", (int64_t)hash_ok);
	free(text);	/* jansson's allocation */
	return rc;
}

/* Timeline and audit entries for an event on an item. */
static enum uc_status
log_event(struct uc_ctx *ctx, const struct incident *inc,
    const struct item *it, const char *action, const char *summary,
    json_t *detail, struct uc_error *err)
{
	enum uc_status rc;

	rc = uc_timeline_change(ctx, inc->id, summary, detail, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, action, "evidence",
		    id_text(ctx, it->id), inc->unit_id, NULL, detail, err);
	return rc;
}

static enum uc_status
commit(struct uc_ctx *ctx, enum uc_status rc, struct uc_error *err)
{
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}

static json_t *
event_detail(const struct item *it)
{
	return json_pack("{sI ss ss}", "evidence_id", (json_int_t)it->id,
	    "sha256", it->sha, "filename", it->filename);
}

/*
 * The file no longer matches its name (or is gone): say so in the
 * custody log, the timeline and the audit log, in a transaction of its
 * own so that it stays when the request fails. Returns the refusal.
 */
static enum uc_status
report_mismatch(struct uc_ctx *ctx, const struct incident *inc,
    const struct item *it, const char *during, enum uc_status found,
    struct uc_error *err)
{
	json_t *j = event_detail(it);
	struct uc_error e2 = { 0 };
	enum uc_status rc;

	json_object_set_new(j, "during", json_string(during));
	json_object_set_new(j, "reason", json_string(found == UC_ENOTFOUND ?
	    "missing" : "content"));
	uc_log_warn("evidence %" PRId64 " of %s: %s, %s (%s)", it->id,
	    inc->pid, it->sha, found == UC_ENOTFOUND ? "file missing" :
	    "hash mismatch", during);
	rc = uc_store_begin(ctx->st, &e2);
	if (rc == UC_OK)
		rc = custody_add(ctx, it->id, "hash_mismatch", j, 0, &e2);
	if (rc == UC_OK)
		rc = log_event(ctx, inc, it, "evidence.hash_mismatch",
		    uc_arena_printf(ctx->arena, "Chứng cứ không còn khớp mã "
		    "băm: %s", it->filename), j, &e2);
	if (commit(ctx, rc, &e2) != UC_OK)
		uc_log_error("evidence %" PRId64 ": mismatch not recorded: %s",
		    it->id, e2.message);
	json_decref(j);
	uc_error_clear(err);
	return uc_error_set(err, UC_ECONFLICT, "%s", found == UC_ENOTFOUND ?
	    "evidence: the stored file is missing" : UC_FILES_MISMATCH);
}

/* Did a read of the store find the content changed or gone? */
static int
is_mismatch(enum uc_status rc, const struct uc_error *err)
{
	return rc == UC_ENOTFOUND || (rc == UC_EIO &&
	    strcmp(err->message, UC_FILES_MISMATCH) == 0);
}

/* ---- checking what the uploader says ---- */

const char *
uc_evidence_filename(struct uc_arena *a, const char *name)
{
	const char *base = name ? name : "";
	const char *p;
	size_t n;

	for (p = base; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (*base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0)
		return "unnamed";
	n = strlen(base);
	if (n > UC_EVIDENCE_FILENAME_MAX) {
		n = UC_EVIDENCE_FILENAME_MAX;
		while (n > 0 && ((unsigned char)base[n] & 0xc0) == 0x80)
			n--;	/* not inside a UTF-8 sequence */
	}
	return uc_arena_strndup(a, base, n);
}

static int
token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!#$&^_.+-", c) != NULL;
}

int
uc_evidence_media_type_ok(const char *s)
{
	const char *p = s;
	int slash = 0;

	if (strlen(s) > UC_EVIDENCE_TYPE_MAX)
		return 0;
	for (; *p != '\0' && *p != ';'; p++) {
		if (*p == '/' && !slash && p != s && token_char(p[1]))
			slash = 1;
		else if (!token_char(*p))
			return 0;
	}
	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	return slash;
}

static enum uc_status
check_collected_at(struct uc_ctx *ctx, const char *in, const char **out,
    struct uc_error *err)
{
	char buf[UC_TIME_ISO_LEN + 1];
	int64_t ms;

	*out = NULL;
	if (in == NULL || *in == '\0')
		return UC_OK;
	if (strlen(in) > 64 || uc_time_parse(in, &ms) != UC_OK)
		return uc_error_field(err, "collected_at", "format",
		    "collected_at is an ISO 8601 instant with a zone, such "
		    "as 2026-11-21T07:00:00Z");
	if (ms > ctx->now + UC_EVIDENCE_SKEW_MS)
		return uc_error_field(err, "collected_at", "range",
		    "collected_at is in the future");
	uc_time_format(ms, buf, sizeof(buf));
	*out = uc_arena_strdup(ctx->arena, buf);
	return UC_OK;
}

static const char *
or_empty(const char *s)
{
	return s ? s : "";
}

/* Check meta into *out (arena or borrowed strings, none NULL but
 * collected_at). Every bad field is named. */
static enum uc_status
check_meta(struct uc_ctx *ctx, const struct uc_evidence_meta *in,
    struct uc_evidence_meta *out, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	out->filename = uc_evidence_filename(ctx->arena, in->filename);
	out->content_type = in->content_type && *in->content_type ?
	    in->content_type : "application/octet-stream";
	out->description = or_empty(in->description);
	out->collected_by = or_empty(in->collected_by);
	out->collected_from = or_empty(in->collected_from);
	out->step = in->step;
	if (uc_valid_text("filename", out->filename, 1,
	    UC_EVIDENCE_FILENAME_MAX, err) != UC_OK)
		rc = UC_EVALID;
	if (!uc_evidence_media_type_ok(out->content_type))
		rc = uc_error_field(err, "content_type", "format", "the "
		    "file's Content-Type is not a media type");
	if (uc_valid_text("description", out->description, 0,
	    UC_EVIDENCE_DESCRIPTION_MAX, err) != UC_OK ||
	    uc_valid_text("collected_by", out->collected_by, 0,
	    UC_EVIDENCE_TEXT_MAX, err) != UC_OK ||
	    uc_valid_text("collected_from", out->collected_from, 0,
	    UC_EVIDENCE_TEXT_MAX, err) != UC_OK)
		rc = UC_EVALID;
	if (check_collected_at(ctx, in->collected_at, &out->collected_at,
	    err) != UC_OK)
		rc = UC_EVALID;
	return rc;
}

/* ---- recording a new file ---- */

static enum uc_status
insert_row(struct uc_ctx *ctx, const struct incident *inc,
    const struct uc_evidence_meta *m, const char *sha, int64_t size,
    int64_t *id, struct uc_error *err)
{
	static const char sql[] = "INSERT INTO evidence (incident_id, sha256,"
	    " size, filename, content_type, description, collected_by,"
	    " collected_at, collected_from, created_by, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
	struct uc_stmt *s = NULL;
	char now[UC_TIME_ISO_LEN + 1];
	enum uc_status rc;
	int row = 0;

	uc_time_format(ctx->now, now, sizeof(now));
	if (ctx->actor.user_id != 0)
		rc = uc_store_query(ctx->st, &s, err, sql, "isissssssis",
		    inc->id, sha, size, m->filename, m->content_type,
		    m->description, m->collected_by, m->collected_at,
		    m->collected_from, ctx->actor.user_id, now);
	else
		rc = uc_store_query(ctx->st, &s, err, sql, "isissssssss",
		    inc->id, sha, size, m->filename, m->content_type,
		    m->description, m->collected_by, m->collected_at,
		    m->collected_from, (const char *)NULL, now);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK)
		*id = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return rc;
}

/* Evidence of one step (III.1's logs, III.3's test report ...). */
static enum uc_status
attach_to_step(struct uc_ctx *ctx, const struct incident *inc, int64_t id,
    const char *step, struct uc_error *err)
{
	int64_t n = 0;
	enum uc_status rc;

	rc = uc_store_run(ctx->st, &n, err, "UPDATE evidence SET step_code ="
	    " ? WHERE id = ? AND EXISTS (SELECT 1 FROM incident_steps WHERE"
	    " incident_id = ? AND code = ?)", "siis", step, id, inc->id,
	    step);
	if (rc == UC_OK && n == 0)
		rc = uc_error_field(err, "step", "not_found", "the incident "
		    "has no step '%s'", step);
	return rc;
}

static json_t *
collected_detail(const struct uc_evidence_meta *m, const char *sha,
    int64_t size)
{
	return json_pack("{ss sI ss ss so}", "sha256", sha,
	    "size", (json_int_t)size, "collected_by", m->collected_by,
	    "collected_from", m->collected_from, "collected_at",
	    text_or_null(m->collected_at));
}

/* The rows for a file now in the store: one transaction. */
static enum uc_status
record_new(struct uc_ctx *ctx, const char *pid,
    const struct uc_evidence_meta *m, const char *sha, int64_t size,
    json_t **out, struct uc_error *err)
{
	struct incident inc;
	struct item it;
	json_t *j_c = collected_detail(m, sha, size), *j_t = NULL;
	enum uc_status rc;

	memset(&it, 0, sizeof(it));
	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = incident_of(ctx, pid, UC_PERM_INCIDENT_WRITE, &inc, err);
	if (rc == UC_OK)
		rc = insert_row(ctx, &inc, m, sha, size, &it.id, err);
	if (rc == UC_OK && m->step != NULL && *m->step != '\0')
		rc = attach_to_step(ctx, &inc, it.id, m->step, err);
	if (rc == UC_OK)
		rc = custody_add(ctx, it.id, "collected", j_c, 1, err);
	if (rc == UC_OK)
		rc = load(ctx, &inc, it.id, &it, err);
	if (rc == UC_OK) {
		j_t = event_detail(&it);
		json_object_set_new(j_t, "size", json_integer(size));
		rc = uc_timeline_change(ctx, inc.id, uc_arena_printf(
		    ctx->arena, "Thêm chứng cứ: %s", m->filename), j_t, err);
	}
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "evidence.create", "evidence",
		    id_text(ctx, it.id), inc.unit_id, NULL, it.j, err);
	if (rc == UC_OK)
		rc = uc_incident_touch(ctx, inc.id, err);
	rc = commit(ctx, rc, err);
	json_decref(j_c);
	json_decref(j_t);
	if (rc == UC_OK)
		*out = it.j;
	else
		json_decref(it.j);
	return rc;
}

/* ---- uploads ---- */

enum uc_status
uc_evidence_upload_new(struct uc_ctx *ctx, const char *pid,
    struct uc_evidence_upload **out, struct uc_error *err)
{
	struct uc_files *files = NULL;
	struct incident inc;
	enum uc_status rc;

	*out = NULL;
	rc = incident_of(ctx, pid, UC_PERM_INCIDENT_WRITE, &inc, err);
	/* the record of a closed incident is final; custody events
	 * (transfers, downloads) still are recorded */
	if (rc == UC_OK && inc.closed)
		rc = uc_error_set(err, UC_ECONFLICT, "the incident is closed");
	if (rc == UC_OK)
		rc = uc_evidence_store(&files, err);
	if (rc != UC_OK)
		return rc;
	*out = uc_xcalloc(1, sizeof(**out));
	(*out)->files = files;
	(*out)->pid = uc_xstrdup(pid);
	return UC_OK;
}

enum uc_status
uc_evidence_upload_file(struct uc_evidence_upload *up, struct uc_error *err)
{
	if (up->started)
		return uc_error_set(err, UC_EINVAL, "evidence: one file per "
		    "upload");
	up->started = 1;
	return uc_files_write_begin(up->files, uc_cfg.evidence_max, &up->w,
	    err);
}

enum uc_status
uc_evidence_upload_write(struct uc_evidence_upload *up, const void *p,
    size_t n, struct uc_error *err)
{
	uc_assert(up->w != NULL);
	return uc_files_write(up->w, p, n, err);
}

enum uc_status
uc_evidence_upload_finish(struct uc_ctx *ctx, struct uc_evidence_upload *up,
    const struct uc_evidence_meta *meta, json_t **out,
    struct uc_error *err)
{
	struct uc_evidence_meta m;
	char sha[UC_FILES_SHA_HEX + 1];
	int64_t size = 0;
	struct uc_file_writer *w = up->w;
	enum uc_status rc;

	*out = NULL;
	if (w == NULL)
		return uc_error_field(err, "file", "required", "send the "
		    "evidence as a file part named 'file'");
	memset(&m, 0, sizeof(m));
	if ((rc = check_meta(ctx, meta, &m, err)) != UC_OK)
		return rc;
	up->w = NULL;	/* commit frees it, whatever happens */
	rc = uc_files_write_commit(w, sha, &size, err);
	if (rc == UC_OK)
		rc = record_new(ctx, up->pid, &m, sha, size, out, err);
	return rc;
}

void
uc_evidence_upload_free(struct uc_evidence_upload *up)
{
	if (up == NULL)
		return;
	uc_files_write_abort(up->w);
	uc_free(up->pid);
	uc_free(up);
}

/* ---- a local file (CLI) ---- */

static enum uc_status
open_local(const char *path, int *fd, struct uc_error *err)
{
	struct stat sb;

	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return uc_error_set(err, UC_EIO, "cannot open %s: %s", path,
		    strerror(errno));
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(*fd);
		*fd = -1;
		return uc_error_set(err, UC_EINVAL, "%s is not a regular "
		    "file", path);
	}
	return UC_OK;
}

static enum uc_status
pour(struct uc_evidence_upload *up, int fd, const char *path,
    struct uc_error *err)
{
	char *buf = uc_xmalloc(CHUNK);
	enum uc_status rc = UC_OK;
	ssize_t n;

	while (rc == UC_OK) {
		n = read(fd, buf, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = uc_error_set(err, UC_EIO, "cannot read %s: %s",
			    path, strerror(errno));
		if (n <= 0)
			break;
		rc = uc_evidence_upload_write(up, buf, (size_t)n, err);
	}
	uc_free(buf);
	return rc;
}

enum uc_status
uc_evidence_add_file(struct uc_ctx *ctx, const char *pid, const char *path,
    const struct uc_evidence_meta *meta, json_t **out,
    struct uc_error *err)
{
	struct uc_evidence_upload *up = NULL;
	struct uc_evidence_meta m = *meta;
	enum uc_status rc;
	int fd = -1;

	*out = NULL;
	if (m.filename == NULL)
		m.filename = path;	/* its last segment is kept */
	rc = uc_evidence_upload_new(ctx, pid, &up, err);
	if (rc == UC_OK)
		rc = open_local(path, &fd, err);
	if (rc == UC_OK)
		rc = uc_evidence_upload_file(up, err);
	if (rc == UC_OK)
		rc = pour(up, fd, path, err);
	if (rc == UC_OK)
		rc = uc_evidence_upload_finish(ctx, up, &m, out, err);
	if (fd >= 0)
		close(fd);
	uc_evidence_upload_free(up);
	return rc;
}

/* ---- reading ---- */

static enum uc_status
parse_cursor(const char *cursor, int64_t *after, struct uc_error *err)
{
	*after = INT64_MAX;
	if (cursor == NULL)
		return UC_OK;
	if (uc_parse_i64_str(cursor, 1, INT64_MAX, after) != UC_OK)
		return uc_error_field(err, "cursor", "format", "cursor is "
		    "the next_cursor of a previous page");
	return UC_OK;
}

enum uc_status
uc_evidence_list(struct uc_ctx *ctx, const char *pid, const char *cursor,
    int limit, json_t **out, char **next, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct incident inc;
	json_t *j_items = json_array();
	int64_t after = 0;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	*next = NULL;
	rc = incident_of(ctx, pid, UC_PERM_INCIDENT_READ, &inc, err);
	if (rc == UC_OK)
		rc = parse_cursor(cursor, &after, err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
		    " evidence e JOIN incidents i ON i.id = e.incident_id"
		    " WHERE e.incident_id = ? AND e.id < ? ORDER BY e.id DESC"
		    " LIMIT ?", "iii", inc.id, after, (int64_t)limit + 1);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if ((int)json_array_size(j_items) == limit) {
			*next = id_text(ctx, json_integer_value(
			    json_object_get(json_array_get(j_items,
			    (size_t)limit - 1), "id")));
			break;
		}
		json_array_append_new(j_items, row_json(s));
	}
	uc_stmt_done(s);
	if (rc != UC_OK)
		json_decref(j_items);
	else
		*out = j_items;
	return rc;
}

enum uc_status
uc_evidence_get(struct uc_ctx *ctx, const char *pid, int64_t id,
    json_t **out, struct uc_error *err)
{
	struct incident inc;
	struct item it;
	json_t *j_log = NULL;
	enum uc_status rc;

	*out = NULL;
	memset(&it, 0, sizeof(it));
	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = incident_of(ctx, pid, UC_PERM_INCIDENT_READ, &inc, err);
	if (rc == UC_OK)
		rc = load(ctx, &inc, id, &it, err);
	if (rc == UC_OK)
		rc = custody_add(ctx, id, "viewed", NULL, 1, err);
	if (rc == UC_OK)
		rc = custody_list(ctx, id, &j_log, err);
	rc = commit(ctx, rc, err);
	if (rc == UC_OK) {
		json_object_set_new(it.j, "custody", j_log);
		*out = it.j;
	} else {
		json_decref(j_log);
		json_decref(it.j);
	}
	return rc;
}

/* A read of an item's bytes that found them intact. */
struct read_kind {
	const char *custody;	/* custody action */
	const char *audit;	/* audit action */
	const char *verb;	/* the timeline line's verb */
};

static const struct read_kind downloaded = {
	"downloaded", "evidence.download", "Tải xuống"
};
static const struct read_kind exported = {
	"exported", "evidence.export", "Xuất"
};

static enum uc_status
record_read(struct uc_ctx *ctx, const struct incident *inc,
    const struct item *it, const struct read_kind *k, json_t *detail,
    struct uc_error *err)
{
	enum uc_status rc;

	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = custody_add(ctx, it->id, k->custody, detail, 1, err);
	if (rc == UC_OK)
		rc = log_event(ctx, inc, it, k->audit, uc_arena_printf(
		    ctx->arena, "%s chứng cứ: %s", k->verb, it->filename),
		    detail, err);
	return commit(ctx, rc, err);
}

/* Incident, item and store for a read of the bytes. */
static enum uc_status
prepare(struct uc_ctx *ctx, const char *pid, enum uc_perm perm,
    int64_t id, struct incident *inc, struct item *it,
    struct uc_files **files, struct uc_error *err)
{
	enum uc_status rc;

	memset(it, 0, sizeof(*it));
	rc = incident_of(ctx, pid, perm, inc, err);
	if (rc == UC_OK)
		rc = load(ctx, inc, id, it, err);
	if (rc == UC_OK)
		rc = uc_evidence_store(files, err);
	return rc;
}

enum uc_status
uc_evidence_download(struct uc_ctx *ctx, const char *pid, int64_t id,
    int *fd, int64_t *size, json_t **meta, struct uc_error *err)
{
	struct uc_files *files = NULL;
	struct incident inc;
	struct item it;
	json_t *j_d = NULL;
	enum uc_status rc;

	*fd = -1;
	*meta = NULL;
	rc = prepare(ctx, pid, UC_PERM_INCIDENT_READ, id, &inc, &it, &files,
	    err);
	if (rc == UC_OK) {
		rc = uc_files_open_verified(files, it.sha, fd, size, err);
		if (is_mismatch(rc, err))
			rc = report_mismatch(ctx, &inc, &it, "download", rc,
			    err);
	}
	if (rc == UC_OK) {
		j_d = event_detail(&it);
		rc = record_read(ctx, &inc, &it, &downloaded, j_d, err);
	}
	json_decref(j_d);
	if (rc == UC_OK) {
		*meta = it.j;
		return UC_OK;
	}
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	json_decref(it.j);
	return rc;
}

/* ---- export (CLI) ---- */

static enum uc_status
write_all(int fd, const char *p, size_t n, const char *path,
    struct uc_error *err)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return uc_error_set(err, UC_EIO, "cannot write %s: %s",
			    path, strerror(errno));
		p += w;
		n -= (size_t)w;
	}
	return UC_OK;
}

/* Copy through a hashing reader; the hash is known at the end. */
static enum uc_status
copy_out(struct uc_file_reader *r, int out, const char *path,
    struct uc_error *err)
{
	char *buf = uc_xmalloc(CHUNK);
	enum uc_status rc;
	size_t got = 0;

	while ((rc = uc_files_read(r, buf, CHUNK, &got, err)) == UC_OK &&
	    got > 0)
		if ((rc = write_all(out, buf, got, path, err)) != UC_OK)
			break;
	uc_free(buf);
	if (rc == UC_OK && fsync(out) != 0)
		rc = uc_error_set(err, UC_EIO, "cannot fsync %s: %s", path,
		    strerror(errno));
	return rc;
}

static enum uc_status
export_copy(struct uc_files *files, const char *sha, const char *dest,
    struct uc_error *err)
{
	struct uc_file_reader *r = NULL;
	enum uc_status rc;
	int out;

	if ((rc = uc_files_read_open(files, sha, &r, err)) != UC_OK)
		return rc;
	out = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (out < 0) {
		uc_files_read_close(r);
		return uc_error_set(err, UC_EIO, "cannot create %s: %s", dest,
		    strerror(errno));
	}
	rc = copy_out(r, out, dest, err);
	if (close(out) != 0 && rc == UC_OK)
		rc = uc_error_set(err, UC_EIO, "cannot close %s: %s", dest,
		    strerror(errno));
	uc_files_read_close(r);
	if (rc != UC_OK)
		unlink(dest);
	return rc;
}

enum uc_status
uc_evidence_export(struct uc_ctx *ctx, const char *pid, int64_t id,
    const char *dest_path, struct uc_error *err)
{
	struct uc_files *files = NULL;
	struct incident inc;
	struct item it;
	json_t *j_d = NULL;
	enum uc_status rc;

	rc = prepare(ctx, pid, UC_PERM_INCIDENT_READ, id, &inc, &it, &files,
	    err);
	if (rc == UC_OK) {
		rc = export_copy(files, it.sha, dest_path, err);
		if (is_mismatch(rc, err))
			rc = report_mismatch(ctx, &inc, &it, "export", rc,
			    err);
	}
	if (rc == UC_OK) {
		j_d = event_detail(&it);
		json_object_set_new(j_d, "path", json_string(dest_path));
		rc = record_read(ctx, &inc, &it, &exported, j_d, err);
		if (rc != UC_OK)
			unlink(dest_path);	/* no copy without a record */
	}
	json_decref(j_d);
	json_decref(it.j);
	return rc;
}

/* ---- transfer ---- */

static enum uc_status
check_transfer(const char *to, const char *reason, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	if (uc_valid_text("to", to, 1, UC_EVIDENCE_TEXT_MAX, err) != UC_OK)
		rc = UC_EVALID;
	if (uc_valid_text("reason", reason, 1, UC_EVIDENCE_TEXT_MAX, err) !=
	    UC_OK)
		rc = UC_EVALID;
	return rc;
}

/* A mismatch found while transferring: recorded with the transfer. */
static enum uc_status
transfer_mismatch(struct uc_ctx *ctx, const struct incident *inc,
    const struct item *it, json_t *detail, struct uc_error *err)
{
	enum uc_status rc;

	uc_log_warn("evidence %" PRId64 " of %s: %s no longer matches "
	    "(transfer)", it->id, inc->pid, it->sha);
	rc = custody_add(ctx, it->id, "hash_mismatch", detail, 0, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "evidence.hash_mismatch",
		    "evidence", id_text(ctx, it->id), inc->unit_id, NULL,
		    detail, err);
	return rc;
}

static enum uc_status
record_transfer(struct uc_ctx *ctx, const struct incident *inc,
    const struct item *it, json_t *detail, int hash_ok,
    struct uc_error *err)
{
	const char *to = json_string_value(json_object_get(detail, "to"));
	enum uc_status rc;

	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK && !hash_ok)
		rc = transfer_mismatch(ctx, inc, it, detail, err);
	if (rc == UC_OK)
		rc = custody_add(ctx, it->id, "transferred", detail, hash_ok,
		    err);
	if (rc == UC_OK)
		rc = log_event(ctx, inc, it, "evidence.transfer",
		    uc_arena_printf(ctx->arena, "Bàn giao chứng cứ cho %s: %s",
		    to, it->filename), detail, err);
	if (rc == UC_OK)
		rc = uc_incident_touch(ctx, inc->id, err);
	return commit(ctx, rc, err);
}

enum uc_status
uc_evidence_transfer(struct uc_ctx *ctx, const char *pid, int64_t id,
    const char *to, const char *reason, json_t **out,
    struct uc_error *err)
{
	struct uc_files *files = NULL;
	struct incident inc;
	struct item it;
	json_t *j_d = NULL, *j_log = NULL;
	enum uc_status rc;
	int hash_ok = 1;

	*out = NULL;
	rc = prepare(ctx, pid, UC_PERM_INCIDENT_WRITE, id, &inc, &it, &files,
	    err);
	if (rc == UC_OK)
		rc = check_transfer(to, reason, err);
	if (rc == UC_OK) {
		rc = uc_files_verify(files, it.sha, err);
		hash_ok = !is_mismatch(rc, err);
		if (!hash_ok) {	/* recorded with the transfer */
			uc_error_clear(err);
			rc = UC_OK;
		}
	}
	if (rc == UC_OK) {
		j_d = event_detail(&it);
		json_object_set_new(j_d, "to", json_string(to));
		json_object_set_new(j_d, "reason", json_string(reason));
		rc = record_transfer(ctx, &inc, &it, j_d, hash_ok, err);
	}
	if (rc == UC_OK)
		rc = custody_list(ctx, id, &j_log, err);
	json_decref(j_d);
	if (rc == UC_OK) {
		json_object_set_new(it.j, "custody", j_log);
		*out = it.j;
	} else {
		json_decref(it.j);
	}
	return rc;
}
