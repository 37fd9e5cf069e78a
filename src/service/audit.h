/*
 * audit.h - append-only, hash-chained audit log.
 *
 * uc_audit_record appends one entry inside the caller's transaction, so
 * the entry exists exactly when the change it describes does. Nothing in
 * ungcuu updates or deletes an entry.
 */
#ifndef UC_SERVICE_AUDIT_H
#define UC_SERVICE_AUDIT_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>

struct uc_audit_verify {
	int ok;
	int64_t entries;	/* entries walked */
	int64_t first_bad_id;	/* 0 when ok */
	char reason[160];
};

/* Append an entry; before/after are the object's states (NULL: none),
 * digested as canonical JSON. */
enum uc_status uc_audit_record(struct uc_ctx *ctx, const char *action,
    const char *object_type, const char *object_id, int64_t unit_id,
    json_t *before, json_t *after, struct uc_error *err) UC_WUR;
/* Same, in a transaction of its own (failed logins, logouts). */
enum uc_status uc_audit_record_tx(struct uc_ctx *ctx, const char *action,
    const char *object_type, const char *object_id, int64_t unit_id,
    struct uc_error *err) UC_WUR;
/* Entries the actor may read (audit.read over the entry's unit; entries
 * with no unit need audit.read at the root), newest first, after
 * `cursor` (an id, 0 = from the newest). */
enum uc_status uc_audit_list(struct uc_ctx *ctx, int64_t cursor,
    int limit, const char *action, const char *object_type,
    json_t **out, int64_t *next, struct uc_error *err) UC_WUR;
/* Walk the whole chain; needs audit.read at the root. */
enum uc_status uc_audit_verify(struct uc_ctx *ctx,
    struct uc_audit_verify *res, struct uc_error *err) UC_WUR;

#endif
