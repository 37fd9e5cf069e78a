/*
 * incident.h - the incident register: intake, classification, the
 * serious test, closure. Steps are in step.h, clocks in clock.h, the
 * timeline in timeline.h; tasks, observables, evidence and the rest in
 * their own files. Incidents are named by their public id, SC-YYYY-NNNN.
 *
 * Every function checks access through service/access.c (the incident's
 * unit, the units on its steps, TLP:RED naming) before anything else.
 * Results are new JSON references the caller owns.
 */
#ifndef UC_INCIDENT_H
#define UC_INCIDENT_H

#include "core/status.h"
#include "domain/perm.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

struct uc_rulepack;

/* Filters of a list; NULL / 0 fields do not filter. */
struct uc_incident_filter {
	int64_t unit_id;	/* this unit and the units below it */
	const char *status;
	const char *type;	/* a taxonomy code */
	const char *severity;	/* normal, serious */
	const char *priority;
	const char *tlp;
	const char *q;		/* full-text query */
	const char *detected_from;	/* ISO instants, inclusive */
	const char *detected_to;
	int64_t assignee_id;	/* has an open task for this user */
	int overdue;		/* a clock is overdue */
	int open;		/* not closed */
	const char *sort;	/* "detected" (default, newest first), "due" */
	const char *cursor;	/* from the previous page */
	int limit;
};

/* The rule pack this instance runs (settings.rulepack). */
enum uc_status uc_incident_pack(struct uc_ctx *ctx,
    const struct uc_rulepack **out, struct uc_error *err) UC_WUR;

/* The internal id of public id `pid` if the actor has `perm` on it
 * (UC_ENOTFOUND / UC_EPERM as service/access.c decides). */
enum uc_status uc_incident_lookup(struct uc_ctx *ctx, const char *pid,
    enum uc_perm perm, int64_t *id /* OUT */, struct uc_error *err) UC_WUR;

enum uc_status uc_incident_create(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
/* The same for a drill (service/drill.c): the incident runs through
 * the real procedure but is flagged exercise, so statistics, periodic
 * reports and upward messages leave it out. */
enum uc_status uc_incident_create_exercise(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
enum uc_status uc_incident_get(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;
/* *next: the cursor of the following page, NULL at the end. */
enum uc_status uc_incident_list(struct uc_ctx *ctx,
    const struct uc_incident_filter *f, json_t **out, char **next,
    struct uc_error *err) UC_WUR;
/* Count of what the list would return (no paging). */
enum uc_status uc_incident_count(struct uc_ctx *ctx,
    const struct uc_incident_filter *f, int64_t *n, struct uc_error *err)
    UC_WUR;
/*
 * The count and the counts per group: {count, groups: [{key, count}]},
 * largest first. group is status, type, severity, priority or unit
 * (key: the unit's id, with unit_code and unit_name). By type, an
 * incident of several types counts under each and one without a type
 * under none, so the groups need not add up to count.
 */
enum uc_status uc_incident_groups(struct uc_ctx *ctx,
    const struct uc_incident_filter *f, const char *group, json_t **out,
    struct uc_error *err) UC_WUR;
/* Patch; version is the caller's If-Match (UC_EPRECOND when stale). */
enum uc_status uc_incident_update(struct uc_ctx *ctx, const char *pid,
    int64_t version, json_t *patch, json_t **out, struct uc_error *err)
    UC_WUR;
/* The unit proposes an upgrade to serious (de xuat nang cap). */
enum uc_status uc_incident_propose(struct uc_ctx *ctx, const char *pid,
    int64_t version, const char *reason, json_t **out,
    struct uc_error *err) UC_WUR;
/* The coordinator's decision: "serious" or "normal", with a note. */
enum uc_status uc_incident_decide(struct uc_ctx *ctx, const char *pid,
    int64_t version, const char *decision, const char *note, json_t **out,
    struct uc_error *err) UC_WUR;
/* Acknowledge receipt of a notice (phan hoi ngay). */
enum uc_status uc_incident_acknowledge(struct uc_ctx *ctx, const char *pid,
    int64_t version, json_t **out, struct uc_error *err) UC_WUR;
/* Close with {root_cause, damage_estimate, lessons_learned}. */
enum uc_status uc_incident_close(struct uc_ctx *ctx, const char *pid,
    int64_t version, json_t *closing, json_t **out, struct uc_error *err)
    UC_WUR;

/*
 * For the incident's parts (steps, tasks, evidence ...): inside the
 * caller's transaction, bump the incident's version and updated_at and
 * recompute its status, so every change shows in its ETag.
 */
enum uc_status uc_incident_touch(struct uc_ctx *ctx, int64_t id,
    struct uc_error *err) UC_WUR;

#endif
