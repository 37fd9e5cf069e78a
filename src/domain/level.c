/*
 * level.c - see level.h. The explanation is assembled once per
 * language from the pack's phrases; text that does not fit the
 * result's buffers is cut at a character boundary (the reasons array
 * keeps every deciding criterion anyway).
 */
#include "domain/level.h"

#include <stdio.h>
#include <string.h>

struct text {
	char *s;
	size_t cap;
	size_t len;
};

static void
put(struct text *t, const char *s, size_t n)
{
	if (t->len + n >= t->cap) {
		n = t->cap - t->len - 1;
		/* do not split a UTF-8 sequence */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void
puts_text(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

/* ---- checking the ticks ------------------------------------------ */

/* One list of ticks: every code known, none twice. *level gets the
 * highest level among them (0 when empty). prefix names the list in
 * field errors ("criteria", "components[1].criteria"). */
static int
check_list(const struct uc_rulepack *p, const char *const *codes, size_t n,
    const char *prefix, int *level, struct uc_error *err)
{
	const struct uc_rp_criterion *c;
	char field[64];
	size_t i, j;
	int ok = 1;

	*level = 0;
	if (n > UC_LEVEL_MAX_CRITERIA)
		return uc_error_field(err, prefix, "range", "%s: at most %d "
		    "criteria", prefix, UC_LEVEL_MAX_CRITERIA), 0;
	for (i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "%s[%zu]", prefix, i);
		c = codes[i] ? uc_rulepack_criterion(p, codes[i]) : NULL;
		if (c == NULL) {
			ok = uc_error_field(err, field, "enum", "%s: '%s' is "
			    "not a criterion of the rule pack (levels.txt)",
			    field, codes[i] ? codes[i] : "") && 0;
			continue;
		}
		for (j = 0; j < i; j++)
			if (codes[j] && strcmp(codes[j], codes[i]) == 0)
				ok = uc_error_field(err, field, "duplicate",
				    "%s repeats %s", field, codes[i]) && 0;
		if (c->level > *level)
			*level = c->level;
	}
	return ok;
}

static int
check_input(const struct uc_rulepack *p, const struct uc_level_input *in,
    struct uc_level_result *r, struct uc_error *err)
{
	const struct uc_level_component *c;
	char prefix[48];
	size_t i;
	int ok = 1;

	if (in->ncomponents > UC_LEVEL_MAX_COMPONENTS)
		return uc_error_field(err, "components", "range", "at most %d "
		    "components", UC_LEVEL_MAX_COMPONENTS), 0;
	ok &= check_list(p, in->criteria, in->ncriteria, "criteria",
	    &r->own, err);
	r->level = r->own;
	for (i = 0; i < in->ncomponents; i++) {
		c = &in->components[i];
		snprintf(prefix, sizeof(prefix), "components[%zu].criteria",
		    i);
		ok &= check_list(p, c->criteria, c->ncriteria, prefix,
		    &r->components[i], err);
		if (r->components[i] > r->level)
			r->level = r->components[i];
	}
	return ok;
}

/* ---- the deciding criteria --------------------------------------- */

static void
add_reasons(const struct uc_rulepack *p, const char *const *codes,
    size_t n, int component, struct uc_level_result *r)
{
	const struct uc_rp_criterion *c;
	size_t i;

	for (i = 0; i < n && r->nreasons < UC_LEVEL_MAX_REASONS; i++) {
		c = uc_rulepack_criterion(p, codes[i]);
		if (c == NULL || c->level != r->level)
			continue;
		r->reasons[r->nreasons].criterion = c;
		r->reasons[r->nreasons++].component = component;
	}
}

static void
collect(const struct uc_rulepack *p, const struct uc_level_input *in,
    struct uc_level_result *r)
{
	size_t i;

	if (r->level == 0)
		return;
	add_reasons(p, in->criteria, in->ncriteria, -1, r);
	for (i = 0; i < in->ncomponents; i++)
		add_reasons(p, in->components[i].criteria,
		    in->components[i].ncriteria, (int)i, r);
}

/* ---- the explanation --------------------------------------------- */

/* A phrase with {level}, {name} and {criteria} replaced; criteria is
 * written by the callback. */
struct fill {
	int level;
	const char *name;
	void (*criteria)(struct text *t, const void *arg);
	const void *arg;
};

static void
put_phrase(struct text *t, const char *phrase, const struct fill *f)
{
	const char *p = phrase, *brace;
	char num[8];

	while ((brace = strchr(p, '{')) != NULL) {
		put(t, p, (size_t)(brace - p));
		if (strncmp(brace, "{level}", 7) == 0) {
			snprintf(num, sizeof(num), "%d", f->level);
			puts_text(t, num);
			p = brace + 7;
		} else if (strncmp(brace, "{name}", 6) == 0) {
			puts_text(t, f->name ? f->name : "");
			p = brace + 6;
		} else if (strncmp(brace, "{criteria}", 10) == 0) {
			if (f->criteria)
				f->criteria(t, f->arg);
			p = brace + 10;
		} else {
			put(t, brace, 1);
			p = brace + 1;
		}
	}
	puts_text(t, p);
}

struct explain {
	const struct uc_rulepack *pack;
	const struct uc_level_input *in;
	const struct uc_level_result *r;
	int en;
};

/* "Điều 9 khoản 2 điểm c; Điều 9 khoản 1 (thành phần Cổng)". */
static void
put_criteria(struct text *t, const void *arg)
{
	const struct explain *x = arg;
	const struct uc_rp_levels *l = &x->pack->levels;
	const struct uc_level_reason *rs;
	struct fill f = { 0, NULL, NULL, NULL };
	size_t i;

	for (i = 0; i < x->r->nreasons; i++) {
		rs = &x->r->reasons[i];
		puts_text(t, i ? "; " : "");
		puts_text(t, x->en ? rs->criterion->article_en :
		    rs->criterion->article);
		if (rs->component < 0)
			continue;
		f.name = x->in->components[rs->component].name;
		puts_text(t, " (");
		put_phrase(t, x->en ? l->component_en : l->component_vi, &f);
		puts_text(t, ")");
	}
}

static void
explain(const struct uc_rulepack *p, const struct uc_level_input *in,
    struct uc_level_result *r, int en)
{
	const struct uc_rp_levels *l = &p->levels;
	struct explain x = { p, in, r, en };
	struct text t = { en ? r->en : r->vi, UC_LEVEL_TEXT, 0 };
	struct fill f = { r->level, NULL, put_criteria, &x };

	t.s[0] = '\0';
	if (r->level == 0) {
		puts_text(&t, en ? l->none_en : l->none_vi);
		return;
	}
	put_phrase(&t, en ? l->decided_en : l->decided_vi, &f);
	if (in->ncomponents > 0 && r->level > r->own) {
		puts_text(&t, "; ");
		puts_text(&t, en ? l->highest_en : l->highest_vi);
	}
}

enum uc_status
uc_level_eval(const struct uc_rulepack *pack, const struct uc_level_input *in,
    struct uc_level_result *out, struct uc_error *err)
{
	memset(out, 0, sizeof(*out));
	if (pack->ncriteria == 0)
		return uc_error_set(err, UC_EINTERNAL, "rule pack %s has no "
		    "level criteria (levels.txt)", pack->id);
	if (!check_input(pack, in, out, err)) {
		memset(out, 0, sizeof(*out));
		if (err != NULL && err->code == UC_OK)
			err->code = UC_EVALID;
		return UC_EVALID;
	}
	collect(pack, in, out);
	explain(pack, in, out, 0);
	explain(pack, in, out, 1);
	return UC_OK;
}

int
uc_level_part_required(const struct uc_rp_dossier_part *p, int level)
{
	return level >= 1 && level <= UC_LEVEL_MAX &&
	    (p->level_mask & (1u << level)) != 0;
}

/* ---- the dossier ------------------------------------------------- */

static const char *const dossier_names[UC_DOSSIER_COUNT] = {
	"draft", "submitted", "appraised", "approved"
};

#define D(x) (1u << UC_DOSSIER_##x)

/* Where each state may go. */
static const unsigned dossier_next[UC_DOSSIER_COUNT] = {
	[UC_DOSSIER_DRAFT] = D(SUBMITTED),
	/* returned as incomplete (TT 03/2017 Điều 14.3) */
	[UC_DOSSIER_SUBMITTED] = D(DRAFT) | D(APPRAISED),
	/* found unsuitable by the appraisal */
	[UC_DOSSIER_APPRAISED] = D(DRAFT) | D(APPROVED),
	/* determined again (NĐ 85/2016 Điều 18) */
	[UC_DOSSIER_APPROVED] = D(DRAFT),
};

const char *
uc_level_dossier_name(enum uc_dossier_status s)
{
	return (unsigned)s < UC_DOSSIER_COUNT ? dossier_names[s] : "?";
}

int
uc_level_dossier_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < UC_DOSSIER_COUNT; i++)
		if (strcmp(dossier_names[i], s) == 0)
			return i;
	return -1;
}

int
uc_level_dossier_allows(enum uc_dossier_status from,
    enum uc_dossier_status to)
{
	if ((unsigned)from >= UC_DOSSIER_COUNT ||
	    (unsigned)to >= UC_DOSSIER_COUNT)
		return 0;
	return (dossier_next[from] & (1u << to)) != 0;
}

const char *
uc_level_dossier_next(enum uc_dossier_status from, char *buf, size_t len)
{
	struct text t = { buf, len, 0 };
	int i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < UC_DOSSIER_COUNT; i++) {
		if (!uc_level_dossier_allows(from, (enum uc_dossier_status)i))
			continue;
		puts_text(&t, n++ ? " or " : "");
		puts_text(&t, dossier_names[i]);
	}
	return buf;
}
