/*
 * task.h - the tasks of an incident (nhiem vu): a title, an assignee,
 * a unit, a due time and a state (open, done, cancelled).
 *
 * Who may be assigned: whoever may be named on the incident
 * (uc_person_eligible in service/person.h: an active user holding
 * incident.read over the incident's unit or a unit on one of its
 * steps). Assigning names the user on the incident (incident_people),
 * so a TLP:RED incident becomes visible to them; being named is kept
 * when the task is later reassigned. A task's unit must be one the
 * actor can see (unit.read).
 *
 * Results are new JSON references the caller owns; changes follow
 * service/part.h (audit, timeline, incident touched, one transaction).
 */
#ifndef UC_TASK_H
#define UC_TASK_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/*
 * Tasks across the incidents the actor may read (the list's rule,
 * service/access.c), nearest due first, those without a due time last.
 * Rows add incident_title. "Mine" is a task assigned to the actor, or
 * assigned to nobody by name and to the actor's own unit (users.unit_id,
 * not the units their roles cover: a province-wide role would make
 * every unassigned task in the province theirs).
 */
struct uc_task_filter {
	int mine;		/* assigned to me, or to my unit unnamed */
	int64_t unit_id;	/* the task's unit is this one or below */
	int open;		/* state open, on an incident not closed */
	const char *cursor;	/* from the previous page */
	int limit;
};

/* *next: the cursor of the following page, NULL at the end. */
enum uc_status uc_task_find(struct uc_ctx *ctx,
    const struct uc_task_filter *f, json_t **out, char **next,
    struct uc_error *err) UC_WUR;
/* in: title, assignee_id?, unit_id?, due_at?, state? (default open). */
enum uc_status uc_task_create(struct uc_ctx *ctx, const char *pid,
    json_t *in, json_t **out, struct uc_error *err) UC_WUR;
/* The incident's tasks, newest first (at most UC_PART_LIST_MAX). */
enum uc_status uc_task_list(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;
/* Apply the fields of patch (JSON null clears assignee_id, unit_id,
 * due_at); version is the task's, from If-Match (UC_EPRECOND). */
enum uc_status uc_task_update(struct uc_ctx *ctx, const char *pid,
    int64_t id, int64_t version, json_t *patch, json_t **out,
    struct uc_error *err) UC_WUR;

#endif
