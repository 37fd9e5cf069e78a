/*
 * timeline.h - what happened to an incident, ordered by when it
 * happened. Every change by a person or by the system is written here
 * by the service that makes it, inside its transaction; people add
 * events of their own with the time they happened (possibly earlier
 * than when they write them).
 */
#ifndef UC_TIMELINE_H
#define UC_TIMELINE_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* A change made now by the actor (kind "change"); detail may be NULL
 * (borrowed). Call inside the transaction that makes the change. */
enum uc_status uc_timeline_change(struct uc_ctx *ctx, int64_t incident_id,
    const char *summary, json_t *detail, struct uc_error *err) UC_WUR;
/* A person's event at `at` (ms) with their text (kind "event"); checks
 * incident.write on the incident; its own transaction. */
enum uc_status uc_timeline_add(struct uc_ctx *ctx, const char *pid,
    const char *at, const char *summary, json_t **out,
    struct uc_error *err) UC_WUR;
/* The incident's timeline, oldest event first. */
enum uc_status uc_timeline_list(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;

#endif
