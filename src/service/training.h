/*
 * training.h - training and awareness sessions (tuyên truyền, phổ
 * biến, đào tạo, bồi dưỡng, tập huấn) a unit held or sent its people
 * to: the kind, the topic, the legal documents covered, the dates, who
 * it was for and who came (issue 6, C6).
 *
 * A session belongs to a unit. Reading one needs unit.read over that
 * unit, changing one team.write; outside the scope: UC_ENOTFOUND, in
 * scope without the right: UC_EPERM (service/access.c decides). Every
 * value is checked here; bad input is UC_EVALID naming each field and
 * changes nothing. Writes are one transaction each with an audit entry
 * (training.create, training.update, training.delete). Results are new
 * JSON references the caller owns. docs/internals/readiness.md.
 */
#ifndef UC_TRAINING_H
#define UC_TRAINING_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

#define UC_TRAINING_MAX_DOCS 50		/* legal documents of a session */
#define UC_TRAINING_MAX_ATTENDEES 500	/* names listed */

/* Filters of a list; NULL / 0 fields do not filter. */
struct uc_training_filter {
	int64_t unit_id;	/* this unit and the units below it */
	const char *from, *to;	/* held_on within [from, to], yyyy-mm-dd */
	const char *kind;
	const char *cursor;	/* from the previous page */
	int limit;
};

/* The sessions of the units in scope, newest held_on first; *next: the
 * cursor of the following page, NULL at the end. */
enum uc_status uc_training_list(struct uc_ctx *ctx,
    const struct uc_training_filter *f, json_t **out, char **next,
    struct uc_error *err) UC_WUR;
enum uc_status uc_training_get(struct uc_ctx *ctx, int64_t id,
    json_t **out, struct uc_error *err) UC_WUR;
/* in: unit_id (default: the actor's), kind, topic, legal_docs,
 * held_on, ends_on, place, organiser, audience, attendee_count,
 * attendees ([{name, position, workplace}]), note. A string field ""
 * (or ends_on "") is empty. */
enum uc_status uc_training_create(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
/* Patch; version is the caller's If-Match. */
enum uc_status uc_training_update(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;
enum uc_status uc_training_delete(struct uc_ctx *ctx, int64_t id,
    int64_t version, struct uc_error *err) UC_WUR;

#endif
