/*
 * evidence.h - an incident's evidence files and their chain of custody.
 *
 * The bytes live in the content-addressed store (store/files.h) under
 * <data-dir>/evidence, named by their SHA-256; a row of `evidence`
 * holds what was said about them (file name, type, who collected them,
 * when and where) and `custody_events` every hand they passed through:
 * collected, viewed, downloaded, exported, transferred, hash_mismatch.
 *
 * Every function resolves the incident by its public id through
 * uc_incident_lookup (incident.read to look, incident.write to add or
 * transfer), and every read of the bytes checks them against their
 * name first: a file that no longer matches is never handed out, and
 * the mismatch is recorded in the custody log and the audit log in a
 * transaction of its own (UC_ECONFLICT, "evidence: hash mismatch").
 * Results are new JSON references the caller owns. See
 * docs/internals/evidence.md.
 */
#ifndef UC_EVIDENCE_H
#define UC_EVIDENCE_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define UC_EVIDENCE_FILENAME_MAX 255	/* bytes kept of a file name */
#define UC_EVIDENCE_DESCRIPTION_MAX 4000	/* code points */
#define UC_EVIDENCE_TEXT_MAX 500	/* collected_by, _from; to, reason */
#define UC_EVIDENCE_TYPE_MAX 127	/* bytes of a media type */
#define UC_EVIDENCE_SKEW_MS (5 * 60 * 1000)	/* collected_at ahead */

/* What the uploader says about a file; NULL fields are empty. All
 * borrowed; checked by the functions that take them. */
struct uc_evidence_meta {
	const char *filename;	/* reduced to its last path segment */
	const char *content_type;	/* NULL: application/octet-stream */
	const char *description;
	const char *collected_by;
	const char *collected_at;	/* ISO 8601 with a zone, not future */
	const char *collected_from;
	const char *step;	/* a step code of the incident, or NULL */
};

/* Open the store under uc_cfg.data_dir now (serve start; it is
 * otherwise opened on first use). Thread-safe; idempotent. */
enum uc_status uc_evidence_open(struct uc_error *err) UC_WUR;
/* Release the store (process end). */
void uc_evidence_close(void);
/* The store, opened on first use; shared with the other files kept
 * in it (service/dossier_file.h). */
struct uc_files;
enum uc_status uc_evidence_store(struct uc_files **out /* OUT */,
    struct uc_error *err) UC_WUR;

/* The checks of what an uploader says, for every file kept: the last
 * path segment of name (NULL: none), cut to UC_EVIDENCE_FILENAME_MAX
 * bytes on a character boundary, "unnamed" when nothing is left
 * (arena); and whether s is "type/subtype" (RFC 6838 characters)
 * with optional parameters of printable ASCII. */
struct uc_arena;
const char *uc_evidence_filename(struct uc_arena *a, const char *name);
int uc_evidence_media_type_ok(const char *s);

/*
 * An upload streamed in pieces (the HTTP route): _new checks
 * incident.write and makes the object, _file starts the one file
 * (a temp file in the store), _write appends (UC_ETOOBIG past
 * --evidence-max), _finish checks meta, puts the file in the store and
 * records it; _free releases it, removing the temp file unless
 * _finish stored it. Each belongs to one thread at a time.
 */
struct uc_evidence_upload;

enum uc_status uc_evidence_upload_new(struct uc_ctx *ctx, const char *pid,
    struct uc_evidence_upload **out /* OUT */, struct uc_error *err)
    UC_WUR;
enum uc_status uc_evidence_upload_file(struct uc_evidence_upload *up,
    struct uc_error *err) UC_WUR;
enum uc_status uc_evidence_upload_write(struct uc_evidence_upload *up,
    const void *p, size_t n, struct uc_error *err) UC_WUR;
/* *out: the evidence object (see uc_evidence_get, without custody). */
enum uc_status uc_evidence_upload_finish(struct uc_ctx *ctx,
    struct uc_evidence_upload *up, const struct uc_evidence_meta *meta,
    json_t **out, struct uc_error *err) UC_WUR;
void uc_evidence_upload_free(struct uc_evidence_upload *up);

/* Add the local file at path (CLI), through the same store and checks;
 * meta->filename NULL: the path's last segment. */
enum uc_status uc_evidence_add_file(struct uc_ctx *ctx, const char *pid,
    const char *path, const struct uc_evidence_meta *meta, json_t **out,
    struct uc_error *err) UC_WUR;

/* The incident's evidence, newest first, after `cursor` (from *next of
 * the previous page; NULL: from the newest). *next: NULL at the end
 * (arena memory). */
enum uc_status uc_evidence_list(struct uc_ctx *ctx, const char *pid,
    const char *cursor, int limit, json_t **out, char **next,
    struct uc_error *err) UC_WUR;
/* One item with its custody log ("custody", oldest first), after
 * recording that the actor viewed it. */
enum uc_status uc_evidence_get(struct uc_ctx *ctx, const char *pid,
    int64_t id, json_t **out, struct uc_error *err) UC_WUR;
/* Verify the file, record the download, and hand over the verified
 * descriptor, rewound (*fd: the caller's to close) with its size;
 * *meta: the evidence object. */
enum uc_status uc_evidence_download(struct uc_ctx *ctx, const char *pid,
    int64_t id, int *fd /* OUT */, int64_t *size /* OUT */,
    json_t **meta /* OUT */, struct uc_error *err) UC_WUR;
/* Copy the file to dest_path (created, must not exist), checking the
 * hash as it goes (the copy is removed on a mismatch); records
 * "exported". */
enum uc_status uc_evidence_export(struct uc_ctx *ctx, const char *pid,
    int64_t id, const char *dest_path, struct uc_error *err) UC_WUR;
/* Record that the item passed to `to` for `reason`, after checking its
 * hash again: a mismatch is recorded (hash_ok false, and audited), not
 * refused, since the hand-over happened. *out as uc_evidence_get. */
enum uc_status uc_evidence_transfer(struct uc_ctx *ctx, const char *pid,
    int64_t id, const char *to, const char *reason, json_t **out,
    struct uc_error *err) UC_WUR;

#endif
