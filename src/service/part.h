/*
 * part.h - what the parts of an incident (tasks, comments, links,
 * observables, directions received, reports sent) share: finding the
 * incident with its access checked, and the one shape of a change.
 *
 * A change to a part is one transaction: uc_part_begin opens it and
 * checks incident.write; the caller writes its rows; uc_part_end adds
 * the audit entry and the timeline line, touches the incident (new
 * version and ETag, status, next deadline) and commits, or rolls
 * everything back. Bad input is refused before anything is written.
 */
#ifndef UC_PART_H
#define UC_PART_H

#include "core/status.h"
#include "core/time.h"
#include "domain/perm.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

struct uc_stmt;

/* Lists of parts are not paged: at most this many, newest first. */
#define UC_PART_LIST_MAX 1000

/* The incident a part belongs to. */
struct uc_part {
	int64_t id;		/* internal id */
	int64_t unit_id;	/* its unit (audit entries) */
	char pid[32];		/* public id, SC-YYYY-NNNN */
	char rulepack[64];	/* the pack it runs under */
	char tlp[16];
	char detected_at[UC_TIME_ISO_LEN + 1];
	int64_t detected_ms;
	int closed;		/* closed_at is set */
};

/* What a change records besides its own rows. */
struct uc_part_change {
	const char *action;	/* audit action: "task.create" */
	const char *type;	/* audit object type: "task" */
	int64_t object_id;	/* 0: the incident itself */
	json_t *before;		/* borrowed; NULL: none */
	json_t *after;		/* borrowed; NULL: none */
	const char *summary;	/* the timeline line, in Vietnamese */
	json_t *detail;		/* borrowed; NULL: none */
};

/* Incident `pid` if the actor has `perm` on it (UC_ENOTFOUND and
 * UC_EPERM as service/access.c decides), with what parts need. */
enum uc_status uc_part_get(struct uc_ctx *ctx, const char *pid,
    enum uc_perm perm, struct uc_part *p /* OUT */, struct uc_error *err)
    UC_WUR;
/* Open the transaction of a change to a part of `pid` (incident.write).
 * A closed incident is refused (UC_ECONFLICT) unless closed_ok. On
 * failure no transaction is left open. */
enum uc_status uc_part_begin(struct uc_ctx *ctx, const char *pid,
    int closed_ok, struct uc_part *p /* OUT */, struct uc_error *err)
    UC_WUR;
/* The same, checking `perm` instead of incident.write (a change some
 * readers may make, such as removing themself from the people named);
 * the caller checks anything more. */
enum uc_status uc_part_begin_perm(struct uc_ctx *ctx, const char *pid,
    enum uc_perm perm, int closed_ok, struct uc_part *p /* OUT */,
    struct uc_error *err) UC_WUR;
/* Close it: when rc is UC_OK record c, touch the incident and commit;
 * otherwise (or when any of that fails) roll back. Returns the first
 * failure, or UC_OK. */
enum uc_status uc_part_end(struct uc_ctx *ctx, const struct uc_part *p,
    enum uc_status rc, const struct uc_part_change *c,
    struct uc_error *err) UC_WUR;

/* uc_part_end for a change that hands back its part: c->after is the
 * caller's new reference (or NULL), which *out takes when the change
 * is committed and which is released otherwise. */
enum uc_status uc_part_finish(struct uc_ctx *ctx, const struct uc_part *p,
    enum uc_status rc, const struct uc_part_change *c,
    json_t **out /* OUT */, struct uc_error *err) UC_WUR;
/* UC_EPRECOND unless the part cur (a "task") is at this version (the
 * caller's If-Match). */
enum uc_status uc_part_version(json_t *cur, int64_t version,
    const char *what, struct uc_error *err) UC_WUR;

/*
 * An optional ISO 8601 field o[k]: absent is UC_OK with *ms = 0;
 * otherwise it is parsed, written back in the stored form
 * ("2026-11-21T01:30:00.000Z") and *ms set. With not_future, a time
 * more than the clients' skew after ctx->now is refused.
 */
enum uc_status uc_part_time(struct uc_ctx *ctx, json_t *o, const char *k,
    int not_future, int64_t *ms /* OUT */, struct uc_error *err) UC_WUR;
/* UC_OK when v is one of the NULL-terminated set; else a field error
 * "enum" listing the set. */
enum uc_status uc_part_enum(const char *field, const char *v,
    const char *const *set, struct uc_error *err) UC_WUR;

/*
 * Reading parts. A part's module has one select function: the parts of
 * incident p as a new array in its order (at most UC_PART_LIST_MAX),
 * or only the one with this id when id > 0.
 */
typedef enum uc_status (*uc_part_select_fn)(struct uc_ctx *ctx,
    const struct uc_part *p, int64_t id, json_t **out /* OUT */,
    struct uc_error *err);
/* The parts of incident pid that select reads (incident.read). */
enum uc_status uc_part_list(struct uc_ctx *ctx, const char *pid,
    uc_part_select_fn select, json_t **out /* OUT */, struct uc_error *err)
    UC_WUR;
/* Part id of p as a new object; UC_ENOTFOUND with the message missing
 * ("no such task") when select does not find it. */
enum uc_status uc_part_load(struct uc_ctx *ctx, const struct uc_part *p,
    uc_part_select_fn select, int64_t id, const char *missing,
    json_t **out /* OUT */, struct uc_error *err) UC_WUR;

/* Column col as a new JSON string, or null for SQL NULL. */
json_t *uc_part_text(struct uc_stmt *s, int col);
/* Column col as a new JSON integer, or null for SQL NULL. */
json_t *uc_part_int(struct uc_stmt *s, int col);

#endif
