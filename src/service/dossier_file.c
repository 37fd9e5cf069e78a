/*
 * dossier_file.c - see dossier_file.h.
 *
 * As for evidence (service/evidence.c): check access, do the slow file
 * work (hashing) outside any transaction, then write the rows in one
 * short transaction that checks the system again, so a refused request
 * stores nothing and a writer never holds the database while it
 * hashes. The store and the checks of names and types are evidence's.
 */
#include "service/dossier_file.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/time.h"
#include "domain/perm.h"
#include "domain/rulepack.h"
#include "domain/validate.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/evidence.h"
#include "service/incident.h"
#include "store/files.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define COLS "id, system_id, part, sha256, size, filename, content_type," \
	" description, created_at, COALESCE(created_by, 0)"

/* The system a file operation works on. */
struct sys {
	int64_t id;
	int64_t unit_id;
	const char *status;	/* of the dossier (arena) */
	int retired;
};

struct uc_dossier_upload {
	struct uc_files *files;
	int64_t system_id;
	struct uc_file_writer *w;	/* NULL before _file, after commit */
	int started;		/* _file was called */
};

static const char *
id_text(struct uc_ctx *ctx, int64_t id)
{
	return uc_arena_printf(ctx->arena, "%" PRId64, id);
}

static json_t *
row_json(struct uc_stmt *s, const void *arg)
{
	int64_t by = uc_stmt_i64(s, 9);

	(void)arg;
	return json_pack("{sI sI ss ss sI ss ss ss ss so}",
	    "id", (json_int_t)uc_stmt_i64(s, 0),
	    "system_id", (json_int_t)uc_stmt_i64(s, 1),
	    "part", uc_stmt_text(s, 2),
	    "sha256", uc_stmt_text(s, 3),
	    "size", (json_int_t)uc_stmt_i64(s, 4),
	    "filename", uc_stmt_text(s, 5),
	    "content_type", uc_stmt_text(s, 6),
	    "description", uc_stmt_text(s, 7),
	    "created_at", uc_stmt_text(s, 8),
	    "created_by", by ? json_integer(by) : json_null());
}

/* System id with `perm` over its owner unit: UC_ENOTFOUND outside the
 * actor's scope, UC_EPERM in it without the right. */
static enum uc_status
system_of(struct uc_ctx *ctx, int64_t id, enum uc_perm perm,
    struct sys *sys, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	const char *path = NULL;
	enum uc_status rc;
	int row = 0;

	memset(sys, 0, sizeof(*sys));
	rc = uc_store_query(ctx->st, &s, err, "SELECT s.unit_id, un.path,"
	    " s.dossier_status, s.retired_at IS NOT NULL FROM systems s"
	    " JOIN units un ON un.id = s.unit_id WHERE s.id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		sys->id = id;
		sys->unit_id = uc_stmt_i64(s, 0);
		path = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 1));
		sys->status = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 2));
		sys->retired = uc_stmt_i64(s, 3) != 0;
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = UC_ENOTFOUND;
	if (rc == UC_OK)
		rc = uc_access_path(ctx, perm, path, err);
	if (rc == UC_ENOTFOUND)
		uc_error_set(err, UC_ENOTFOUND, "no such system");
	return rc;
}

/* The system, with system.write, while its dossier takes files. */
static enum uc_status
writable(struct uc_ctx *ctx, int64_t id, struct sys *sys,
    struct uc_error *err)
{
	enum uc_status rc = system_of(ctx, id, UC_PERM_SYSTEM_WRITE, sys,
	    err);

	if (rc == UC_OK && sys->retired)
		rc = uc_error_set(err, UC_ECONFLICT, "the system is retired");
	if (rc == UC_OK && strcmp(sys->status, "draft") != 0)
		rc = uc_error_set(err, UC_ECONFLICT, "the dossier is %s: files "
		    "are added and removed only while it is a draft (return "
		    "it to draft first)", sys->status);
	return rc;
}

/* File id of the system, in place. */
static enum uc_status
load(struct uc_ctx *ctx, int64_t system_id, int64_t id, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = NULL;
	rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
	    " dossier_files WHERE id = ? AND system_id = ? AND removed_at IS"
	    " NULL", "ii", id, system_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*out = row_json(s, NULL);
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such file in the "
		    "dossier");
	return rc;
}

/* A change moves the system's version: its dossier shows the files. */
static enum uc_status
touch(struct uc_ctx *ctx, int64_t id, const char *now, struct uc_error *err)
{
	return uc_store_run(ctx->st, NULL, err, "UPDATE systems SET version ="
	    " version + 1, updated_at = ? WHERE id = ?", "si", now, id);
}

static enum uc_status
commit(struct uc_ctx *ctx, enum uc_status rc, struct uc_error *err)
{
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}

/* ---- adding a file ---- */

/* Check meta into *out (arena or borrowed strings, none NULL). */
static enum uc_status
check_meta(struct uc_ctx *ctx, const struct uc_dossier_file_meta *in,
    struct uc_dossier_file_meta *out, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	enum uc_status rc = uc_incident_pack(ctx, &pack, err);

	if (rc != UC_OK)
		return rc;
	out->part = in->part ? in->part : "";
	out->filename = uc_evidence_filename(ctx->arena, in->filename);
	out->content_type = in->content_type && *in->content_type ?
	    in->content_type : "application/octet-stream";
	out->description = in->description ? in->description : "";
	if (*out->part == '\0')
		rc = uc_error_field(err, "part", "required", "part is the code "
		    "of the dossier's part the file belongs to");
	else if (uc_rulepack_dossier_part(pack, out->part) == NULL)
		rc = uc_error_field(err, "part", "enum", "'%s' is not a part "
		    "of the dossier (levels.txt)", out->part);
	if (uc_valid_text("filename", out->filename, 1,
	    UC_EVIDENCE_FILENAME_MAX, err) != UC_OK)
		rc = UC_EVALID;
	if (!uc_evidence_media_type_ok(out->content_type))
		rc = uc_error_field(err, "content_type", "format", "the "
		    "file's Content-Type is not a media type");
	if (uc_valid_lines("description", out->description, 0,
	    UC_DOSSIER_FILE_DESCRIPTION_MAX, err) != UC_OK)
		rc = UC_EVALID;
	return rc;
}

static enum uc_status
insert_row(struct uc_ctx *ctx, int64_t system_id,
    const struct uc_dossier_file_meta *m, const char *sha, int64_t size,
    const char *now, int64_t *id, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "INSERT INTO dossier_files"
	    " (system_id, part, sha256, size, filename, content_type,"
	    " description, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?) RETURNING id", "ississsss", system_id, m->part, sha,
	    size, m->filename, m->content_type, m->description,
	    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), now);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK)
		*id = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	return rc;
}

/* The row for a file now in the store: one transaction. */
static enum uc_status
record_new(struct uc_ctx *ctx, int64_t system_id,
    const struct uc_dossier_file_meta *m, const char *sha, int64_t size,
    json_t **out, struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	struct sys sys;
	int64_t id = 0;
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = writable(ctx, system_id, &sys, err);
	if (rc == UC_OK)
		rc = insert_row(ctx, system_id, m, sha, size, now, &id, err);
	if (rc == UC_OK)
		rc = touch(ctx, system_id, now, err);
	if (rc == UC_OK)
		rc = load(ctx, system_id, id, out, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "system.dossier_file_add", "system",
		    id_text(ctx, system_id), sys.unit_id, NULL, *out, err);
	rc = commit(ctx, rc, err);
	if (rc != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum uc_status
uc_dossier_file_upload_new(struct uc_ctx *ctx, int64_t system_id,
    struct uc_dossier_upload **out, struct uc_error *err)
{
	struct uc_files *files = NULL;
	struct sys sys;
	enum uc_status rc;

	*out = NULL;
	rc = writable(ctx, system_id, &sys, err);
	if (rc == UC_OK)
		rc = uc_evidence_store(&files, err);
	if (rc != UC_OK)
		return rc;
	*out = uc_xcalloc(1, sizeof(**out));
	(*out)->files = files;
	(*out)->system_id = system_id;
	return UC_OK;
}

enum uc_status
uc_dossier_file_upload_file(struct uc_dossier_upload *up,
    struct uc_error *err)
{
	if (up->started)
		return uc_error_set(err, UC_EINVAL, "dossier: one file per "
		    "upload");
	up->started = 1;
	return uc_files_write_begin(up->files, uc_cfg.evidence_max, &up->w,
	    err);
}

enum uc_status
uc_dossier_file_upload_write(struct uc_dossier_upload *up, const void *p,
    size_t n, struct uc_error *err)
{
	uc_assert(up->w != NULL);
	return uc_files_write(up->w, p, n, err);
}

enum uc_status
uc_dossier_file_upload_finish(struct uc_ctx *ctx,
    struct uc_dossier_upload *up, const struct uc_dossier_file_meta *meta,
    json_t **out, struct uc_error *err)
{
	struct uc_dossier_file_meta m;
	char sha[UC_FILES_SHA_HEX + 1];
	struct uc_file_writer *w = up->w;
	int64_t size = 0;
	enum uc_status rc;

	*out = NULL;
	if (w == NULL)
		return uc_error_field(err, "file", "required", "send the "
		    "document as a file part named 'file'");
	if ((rc = check_meta(ctx, meta, &m, err)) != UC_OK)
		return rc;
	up->w = NULL;	/* commit frees it, whatever happens */
	rc = uc_files_write_commit(w, sha, &size, err);
	if (rc == UC_OK)
		rc = record_new(ctx, up->system_id, &m, sha, size, out, err);
	return rc;
}

void
uc_dossier_file_upload_free(struct uc_dossier_upload *up)
{
	if (up == NULL)
		return;
	uc_files_write_abort(up->w);
	uc_free(up);
}

/* ---- reading ---- */

enum uc_status
uc_dossier_file_list(struct uc_ctx *ctx, int64_t system_id, json_t **out,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct sys sys;
	enum uc_status rc;

	*out = NULL;
	rc = system_of(ctx, system_id, UC_PERM_UNIT_READ, &sys, err);
	if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT " COLS " FROM"
		    " dossier_files WHERE system_id = ? AND removed_at IS NULL"
		    " ORDER BY part, id", "i", system_id);
	if (rc == UC_OK)
		rc = uc_stmt_rows(s, row_json, NULL, out, err);
	return rc;
}

/* The file's bytes, checked against their name: a row whose content
 * changed or went away is never handed out (UC_ECONFLICT, logged). */
static enum uc_status
open_verified(struct uc_files *files, int64_t system_id, json_t *meta,
    int *fd, int64_t *size, struct uc_error *err)
{
	const char *sha = json_string_value(json_object_get(meta, "sha256"));
	enum uc_status rc = uc_files_open_verified(files, sha, fd, size, err);
	int missing = rc == UC_ENOTFOUND;

	if (!missing && !(rc == UC_EIO &&
	    strcmp(err->message, UC_FILES_MISMATCH) == 0))
		return rc;
	uc_log_warn("dossier file %" PRId64 " of system %" PRId64 ": %s %s",
	    (int64_t)json_integer_value(json_object_get(meta, "id")),
	    system_id, sha, missing ? "missing" : "hash mismatch");
	uc_error_clear(err);
	return uc_error_set(err, UC_ECONFLICT, "%s", missing ?
	    "dossier: the stored file is missing" : UC_FILES_MISMATCH);
}

enum uc_status
uc_dossier_file_download(struct uc_ctx *ctx, int64_t system_id, int64_t id,
    int *fd, int64_t *size, json_t **meta, struct uc_error *err)
{
	struct uc_files *files = NULL;
	struct sys sys;
	enum uc_status rc;

	*fd = -1;
	*meta = NULL;
	rc = system_of(ctx, system_id, UC_PERM_UNIT_READ, &sys, err);
	if (rc == UC_OK)
		rc = load(ctx, system_id, id, meta, err);
	if (rc == UC_OK)
		rc = uc_evidence_store(&files, err);
	if (rc == UC_OK)
		rc = open_verified(files, system_id, *meta, fd, size, err);
	if (rc == UC_OK)
		return UC_OK;
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	json_decref(*meta);
	*meta = NULL;
	return rc;
}

enum uc_status
uc_dossier_file_remove(struct uc_ctx *ctx, int64_t system_id, int64_t id,
    struct uc_error *err)
{
	char now[UC_TIME_ISO_LEN + 1];
	json_t *j = NULL;
	struct sys sys;
	enum uc_status rc;

	uc_time_format(ctx->now, now, sizeof(now));
	rc = uc_store_begin(ctx->st, err);
	if (rc == UC_OK)
		rc = writable(ctx, system_id, &sys, err);
	if (rc == UC_OK)
		rc = load(ctx, system_id, id, &j, err);
	if (rc == UC_OK)
		rc = uc_store_run(ctx->st, NULL, err, "UPDATE dossier_files SET"
		    " removed_at = ?, removed_by = ? WHERE id = ?", "ssi", now,
		    uc_store_id_or_null(ctx->arena, ctx->actor.user_id), id);
	if (rc == UC_OK)
		rc = touch(ctx, system_id, now, err);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "system.dossier_file_remove",
		    "system", id_text(ctx, system_id), sys.unit_id, j, NULL,
		    err);
	json_decref(j);
	return commit(ctx, rc, err);
}

/* ---- in the system's object ---- */

static json_t *
part_named(json_t *parts, const char *code)
{
	json_t *p;
	size_t i;

	json_array_foreach(parts, i, p)
		if (strcmp(json_string_value(json_object_get(p, "code")),
		    code) == 0)
			return p;
	return NULL;
}

/* The system of systems (sorted by id) whose id is id, or NULL. */
static json_t *
system_with(json_t *systems, int64_t id)
{
	size_t lo = 0, hi = json_array_size(systems);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		json_t *sy = json_array_get(systems, mid);
		int64_t v = json_integer_value(json_object_get(sy, "id"));

		if (v == id)
			return sy;
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

enum uc_status
uc_dossier_file_attach(struct uc_ctx *ctx, json_t *systems,
    struct uc_error *err)
{
	size_t n = json_array_size(systems);
	struct uc_stmt *s = NULL;
	json_t *sy, *p;
	enum uc_status rc;
	int row = 0;

	if (n == 0)
		return UC_OK;
	/* one query for the page: the ids between its first and last */
	rc = uc_store_query(ctx->st, &s, err, "SELECT system_id, id, part,"
	    " filename, size, sha256 FROM dossier_files WHERE system_id"
	    " BETWEEN ? AND ? AND removed_at IS NULL ORDER BY system_id, id",
	    "ii", (int64_t)json_integer_value(json_object_get(
	    json_array_get(systems, 0), "id")), (int64_t)json_integer_value(
	    json_object_get(json_array_get(systems, n - 1), "id")));
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		sy = system_with(systems, uc_stmt_i64(s, 0));
		p = sy ? part_named(json_object_get(json_object_get(sy,
		    "dossier"), "parts"), uc_stmt_text(s, 2)) : NULL;
		if (p == NULL)	/* not on this page, or a part gone */
			continue;
		json_array_append_new(json_object_get(p, "files"), json_pack(
		    "{sI ss sI ss}", "id", (json_int_t)uc_stmt_i64(s, 1),
		    "filename", uc_stmt_text(s, 3), "size", (json_int_t)
		    uc_stmt_i64(s, 4), "sha256", uc_stmt_text(s, 5)));
	}
	uc_stmt_done(s);
	return rc;
}
