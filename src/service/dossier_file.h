/*
 * dossier_file.h - the files of a system's level dossier (hồ sơ đề
 * xuất cấp độ, NĐ 85/2016 Điều 15): the overview, the design, the
 * protection plan ... as documents, each filed under one part of the
 * dossier (levels.txt). docs/internals/systems.md, "The dossier".
 *
 * The bytes go to the evidence's content-addressed store
 * (uc_evidence_store, store/files.h), capped by --evidence-max and
 * checked against their name on every read; a row of dossier_files
 * says which system and part, and what the uploader said. A removed
 * file keeps its row (removed_at), out of every list.
 *
 * Access (service/access.c), the system's owner unit deciding as for
 * the dossier's PATCH: unit.read to list and download, system.write
 * to add and remove (in scope without it: UC_EPERM; outside it:
 * UC_ENOTFOUND). Files are added and removed only while the dossier
 * is a draft and the system in service (UC_ECONFLICT otherwise). Each
 * change is one transaction with an audit entry (system.dossier_file_
 * add, _remove) and moves the system's version. Results are new JSON
 * references the caller owns:
 *   {id, system_id, part, filename, content_type, size, sha256,
 *    description, created_at, created_by}
 */
#ifndef UC_DOSSIER_FILE_H
#define UC_DOSSIER_FILE_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define UC_DOSSIER_FILE_DESCRIPTION_MAX 2000	/* code points */

/* What the uploader says; all borrowed, NULL: empty. */
struct uc_dossier_file_meta {
	const char *part;	/* a part code of the dossier: required */
	const char *filename;
	const char *content_type;	/* NULL: application/octet-stream */
	const char *description;
};

/*
 * An upload streamed in pieces, as uc_evidence_upload_*: _new checks
 * system.write and the draft, _file starts the file, _write appends
 * (UC_ETOOBIG past --evidence-max), _finish checks meta, stores the
 * file and records it (the checks again, in its transaction); _free
 * removes the file unless _finish stored it.
 */
struct uc_dossier_upload;

enum uc_status uc_dossier_file_upload_new(struct uc_ctx *ctx,
    int64_t system_id, struct uc_dossier_upload **out /* OUT */,
    struct uc_error *err) UC_WUR;
enum uc_status uc_dossier_file_upload_file(struct uc_dossier_upload *up,
    struct uc_error *err) UC_WUR;
enum uc_status uc_dossier_file_upload_write(struct uc_dossier_upload *up,
    const void *p, size_t n, struct uc_error *err) UC_WUR;
enum uc_status uc_dossier_file_upload_finish(struct uc_ctx *ctx,
    struct uc_dossier_upload *up, const struct uc_dossier_file_meta *meta,
    json_t **out, struct uc_error *err) UC_WUR;
void uc_dossier_file_upload_free(struct uc_dossier_upload *up);

/* The system's files in place, by part then upload order. */
enum uc_status uc_dossier_file_list(struct uc_ctx *ctx, int64_t system_id,
    json_t **out, struct uc_error *err) UC_WUR;
/* Verify the file and hand over the descriptor, rewound (*fd: the
 * caller's), its size and *meta the file object. A file that no longer
 * matches its hash is never handed out: UC_ECONFLICT, logged. */
enum uc_status uc_dossier_file_download(struct uc_ctx *ctx,
    int64_t system_id, int64_t id, int *fd /* OUT */,
    int64_t *size /* OUT */, json_t **meta /* OUT */, struct uc_error *err)
    UC_WUR;
/* Take file id out of the dossier (its row stays, removed). */
enum uc_status uc_dossier_file_remove(struct uc_ctx *ctx, int64_t system_id,
    int64_t id, struct uc_error *err) UC_WUR;

/* For service/system.c, no access check (the caller's done): add
 * files: [{id, filename, size, sha256}] to every part of the dossier
 * of each system object in systems (an array sorted by id), in one
 * query. */
enum uc_status uc_dossier_file_attach(struct uc_ctx *ctx, json_t *systems,
    struct uc_error *err) UC_WUR;

#endif
