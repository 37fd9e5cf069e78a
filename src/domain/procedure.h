/*
 * procedure.h - the response procedure of one incident, as pure rules:
 * the steps an incident gets, which state changes are allowed, the
 * loop back when the post-recovery check fails, reclassification, the
 * incident status that follows from the steps, and closure.
 *
 * The steps are data (rule pack, procedure-*.txt). The caller holds an
 * incident's steps as (code, state) pairs; a code the pack does not
 * know (a step of an older pack) counts as optional and has no phase.
 * No I/O, no allocation: results go to caller-supplied structs.
 *
 * Step states: pending, in_progress, done, not_applicable.
 *
 * State changes (uc_procedure_change):
 *  - any state may go to any other, except as below; setting a step to
 *    its own state changes nothing;
 *  - not_applicable needs a reason (field "reason");
 *  - a done step leaves done only (a) through the check-failure loop
 *    or (b) when a coordinator reopens it (may_reopen, UC_EPERM
 *    otherwise), with a reason; a done step is a record others relied
 *    on, so reopening it is a decision, not an edit;
 *  - a step of phase check (III.3, S6) may instead fail (failed = 1,
 *    with a reason): the steps of its "reopen" list go to in_progress
 *    and those of its "reset" list (recovery and the check itself) to
 *    pending. A check that is done fails only through a coordinator,
 *    one that is not_applicable not at all (UC_ECONFLICT).
 *
 * Incident status (uc_procedure_status), first rule that applies:
 *  1. closed flag                                    -> closed
 *  2. every step pending (or none)                   -> new
 *  3. every required step done or not_applicable     -> ready_to_close
 *     when the closing report is sent, else awaiting_final_report
 *  4. some step in_progress: the status of the latest phase in
 *     progress (with II.1 and III.1 reopened: eradicating)
 *  5. else the status of the earliest phase among pending required
 *     steps (between steps, the next one's).
 * Phase to status: receive, verify -> verifying; respond -> responding;
 * contain -> containing; eradicate -> eradicating; recover ->
 * recovering; check -> checking; violation, review -> reviewing.
 *
 * Closure (uc_procedure_can_close): every required step done or
 * not_applicable, no step in_progress, and the report the pack marks
 * "closure = yes" (the final report) sent.
 */
#ifndef UC_PROCEDURE_H
#define UC_PROCEDURE_H

#include "core/status.h"
#include "domain/rulepack.h"

#include <stddef.h>

enum uc_step_state {
	UC_STEP_PENDING,
	UC_STEP_IN_PROGRESS,
	UC_STEP_DONE,
	UC_STEP_NOT_APPLICABLE,
	UC_STEP_STATE_COUNT
};

enum uc_procedure_status {
	UC_PROCEDURE_NEW,
	UC_PROCEDURE_VERIFYING,
	UC_PROCEDURE_RESPONDING,
	UC_PROCEDURE_CONTAINING,
	UC_PROCEDURE_ERADICATING,
	UC_PROCEDURE_RECOVERING,
	UC_PROCEDURE_CHECKING,
	UC_PROCEDURE_REVIEWING,
	UC_PROCEDURE_AWAITING_FINAL_REPORT,
	UC_PROCEDURE_READY_TO_CLOSE,
	UC_PROCEDURE_CLOSED,
	UC_PROCEDURE_STATUS_COUNT
};

/* One step of an incident as the caller stores it. */
struct uc_step_item {
	const char *code;	/* a step code of the pack */
	enum uc_step_state state;
};

struct uc_step_request {
	const char *code;	/* the step to change */
	enum uc_step_state to;	/* the new state; ignored when failed */
	int failed;		/* a check step failed: run its loop */
	const char *reason;	/* for not_applicable, reopen, failure */
	int may_reopen;		/* the caller may reopen a done step */
};

struct uc_step_change {
	const char *code;	/* borrowed from the caller's steps */
	enum uc_step_state from;
	enum uc_step_state to;
};

struct uc_step_changes {
	size_t n;
	struct uc_step_change v[UC_RP_MAX_STEPS];
};

/* "pending", "in_progress", "done", "not_applicable"; parse gives -1
 * for anything else. */
const char *uc_procedure_state_name(enum uc_step_state s);
int uc_procedure_state_parse(const char *s);
/* "new" ... "closed" */
const char *uc_procedure_status_name(enum uc_procedure_status s);

/*
 * The steps a new incident gets: the pack's procedure `name` ("normal"
 * or "serious"), steps in order, each to start pending. UC_EVALID
 * (field "procedure") for an unknown name.
 */
enum uc_status uc_procedure_instantiate(const struct uc_rulepack *pack,
    const char *name, const struct uc_rp_procedure **out /* OUT */,
    struct uc_error *err) UC_WUR;

/*
 * Reclassification: the steps of procedure `name` that the incident
 * lacks, in order, to add pending. Nothing is removed, so done steps
 * and their record stay (normal -> serious adds S1-S7; serious ->
 * normal adds the normal steps not yet present).
 */
enum uc_status uc_procedure_merge(const struct uc_rulepack *pack,
    const char *name, const struct uc_step_item *have, size_t nhave,
    const struct uc_rp_step **add /* OUT: UC_RP_MAX_STEPS */,
    size_t *nadd /* OUT */, struct uc_error *err) UC_WUR;

/*
 * Check a change of one step against the rules above and list the
 * state changes it makes (one, none for a no-op, several for a failed
 * check). UC_ENOTFOUND when the incident has no such step.
 */
enum uc_status uc_procedure_change(const struct uc_rulepack *pack,
    const struct uc_step_item *steps, size_t n,
    const struct uc_step_request *req,
    struct uc_step_changes *out /* OUT */, struct uc_error *err) UC_WUR;

/* The incident status derived from its steps (rules above). */
enum uc_procedure_status uc_procedure_status(const struct uc_rulepack *pack,
    const struct uc_step_item *steps, size_t n, int final_sent,
    int closed);

/*
 * UC_OK when the incident may close; else UC_ECONFLICT, *blocker the
 * first step in the caller's order that blocks (or the code of the
 * closing report, "final"), and a message naming it.
 */
enum uc_status uc_procedure_can_close(const struct uc_rulepack *pack,
    const struct uc_step_item *steps, size_t n, int final_sent,
    const char **blocker /* OUT */, struct uc_error *err) UC_WUR;

#endif
