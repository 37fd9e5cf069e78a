/*
 * playbook_int.h - what playbook.c (the library) lends playbook_use.c
 * (applying a playbook to an incident). Not for other modules.
 */
#ifndef UC_SERVICE_PLAYBOOK_INT_H
#define UC_SERVICE_PLAYBOOK_INT_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* Playbook id as its list row if the actor may read it, with its
 * unit's path ("" for a default): else *out NULL and UC_ENOTFOUND (or
 * UC_EPERM) as service/access.c decides. */
enum uc_status uc_playbook_readable(struct uc_ctx *ctx, int64_t id,
    json_t **out /* OUT */, const char **path /* OUT */,
    struct uc_error *err) UC_WUR;
/* The text (and note, when asked) of one version, in ctx's arena;
 * *content NULL when there is no such version. */
enum uc_status uc_playbook_text(struct uc_ctx *ctx, int64_t id,
    int64_t version, const char **content /* OUT */,
    const char **note /* OUT, may be NULL */, struct uc_error *err) UC_WUR;
/* in.note, when present: text of a few lines (field "note"). */
enum uc_status uc_playbook_note(json_t *in, struct uc_error *err) UC_WUR;

#endif
