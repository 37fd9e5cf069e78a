/*
 * person.h - the people named on an incident (incident_people): who
 * may see it when it is TLP:RED. The creator is named when the incident
 * is created, a task's assignee when assigned (service/task.c), and
 * anyone else by hand through this module.
 *
 * Who may be named: an active (not disabled) user holding a role with
 * incident.read over the incident's unit, over a unit on one of its
 * steps, or over a unit above either; that is, someone who would see
 * the incident were it not TLP:RED. Naming needs incident.write.
 * Removing someone needs incident.coordinate, except that anyone named
 * may remove themself. A TLP:RED incident always keeps one person:
 * removing the last is refused (UC_ECONFLICT). Who is named is access
 * control, not a record of the response, so it may change after the
 * incident is closed.
 *
 * Results are new JSON references the caller owns; changes follow
 * service/part.h (audit, timeline, incident touched, one transaction).
 */
#ifndef UC_PERSON_H
#define UC_PERSON_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* May user `uid` be named on incident `incident` (internal id), by the
 * rule above? *ok = 1 when so. Reads the store; no access check. */
enum uc_status uc_person_eligible(struct uc_ctx *ctx, int64_t incident,
    int64_t uid, int *ok /* OUT */, struct uc_error *err) UC_WUR;
/* Name uid on incident (no check, no record; a no-op when named
 * already). For callers inside their own change (task assignment). */
enum uc_status uc_person_name(struct uc_ctx *ctx, int64_t incident,
    int64_t uid, struct uc_error *err) UC_WUR;

/* The people named on `pid` (incident.read), by login: user_id, login,
 * full_name, unit_id, unit_code, unit_name (their home unit). */
enum uc_status uc_person_list(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;
/* in: user_id. Name them on `pid`; *out is the person. A user who may
 * not be named is a field error on user_id; one named already is
 * UC_ECONFLICT naming user_id. */
enum uc_status uc_person_add(struct uc_ctx *ctx, const char *pid,
    json_t *in, json_t **out, struct uc_error *err) UC_WUR;
/* Remove user `uid` from `pid` (UC_ENOTFOUND when not named). */
enum uc_status uc_person_remove(struct uc_ctx *ctx, const char *pid,
    int64_t uid, struct uc_error *err) UC_WUR;

#endif
