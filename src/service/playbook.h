/*
 * playbook.h - response playbooks (phương án đối phó, ứng cứu, issue 6
 * C5): the default library of the 21 scenarios, the units' adapted
 * copies, their versions, and applying one to an incident.
 *
 * Versions: a playbook's text is never changed in place; an edit adds
 * version n+1 (If-Match: n). An incident records the playbook id and
 * the version it applied (incident_playbooks), so later edits leave
 * what it used unchanged, and the same version is applied once (409).
 *
 * Access (service/access.c): the defaults are read by any signed-in
 * user and edited by incident.coordinate over the root unit; a unit's
 * copy is read with incident.read and made or edited with
 * incident.write over that unit (outside the scope: UC_ENOTFOUND).
 * Applying needs incident.write on the incident (service/part.h).
 *
 * The shipped defaults (domain/playbook.h) reach the database on first
 * use, and a newer binary's text becomes a new version of a default
 * that nobody has edited. Results are new JSON references the caller
 * owns; writes are one transaction each, with an audit entry.
 * docs/internals/playbooks.md.
 */
#ifndef UC_SERVICE_PLAYBOOK_H
#define UC_SERVICE_PLAYBOOK_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* Filters of a list; NULL / 0 fields do not filter. */
struct uc_playbook_filter {
	const char *scenario;	/* a taxonomy code */
	int64_t unit_id;	/* this unit's copies only */
	int defaults;		/* the default library only */
	const char *cursor;	/* from the previous page */
	int limit;
};

/* Defaults and the copies the actor may read, by id (the defaults in
 * the taxonomy's order first). *next: the following page's cursor. */
enum uc_status uc_playbook_list(struct uc_ctx *ctx,
    const struct uc_playbook_filter *f, json_t **out, char **next,
    struct uc_error *err) UC_WUR;
/* Playbook id with the text and parsed sections of `version` (0: the
 * current one) and the list of its versions. */
enum uc_status uc_playbook_get(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t **out, struct uc_error *err) UC_WUR;
/* A unit's copy at version 1. in: from (the playbook copied), unit_id,
 * system_id?, content? (default: the text copied, else checked), note?.
 * One copy per unit, scenario and system (UC_ECONFLICT). */
enum uc_status uc_playbook_copy(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
/* A new version from in.content (and in.note); version is the
 * caller's If-Match. */
enum uc_status uc_playbook_update(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;

/*
 * Apply in.playbook_id (in.version, default the current) to incident
 * pid: its tasks (title "[step] ...", the unit of the task's first
 * lead party: the incident's own for operator, else the party's
 * binding), its steps' checklists, the timeline line and the audit
 * entry, in one transaction. The application comes back.
 */
enum uc_status uc_playbook_apply(struct uc_ctx *ctx, const char *pid,
    json_t *in, json_t **out, struct uc_error *err) UC_WUR;
/* The playbooks applied to incident pid, oldest first, each with its
 * tasks and checklist. */
enum uc_status uc_playbook_applied(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;
/* Tick (or untick) checklist item id of incident pid: in {done, note?};
 * version is the item's If-Match. Returns the item. */
enum uc_status uc_playbook_check(struct uc_ctx *ctx, const char *pid,
    int64_t id, int64_t version, json_t *in, json_t **out,
    struct uc_error *err) UC_WUR;

/* Put the shipped defaults in the database (first use, new binary). */
enum uc_status uc_playbook_sync(struct uc_ctx *ctx, struct uc_error *err)
    UC_WUR;

#endif
