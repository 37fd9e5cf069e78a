/*
 * rulepack.c - see rulepack.h. One encoder per record kind of
 * domain/rulepack.h; each adds the record's "src". Text fields the
 * files leave out are "" (never NULL), as the parser guarantees.
 */
#include "service/rulepack.h"
#include "service/party.h"
#include "domain/calendar.h"
#include "domain/rulepack.h"
#include "service/access.h"
#include "service/incident.h"
#include "service/system.h"

#include <stdio.h>
#include <string.h>

#define NF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const weekday_names[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

/* ---- values ------------------------------------------------------ */

static json_t *
src_json(const struct uc_rp_src *src)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s:%d", src->file ? src->file : "",
	    src->line);
	return json_string(buf);
}

/* yyyymmdd as "yyyy-mm-dd"; 0 as null. */
static json_t *
date_json(int32_t d)
{
	char buf[16];

	if (d == 0)
		return json_null();
	uc_calendar_text(d, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *
list_json(const struct uc_rp_list *l)
{
	json_t *j_a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(j_a, json_string(l->v[i]));
	return j_a;
}

/* {code, vi, en, src}: the shape of groups, parties and stages. */
static json_t *
labelled(const char *code, const char *vi, const char *en,
    const struct uc_rp_src *src)
{
	return json_pack("{ss ss ss so}", "code", code, "vi", vi, "en", en,
	    "src", src_json(src));
}

static json_t *
deadline_json(const struct uc_rp_deadline *d)
{
	return json_pack("{ss ss si}",
	    "anchor", uc_rulepack_anchor_name(d->anchor),
	    "due", uc_rulepack_due_name(d->due), "amount", d->amount);
}

/* ---- the taxonomy and the serious test --------------------------- */

static json_t *
groups_json(const struct uc_rulepack *p)
{
	json_t *j_a = json_array();
	size_t i;

	for (i = 0; i < p->ngroups; i++)
		json_array_append_new(j_a, labelled(p->groups[i].code,
		    p->groups[i].vi, p->groups[i].en, &p->groups[i].src));
	return j_a;
}

static json_t *
type_json(const struct uc_rp_type *t)
{
	return json_pack("{ss ss ss ss ss so sb so}", "code", t->code,
	    "group", t->group, "vi", t->vi, "en", t->en, "rsit", t->rsit,
	    "rsit_alt", list_json(&t->rsit_alt),
	    "multi_label", t->multi_label, "src", src_json(&t->src));
}

static json_t *
types_json(const struct uc_rulepack *p)
{
	json_t *j_a = json_array();
	size_t i;

	for (i = 0; i < p->ntypes; i++)
		json_array_append_new(j_a, type_json(&p->types[i]));
	return j_a;
}

static json_t *
harms_json(const struct uc_rulepack *p)
{
	json_t *j_a = json_array();
	size_t i;

	for (i = 0; i < p->nharms; i++) {
		const struct uc_rp_harm *h = &p->harms[i];

		json_array_append_new(j_a, json_pack("{ss ss ss ss ss so}",
		    "code", h->code, "vi", h->vi, "en", h->en,
		    "reason_vi", h->reason_vi, "reason_en", h->reason_en,
		    "src", src_json(&h->src)));
	}
	return j_a;
}

#define PHRASE(k) { #k, offsetof(struct uc_rp_serious, k) }

static const struct {
	const char *key;
	size_t off;
} phrases[] = {
	PHRASE(system_vi), PHRASE(system_en),
	PHRASE(critical_vi), PHRASE(critical_en),
	PHRASE(unknown_vi), PHRASE(unknown_en),
	PHRASE(no_system_vi), PHRASE(no_system_en),
	PHRASE(not_qualifying_vi), PHRASE(not_qualifying_en),
	PHRASE(no_harm_vi), PHRASE(no_harm_en),
	PHRASE(owner_cannot_vi), PHRASE(owner_cannot_en),
	PHRASE(owner_can_vi), PHRASE(owner_can_en),
};

static json_t *
serious_json(const struct uc_rp_serious *s)
{
	json_t *j_levels = json_array(), *j_phrases = json_object();
	size_t i;

	for (i = 0; i < 8 * sizeof(s->level_mask); i++)
		if (s->level_mask & (1u << i))
			json_array_append_new(j_levels, json_integer((int)i));
	for (i = 0; i < NF(phrases); i++)
		json_object_set_new(j_phrases, phrases[i].key, json_string(
		    *(const char *const *)(const void *)((const char *)s +
		    phrases[i].off)));
	return json_pack("{so sb so so}", "levels", j_levels,
	    "national_critical", s->national_critical,
	    "phrases", j_phrases, "src", src_json(&s->src));
}

static json_t *
parties_json(const struct uc_rulepack *p)
{
	json_t *j_a = json_array();
	size_t i;

	for (i = 0; i < p->nparties; i++)
		json_array_append_new(j_a, labelled(p->parties[i].code,
		    p->parties[i].vi, p->parties[i].en, &p->parties[i].src));
	return j_a;
}

/* ---- procedures --------------------------------------------------- */

static json_t *
step_json(const struct uc_rp_step *st)
{
	json_t *j = json_pack("{ss ss ss ss ss ss ss sb}", "code", st->code,
	    "stage", st->stage, "vi", st->vi, "en", st->en,
	    "content", st->content, "note", st->note,
	    "phase", uc_rulepack_phase_name(st->phase),
	    "required", st->required);

	json_object_set_new(j, "lead", list_json(&st->lead));
	json_object_set_new(j, "coordinate", list_json(&st->coordinate));
	json_object_set_new(j, "reopen", list_json(&st->reopen));
	json_object_set_new(j, "reset", list_json(&st->reset));
	json_object_set_new(j, "src", src_json(&st->src));
	return j;
}

static json_t *
procedure_json(const struct uc_rp_procedure *pr)
{
	json_t *j = labelled(pr->code, pr->vi, pr->en, &pr->src);
	json_t *j_stages = json_array(), *j_steps = json_array();
	size_t i;

	for (i = 0; i < pr->nstages; i++)
		json_array_append_new(j_stages, labelled(pr->stages[i].code,
		    pr->stages[i].vi, pr->stages[i].en, &pr->stages[i].src));
	for (i = 0; i < pr->nsteps; i++)
		json_array_append_new(j_steps, step_json(&pr->steps[i]));
	json_object_set_new(j, "stages", j_stages);
	json_object_set_new(j, "steps", j_steps);
	return j;
}

static json_t *
procedures_json(const struct uc_rulepack *p)
{
	json_t *j_a = json_array();
	size_t i;

	for (i = 0; i < p->nprocedures; i++)
		json_array_append_new(j_a, procedure_json(&p->procedures[i]));
	return j_a;
}

/* ---- reports and clocks ------------------------------------------ */

static json_t *
report_json(const struct uc_rp_report *r)
{
	return json_pack("{ss si ss ss ss so so sb so}", "code", r->code,
	    "number", r->number, "vi", r->vi, "en", r->en, "form", r->form,
	    "deadline", deadline_json(&r->deadline),
	    "recipients", list_json(&r->recipients),
	    "closure", r->closure, "src", src_json(&r->src));
}

static json_t *
reports_json(const struct uc_rulepack *p)
{
	json_t *j_a = json_array();
	size_t i;

	for (i = 0; i < p->nreports; i++)
		json_array_append_new(j_a, report_json(&p->reports[i]));
	return j_a;
}

static json_t *
ack_json(const struct uc_rulepack *p)
{
	return json_pack("{ss ss so so so}", "vi", p->ack_vi, "en",
	    p->ack_en, "deadline", deadline_json(&p->ack),
	    "recipients", list_json(&p->ack_recipients),
	    "src", src_json(&p->ack_src));
}

static json_t *
days_json(const struct uc_rulepack *p)
{
	const struct uc_dayrule *d = &p->days;
	json_t *j_weekend = json_array();
	size_t i;

	for (i = 0; i < NF(weekday_names); i++)
		if (d->weekend_mask & (1 << i))
			json_array_append_new(j_weekend,
			    json_string(weekday_names[i]));
	return json_pack("{ss sb sb so si so}",
	    "count", d->working_days ? "working" : "calendar",
	    "start_next_day", d->start_next_day,
	    "roll_non_working", d->roll_non_working,
	    "weekend", j_weekend, "warn_days", d->warn_days,
	    "src", src_json(&p->days_src));
}

static json_t *
clocks_json(const struct uc_rp_clocks *c)
{
	return json_pack("{si si so}",
	    "immediate_minutes", c->immediate_minutes,
	    "warn_percent", c->warn_percent, "src", src_json(&c->src));
}

static json_t *
holidays_json(const struct uc_rulepack *p)
{
	json_t *j_a = json_array();
	size_t i;

	for (i = 0; i < p->nholidays; i++)
		json_array_append_new(j_a, json_pack("{so ss so}",
		    "date", date_json(p->holidays[i].date),
		    "name", p->holidays[i].name,
		    "src", src_json(&p->holidays[i].src)));
	return j_a;
}

/* ---- options ------------------------------------------------------ */

static json_t *
optlist_json(const struct uc_rp_optlist *l)
{
	json_t *j_items = json_array();
	size_t i;

	for (i = 0; i < l->nitems; i++) {
		const struct uc_rp_option *o = &l->items[i];

		json_array_append_new(j_items, json_pack("{ss ss ss ss ss so}",
		    "code", o->code, "vi", o->vi, "en", o->en,
		    "description_vi", o->description_vi,
		    "description_en", o->description_en,
		    "src", src_json(&o->src)));
	}
	return json_pack("{ss ss sb so so so}", "vi", l->vi, "en", l->en,
	    "multi", l->multi, "default", *l->default_code ?
	    json_string(l->default_code) : json_null(),
	    "items", j_items, "src", src_json(&l->src));
}

static json_t *
options_json(const struct uc_rulepack *p)
{
	json_t *j_o = json_object();
	size_t i;

	for (i = 0; i < p->nlists; i++)
		json_object_set_new(j_o, p->lists[i].code,
		    optlist_json(&p->lists[i]));
	return j_o;
}

/* ---- packs -------------------------------------------------------- */

static json_t *
summary_json(const struct uc_rulepack *p, const struct uc_rulepack *in_use)
{
	return json_pack("{ss ss ss ss ss ss so so sb sb so}", "id", p->id,
	    "vi", p->vi, "en", p->en, "regime", p->regime, "note", p->note,
	    "note_en", p->note_en,
	    "effective_from", date_json(p->effective_from),
	    "effective_to", date_json(p->effective_to),
	    "default", p->is_default, "in_use", p == in_use,
	    "src", src_json(&p->src));
}

static json_t *
pack_json(const struct uc_rulepack *p, const struct uc_rulepack *in_use)
{
	json_t *j = summary_json(p, in_use);

	json_object_set_new(j, "groups", groups_json(p));
	json_object_set_new(j, "types", types_json(p));
	json_object_set_new(j, "serious", serious_json(&p->serious));
	json_object_set_new(j, "harms", harms_json(p));
	json_object_set_new(j, "parties", parties_json(p));
	json_object_set_new(j, "procedures", procedures_json(p));
	json_object_set_new(j, "reports", reports_json(p));
	json_object_set_new(j, "acknowledge", ack_json(p));
	json_object_set_new(j, "days", days_json(p));
	json_object_set_new(j, "clocks", clocks_json(&p->clocks));
	json_object_set_new(j, "holidays", holidays_json(p));
	json_object_set_new(j, "options", options_json(p));
	json_object_set_new(j, "levels", uc_system_levels_json(p));
	return j;
}

/* The reader may read packs; *in_use is the pack this instance runs. */
static enum uc_status
prepare(struct uc_ctx *ctx, const struct uc_rulepack **in_use,
    struct uc_error *err)
{
	enum uc_status rc = uc_access_unrestricted(ctx, err);

	*in_use = NULL;
	return rc == UC_OK ? uc_incident_pack(ctx, in_use, err) : rc;
}

enum uc_status
uc_rulepack_list_json(struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	const struct uc_rulepack *in_use;
	enum uc_status rc;
	size_t i, n;

	*out = NULL;
	if ((rc = prepare(ctx, &in_use, err)) != UC_OK)
		return rc;
	*out = json_array();
	n = uc_rulepack_count();
	for (i = 0; i < n; i++)
		json_array_append_new(*out, summary_json(uc_rulepack_at(i),
		    in_use));
	return UC_OK;
}

/*
 * For the pack in use, which unit stands for each party (party.h):
 * unit_id, unit_code, unit_name on each of "parties", null if unbound.
 */
static enum uc_status
add_bindings(struct uc_ctx *ctx, json_t *j_pack, struct uc_error *err)
{
	json_t *j_bound = NULL, *j_parties, *j_p, *j_b;
	static const char *const keys[] = { "unit_id", "unit_code",
	    "unit_name" };
	enum uc_status rc = uc_party_list(ctx, &j_bound, err);
	size_t i, k;

	j_parties = json_object_get(j_pack, "parties");
	for (i = 0; rc == UC_OK && i < json_array_size(j_parties); i++) {
		j_p = json_array_get(j_parties, i);
		j_b = json_array_get(j_bound, i);	/* both in pack order */
		if (j_b == NULL || strcmp(json_string_value(json_object_get(
		    j_p, "code")), json_string_value(json_object_get(j_b,
		    "party"))) != 0)
			rc = uc_error_set(err, UC_EINTERNAL, "party bindings "
			    "out of step with the pack");
		for (k = 0; rc == UC_OK && k < 3; k++)
			json_object_set(j_p, keys[k], json_object_get(j_b,
			    keys[k]));
	}
	json_decref(j_bound);
	return rc;
}

enum uc_status
uc_rulepack_get_json(struct uc_ctx *ctx, const char *id, json_t **out,
    struct uc_error *err)
{
	const struct uc_rulepack *in_use, *p;
	enum uc_status rc;

	*out = NULL;
	if ((rc = prepare(ctx, &in_use, err)) != UC_OK ||
	    (rc = uc_rulepack_get(id, &p, err)) != UC_OK)
		return rc;
	*out = pack_json(p, in_use);
	if (p == in_use && (rc = add_bindings(ctx, *out, err)) != UC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
