/*
 * link.h - links between incidents: duplicate_of, related_to,
 * caused_by, from the incident that states the link to another.
 *
 * Making a link needs incident.write on its source and incident.read
 * on its target; an incident one cannot see is "not found", naming the
 * field "to". Links are listed from both ends, but only those whose
 * other end the actor can see. A link of the same kind between the same
 * two incidents, either way round, is a duplicate (UC_ECONFLICT), and
 * so is a link to itself. Either end's writer may remove a link.
 *
 * Results are new JSON references the caller owns; changes follow
 * service/part.h, on the incident named in the request.
 */
#ifndef UC_LINK_H
#define UC_LINK_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

enum uc_status uc_link_create(struct uc_ctx *ctx, const char *pid,
    const char *to, const char *kind, json_t **out, struct uc_error *err)
    UC_WUR;
/* Links from and to the incident, newest first (UC_PART_LIST_MAX). */
enum uc_status uc_link_list(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;
enum uc_status uc_link_delete(struct uc_ctx *ctx, const char *pid,
    int64_t id, struct uc_error *err) UC_WUR;

#endif
