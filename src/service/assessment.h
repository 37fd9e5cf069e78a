/*
 * assessment.h - security assessments (kiểm tra, đánh giá an toàn
 * thông tin) of a unit as a whole or of one of its systems, done by the
 * unit itself or by a licensed or designated organisation (issue 6, C6;
 * regulation.md §5 and §6 rows 1, 2, 8, 9).
 *
 * An assessment belongs to a unit. Reading one needs unit.read over
 * that unit, changing one system.write; outside the scope: UC_ENOTFOUND,
 * in scope without the right: UC_EPERM (service/access.c decides).
 * Every value is checked here; bad input is UC_EVALID naming each field
 * and changes nothing. Writes are one transaction each with an audit
 * entry (assessment.create, assessment.update, assessment.delete).
 *
 * An assessment may answer a duty of the compliance calendar (its
 * obligation: a code of the rule pack taking `assessment` evidence).
 * Once held (held_on not in the future) it fulfils the item of the
 * period holding held_on, in the transaction that writes it, unless
 * that item is done already. A system of level 3 or more must be
 * assessed for its duty by an external body (regulation.md §5).
 * docs/internals/assessments.md.
 */
#ifndef UC_ASSESSMENT_H
#define UC_ASSESSMENT_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* Filters of a list; NULL / 0 fields do not filter. */
struct uc_assessment_filter {
	int64_t unit_id;	/* this unit and the units below it */
	int64_t system_id;
	const char *obligation;
	const char *from, *to;	/* held_on within [from, to], yyyy-mm-dd */
	const char *cursor;	/* from the previous page */
	int limit;
};

/* The assessments of the units in scope, newest held_on first; *next:
 * the cursor of the following page, NULL at the end. */
enum uc_status uc_assessment_list(struct uc_ctx *ctx,
    const struct uc_assessment_filter *f, json_t **out, char **next,
    struct uc_error *err) UC_WUR;
enum uc_status uc_assessment_get(struct uc_ctx *ctx, int64_t id,
    json_t **out, struct uc_error *err) UC_WUR;
/* in: unit_id (default: the actor's), system_id (0: the unit),
 * obligation, kind (self, external), title, held_on, ends_on, assessor,
 * scope, findings ({critical, high, medium, low}), summary, reference.
 * A string field "" (or ends_on "") is empty. */
enum uc_status uc_assessment_create(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
/* Patch; version is the caller's If-Match. The unit does not change. */
enum uc_status uc_assessment_update(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;
enum uc_status uc_assessment_delete(struct uc_ctx *ctx, int64_t id,
    int64_t version, struct uc_error *err) UC_WUR;

#endif
