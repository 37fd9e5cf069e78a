/*
 * comment.h - the comments on an incident (trao doi): append-only.
 * A comment is never edited or deleted, so the discussion reads later
 * exactly as it was written. Comments may still be added once the
 * incident is closed.
 *
 * Results are new JSON references the caller owns; a comment is a
 * change as service/part.h describes (audit, timeline, touch).
 */
#ifndef UC_COMMENT_H
#define UC_COMMENT_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>

/* body: 1-10000 characters, line breaks allowed. */
enum uc_status uc_comment_create(struct uc_ctx *ctx, const char *pid,
    const char *body, json_t **out, struct uc_error *err) UC_WUR;
/* The incident's comments, newest first (at most UC_PART_LIST_MAX). */
enum uc_status uc_comment_list(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;

#endif
