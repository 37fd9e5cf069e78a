/*
 * procedure.c - see procedure.h. Step definitions are looked up by
 * code in every procedure of the pack, since a reclassified incident
 * holds the steps of both.
 */
#include "domain/procedure.h"
#include "core/mem.h"

#include <string.h>

static const char *const state_names[] = {
	"pending", "in_progress", "done", "not_applicable"
};

static const char *const status_names[] = {
	"new", "verifying", "responding", "containing", "eradicating",
	"recovering", "checking", "reviewing", "awaiting_final_report",
	"ready_to_close", "closed"
};

/* What the incident is doing while a step of each phase runs. */
static const enum uc_procedure_status phase_status[] = {
	[UC_PHASE_RECEIVE] = UC_PROCEDURE_VERIFYING,
	[UC_PHASE_VERIFY] = UC_PROCEDURE_VERIFYING,
	[UC_PHASE_RESPOND] = UC_PROCEDURE_RESPONDING,
	[UC_PHASE_CONTAIN] = UC_PROCEDURE_CONTAINING,
	[UC_PHASE_ERADICATE] = UC_PROCEDURE_ERADICATING,
	[UC_PHASE_RECOVER] = UC_PROCEDURE_RECOVERING,
	[UC_PHASE_CHECK] = UC_PROCEDURE_CHECKING,
	[UC_PHASE_VIOLATION] = UC_PROCEDURE_REVIEWING,
	[UC_PHASE_REVIEW] = UC_PROCEDURE_REVIEWING,
};

_Static_assert(sizeof(state_names) / sizeof(state_names[0]) ==
    UC_STEP_STATE_COUNT, "state_names");
_Static_assert(sizeof(status_names) / sizeof(status_names[0]) ==
    UC_PROCEDURE_STATUS_COUNT, "status_names");
_Static_assert(sizeof(phase_status) / sizeof(phase_status[0]) ==
    UC_PHASE_COUNT, "phase_status");

const char *
uc_procedure_state_name(enum uc_step_state s)
{
	return (unsigned)s < UC_STEP_STATE_COUNT ? state_names[s] : "?";
}

int
uc_procedure_state_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < UC_STEP_STATE_COUNT; i++)
		if (strcmp(state_names[i], s) == 0)
			return i;
	return -1;
}

const char *
uc_procedure_status_name(enum uc_procedure_status s)
{
	return (unsigned)s < UC_PROCEDURE_STATUS_COUNT ? status_names[s] :
	    "?";
}

static int
settled(enum uc_step_state s)
{
	return s == UC_STEP_DONE || s == UC_STEP_NOT_APPLICABLE;
}

static const struct uc_rp_step *
def_of(const struct uc_rulepack *pack, const char *code)
{
	return uc_rulepack_step(pack, NULL, code);
}

static int
required(const struct uc_rulepack *pack, const char *code)
{
	const struct uc_rp_step *d = def_of(pack, code);

	return d != NULL && d->required;
}

static long
find_step(const struct uc_step_item *steps, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(steps[i].code, code) == 0)
			return (long)i;
	return -1;
}

enum uc_status
uc_procedure_instantiate(const struct uc_rulepack *pack, const char *name,
    const struct uc_rp_procedure **out, struct uc_error *err)
{
	*out = name ? uc_rulepack_procedure(pack, name) : NULL;
	if (*out == NULL)
		return uc_error_field(err, "procedure", "not_found",
		    "the rule pack has no procedure '%s'", name ? name :
		    "(null)");
	return UC_OK;
}

enum uc_status
uc_procedure_merge(const struct uc_rulepack *pack, const char *name,
    const struct uc_step_item *have, size_t nhave,
    const struct uc_rp_step **add, size_t *nadd, struct uc_error *err)
{
	const struct uc_rp_procedure *pr;
	enum uc_status rc;
	size_t i;

	*nadd = 0;
	if ((rc = uc_procedure_instantiate(pack, name, &pr, err)) != UC_OK)
		return rc;
	for (i = 0; i < pr->nsteps; i++)
		if (find_step(have, nhave, pr->steps[i].code) < 0)
			add[(*nadd)++] = &pr->steps[i];
	return UC_OK;
}

static int
has_reason(const struct uc_step_request *req)
{
	return req->reason != NULL && req->reason[strspn(req->reason,
	    " \t\r\n")] != '\0';
}

static enum uc_status
need_reason(const struct uc_step_request *req, const char *why,
    struct uc_error *err)
{
	if (has_reason(req))
		return UC_OK;
	return uc_error_field(err, "reason", "required", "%s needs a reason",
	    why);
}

/* A done step leaves done only through a coordinator, with a reason. */
static enum uc_status
check_reopen(const struct uc_step_request *req, struct uc_error *err)
{
	if (!req->may_reopen)
		return uc_error_set(err, UC_EPERM, "step %s is done; only a "
		    "coordinator may reopen it", req->code);
	return need_reason(req, "reopening a done step", err);
}

static void
add_change(struct uc_step_changes *out, const struct uc_step_item *s,
    enum uc_step_state to)
{
	if (s->state == to || out->n == UC_RP_MAX_STEPS)
		return;
	out->v[out->n].code = s->code;
	out->v[out->n].from = s->state;
	out->v[out->n++].to = to;
}

/* Move each listed step the incident has to `to`. */
static void
apply_list(const struct uc_rp_list *l, const struct uc_step_item *steps,
    size_t n, enum uc_step_state to, struct uc_step_changes *out)
{
	size_t i;
	long j;

	for (i = 0; i < l->n; i++)
		if ((j = find_step(steps, n, l->v[i])) >= 0)
			add_change(out, &steps[j], to);
}

static enum uc_status
fail_check(const struct uc_rulepack *pack, const struct uc_step_item *steps,
    size_t n, const struct uc_step_item *s, const struct uc_step_request *req,
    struct uc_step_changes *out, struct uc_error *err)
{
	const struct uc_rp_step *d = def_of(pack, s->code);
	enum uc_status rc;

	if (d == NULL || d->phase != UC_PHASE_CHECK || d->reopen.n == 0)
		return uc_error_field(err, "state", "policy", "step %s is "
		    "not a check step; only a check can fail", s->code);
	if (s->state == UC_STEP_NOT_APPLICABLE)
		return uc_error_set(err, UC_ECONFLICT, "step %s is not "
		    "applicable; it cannot fail", s->code);
	if (s->state == UC_STEP_DONE &&
	    (rc = check_reopen(req, err)) != UC_OK)
		return rc;
	if ((rc = need_reason(req, "a failed check", err)) != UC_OK)
		return rc;
	apply_list(&d->reopen, steps, n, UC_STEP_IN_PROGRESS, out);
	apply_list(&d->reset, steps, n, UC_STEP_PENDING, out);
	return UC_OK;
}

enum uc_status
uc_procedure_change(const struct uc_rulepack *pack,
    const struct uc_step_item *steps, size_t n,
    const struct uc_step_request *req, struct uc_step_changes *out,
    struct uc_error *err)
{
	const struct uc_step_item *s;
	enum uc_status rc;
	long i;

	out->n = 0;
	if ((i = find_step(steps, n, req->code)) < 0)
		return uc_error_set(err, UC_ENOTFOUND, "the incident has no "
		    "step %s", req->code);
	s = &steps[i];
	if (req->failed)
		return fail_check(pack, steps, n, s, req, out, err);
	if ((unsigned)req->to >= UC_STEP_STATE_COUNT)
		return uc_error_field(err, "state", "format", "unknown step "
		    "state");
	if (req->to == s->state)
		return UC_OK;
	if (s->state == UC_STEP_DONE &&
	    (rc = check_reopen(req, err)) != UC_OK)
		return rc;
	if (req->to == UC_STEP_NOT_APPLICABLE &&
	    (rc = need_reason(req, "not_applicable", err)) != UC_OK)
		return rc;
	add_change(out, s, req->to);
	return UC_OK;
}

/* The latest phase in progress, or -1. */
static int
latest_in_progress(const struct uc_rulepack *pack,
    const struct uc_step_item *steps, size_t n)
{
	int best = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct uc_rp_step *d = def_of(pack, steps[i].code);

		if (d != NULL && steps[i].state == UC_STEP_IN_PROGRESS &&
		    (int)d->phase > best)
			best = (int)d->phase;
	}
	return best;
}

/* The earliest phase among pending required steps, or -1. */
static int
earliest_pending(const struct uc_rulepack *pack,
    const struct uc_step_item *steps, size_t n)
{
	int best = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct uc_rp_step *d = def_of(pack, steps[i].code);

		if (d != NULL && d->required &&
		    steps[i].state == UC_STEP_PENDING &&
		    (best < 0 || (int)d->phase < best))
			best = (int)d->phase;
	}
	return best;
}

enum uc_procedure_status
uc_procedure_status(const struct uc_rulepack *pack,
    const struct uc_step_item *steps, size_t n, int final_sent, int closed)
{
	size_t i, pending = 0, open = 0;
	int ph;

	if (closed)
		return UC_PROCEDURE_CLOSED;
	for (i = 0; i < n; i++) {
		pending += steps[i].state == UC_STEP_PENDING;
		open += !settled(steps[i].state) &&
		    required(pack, steps[i].code);
	}
	if (pending == n)
		return UC_PROCEDURE_NEW;
	if (open == 0)
		return final_sent ? UC_PROCEDURE_READY_TO_CLOSE :
		    UC_PROCEDURE_AWAITING_FINAL_REPORT;
	if ((ph = latest_in_progress(pack, steps, n)) < 0)
		ph = earliest_pending(pack, steps, n);
	uc_assert(ph >= 0);	/* open > 0: a required step is unsettled */
	return phase_status[ph];
}

/* The pack's report that must be sent before closure. */
static const struct uc_rp_report *
closing_report(const struct uc_rulepack *pack)
{
	size_t i;

	for (i = 0; i < pack->nreports; i++)
		if (pack->reports[i].closure)
			return &pack->reports[i];
	return NULL;
}

enum uc_status
uc_procedure_can_close(const struct uc_rulepack *pack,
    const struct uc_step_item *steps, size_t n, int final_sent,
    const char **blocker, struct uc_error *err)
{
	const struct uc_rp_report *r = closing_report(pack);
	size_t i;

	*blocker = NULL;
	for (i = 0; i < n; i++) {
		const struct uc_step_item *s = &steps[i];

		if (s->state == UC_STEP_IN_PROGRESS ||
		    (!settled(s->state) && required(pack, s->code))) {
			*blocker = s->code;
			return uc_error_set(err, UC_ECONFLICT, "step %s is "
			    "still %s", s->code,
			    uc_procedure_state_name(s->state));
		}
	}
	if (!final_sent && r != NULL) {
		*blocker = r->code;
		return uc_error_set(err, UC_ECONFLICT, "report %s (%s) has "
		    "not been sent", r->code, r->vi);
	}
	return UC_OK;
}
