/*
 * rulepack.c - see rulepack.h.
 *
 * A line reader feeds a table of section kinds. Each kind lists its
 * keys with a type and the offset of the field it fills, so a new rule
 * field is a new table row. A pack's strings and arrays live in one
 * arena that uc_rulepack_free releases at once; arrays grow by copying
 * within the arena (the packs are a few dozen kilobytes).
 *
 * The shipped packs are the .txt files of data/rulepacks/<id>/, embedded by
 * scripts/embed.py --named as uc_rulepack_files_* and parsed once, at
 * first use, under pthread_once.
 */
#include "domain/rulepack.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/parse.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

extern const char *const uc_rulepack_files_names[];
extern const unsigned char *const uc_rulepack_files_data[];
extern const size_t uc_rulepack_files_lens[];
extern const size_t uc_rulepack_files_count;

#define RP_LINE_MAX 4096	/* bytes in one line of a pack file */
#define RP_CODE_MAX 32		/* bytes in a code */
#define RP_ITEM_MAX 96		/* bytes in a list item ("class:type") */
#define RP_MAX_PACKS 8
#define RP_MAX_FILES 16		/* files in one pack */

static const char *const phase_names[] = {
	"receive", "verify", "respond", "contain", "eradicate", "recover",
	"check", "violation", "review", NULL
};
static const char *const anchor_names[] = {
	"none", "detection", "beyond_capacity", "response_end", "receipt",
	"serious", NULL
};
static const char *const due_names[] = {
	"none", "immediate", "hours", "days", NULL
};
static const char *const count_names[] = { "calendar", "working", NULL };
static const char *const weekday_names[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL
};
/* "" never matches: empty list items are refused before matching. */
static const char *const level_names[] = {
	"", "1", "2", "3", "4", "5", NULL
};

/* ---- building ---------------------------------------------------- */

struct vec {
	void *v;
	size_t n;
	size_t cap;
};

struct proc_build {
	struct uc_rp_procedure proc;
	struct vec stages;	/* struct uc_rp_stage */
	struct vec steps;	/* struct uc_rp_step */
};

struct list_build {
	struct uc_rp_optlist list;
	struct vec items;	/* struct uc_rp_option */
};

struct build {
	struct uc_arena *a;
	struct uc_rulepack *pack;
	struct vec groups, types, harms, parties, procs, reports, holidays;
	struct vec lists;	/* struct list_build */
	struct vec level_groups, criteria, parts;	/* levels.txt */
	struct vec obligations;	/* obligations.txt */
	int have_pack, have_serious, have_ack, have_days, have_clocks;
	int have_levels;
};

struct kind;

struct parser {
	struct build *b;
	const char *file;
	int line;
	const struct kind *kind;	/* open section, NULL before one */
	void *rec;		/* the record the section fills */
	uint32_t seen;		/* bit i: fields[i] was set */
	int sect_line;
	char sect[RP_CODE_MAX + 24];	/* "[type TC01]", for messages */
	long proc;		/* procedure of this file, -1 before one */
	long list;		/* [list] of this file, -1 before one */
	struct uc_error *err;
};

static void *
vec_push(struct uc_arena *a, struct vec *vec, size_t size)
{
	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? vec->cap * 2 : 8;
		void *nv = uc_arena_alloc(a, cap * size);

		if (vec->n > 0)
			memcpy(nv, vec->v, vec->n * size);
		vec->v = nv;
		vec->cap = cap;
	}
	return (char *)vec->v + size * vec->n++;
}

static enum uc_status UC_PRINTF(2, 3)
perr(struct parser *ps, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return uc_error_set(ps->err, UC_EINVAL, "%s:%d: %s", ps->file,
	    ps->line, msg);
}

static enum uc_status UC_PRINTF(3, 4)
srcerr(struct uc_error *err, const struct uc_rp_src *src,
    const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return uc_error_set(err, UC_EINVAL, "%s:%d: %s", src->file,
	    src->line, msg);
}

/* A code: 1-max bytes, no blank and none of the format's punctuation. */
static int
valid_code(const char *s, size_t n, size_t max)
{
	size_t i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr(" \t[],=#", s[i]) != NULL)
			return 0;
	return 1;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int
name_index(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* ---- field types ------------------------------------------------- */

enum ftype { F_TEXT, F_STR, F_BOOL, F_INT, F_ENUM, F_MASK, F_LIST, F_DATE };

struct field {
	const char *key;
	enum ftype type;
	size_t off;		/* in the section's record */
	int required;		/* the key must appear */
	const char *const *names;	/* F_ENUM, F_MASK */
	int min, max;		/* F_INT */
};

static enum uc_status
set_list(struct parser *ps, const struct field *f, const char *val,
    struct uc_rp_list *out)
{
	const char **v;
	const char *p = val;
	size_t n = 1, i;

	out->v = NULL;
	out->n = 0;
	if (*val == '\0')
		return UC_OK;
	for (i = 0; val[i] != '\0'; i++)
		n += val[i] == ',';
	v = uc_arena_alloc(ps->b->a, n * sizeof(*v));
	for (i = 0; i < n; i++) {
		const char *item = p, *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		p += len + 1;
		trim(&item, &len);
		if (!valid_code(item, len, RP_ITEM_MAX))
			return perr(ps, "'%s': item %zu is not a code", f->key,
			    i + 1);
		v[i] = uc_arena_strndup(ps->b->a, item, len);
	}
	out->v = v;
	out->n = n;
	return UC_OK;
}

static enum uc_status
set_mask(struct parser *ps, const struct field *f, const char *val,
    unsigned *out)
{
	struct uc_rp_list l;
	enum uc_status rc;
	size_t i;
	int bit;

	if ((rc = set_list(ps, f, val, &l)) != UC_OK)
		return rc;
	*out = 0;
	for (i = 0; i < l.n; i++) {
		if ((bit = name_index(f->names, l.v[i])) < 0)
			return perr(ps, "'%s': unknown value '%s'", f->key,
			    l.v[i]);
		*out |= 1u << bit;
	}
	return UC_OK;
}

static int
days_in_month(int64_t y, int64_t m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return dm[m - 1] + (m == 2 && leap);
}

/* "yyyy-mm-dd" to yyyymmdd; "" to 0. */
static enum uc_status
parse_date(const char *s, int32_t *out)
{
	const char *p = s;
	int64_t y, m, d;

	*out = 0;
	if (*s == '\0')
		return UC_OK;
	if (uc_parse_digits(&p, 4, 1900, 9999, &y) != UC_OK ||
	    *p++ != '-' || uc_parse_digits(&p, 2, 1, 12, &m) != UC_OK ||
	    *p++ != '-' || uc_parse_digits(&p, 2, 1, 31, &d) != UC_OK ||
	    *p != '\0' || d > days_in_month(y, m))
		return UC_EINVAL;
	*out = (int32_t)(y * 10000 + m * 100 + d);
	return UC_OK;
}

static enum uc_status
set_scalar(struct parser *ps, const struct field *f, const char *val,
    void *dst)
{
	int64_t v;
	int i;

	switch (f->type) {
	case F_BOOL:
		if ((i = name_index((const char *const []){ "no", "yes",
		    NULL }, val)) < 0)
			return perr(ps, "'%s' must be yes or no", f->key);
		*(int *)dst = i;
		return UC_OK;
	case F_INT:
		if (uc_parse_i64_str(val, f->min, f->max, &v) != UC_OK)
			return perr(ps, "'%s' must be a number from %d to %d",
			    f->key, f->min, f->max);
		*(int *)dst = (int)v;
		return UC_OK;
	case F_ENUM:
		if ((i = name_index(f->names, val)) < 0)
			return perr(ps, "'%s': unknown value '%s'", f->key,
			    val);
		*(int *)dst = i;
		return UC_OK;
	case F_DATE:
		if (parse_date(val, dst) != UC_OK)
			return perr(ps, "'%s' must be a date yyyy-mm-dd",
			    f->key);
		return UC_OK;
	default:
		uc_assert(!"not a scalar field");
	}
	return UC_EINTERNAL;
}

static enum uc_status
set_field(struct parser *ps, const struct field *f, const char *val)
{
	void *dst = (char *)ps->rec + f->off;

	switch (f->type) {
	case F_TEXT:
		if (*val == '\0')
			return perr(ps, "'%s' is empty", f->key);
		/* FALLTHROUGH */
	case F_STR:
		*(const char **)dst = uc_arena_strdup(ps->b->a, val);
		return UC_OK;
	case F_LIST:
		return set_list(ps, f, val, dst);
	case F_MASK:
		return set_mask(ps, f, val, dst);
	default:
		return set_scalar(ps, f, val, dst);
	}
}

/* ---- section kinds ----------------------------------------------- */

struct kind {
	const char *name;
	int coded;		/* [kind CODE] rather than [kind] */
	void *(*open)(struct parser *ps, const char *code);
	const struct field *fields;
	size_t nfields;
	/* sections whose keys are data ([holidays]) */
	enum uc_status (*entry)(struct parser *ps, const char *key,
	    const char *val);
};

#define FLD(k, t, s, m, req) { k, t, offsetof(s, m), req, NULL, 0, 0 }
#define ENUM(k, t, s, m, n) { k, t, offsetof(s, m), 1, n, 0, 0 }
#define INT(k, s, m, req, lo, hi) \
	{ k, F_INT, offsetof(s, m), req, NULL, lo, hi }
#define NF(a) (sizeof(a) / sizeof((a)[0]))

static const struct field pack_fields[] = {
	FLD("vi", F_TEXT, struct uc_rulepack, vi, 1),
	FLD("en", F_TEXT, struct uc_rulepack, en, 1),
	FLD("regime", F_TEXT, struct uc_rulepack, regime, 1),
	FLD("note", F_STR, struct uc_rulepack, note, 0),
	FLD("note_en", F_STR, struct uc_rulepack, note_en, 0),
	FLD("effective_from", F_DATE, struct uc_rulepack, effective_from,
	    1),
	FLD("effective_to", F_DATE, struct uc_rulepack, effective_to, 0),
	FLD("default", F_BOOL, struct uc_rulepack, is_default, 0),
};

#define LABELS(s) \
	FLD("vi", F_TEXT, s, vi, 1), FLD("en", F_TEXT, s, en, 1)

static const struct field group_fields[] = {
	LABELS(struct uc_rp_group),
};
static const struct field party_fields[] = {
	LABELS(struct uc_rp_party),
};
static const struct field stage_fields[] = {
	LABELS(struct uc_rp_stage),
};
static const struct field procedure_fields[] = {
	LABELS(struct uc_rp_procedure),
};

static const struct field type_fields[] = {
	FLD("group", F_TEXT, struct uc_rp_type, group, 1),
	LABELS(struct uc_rp_type),
	FLD("rsit", F_STR, struct uc_rp_type, rsit, 1),
	FLD("rsit_alt", F_LIST, struct uc_rp_type, rsit_alt, 0),
	FLD("multi_label", F_BOOL, struct uc_rp_type, multi_label, 0),
};

static const struct field harm_fields[] = {
	LABELS(struct uc_rp_harm),
	FLD("reason_vi", F_TEXT, struct uc_rp_harm, reason_vi, 1),
	FLD("reason_en", F_TEXT, struct uc_rp_harm, reason_en, 1),
};

#define PHRASE(k) FLD(#k, F_TEXT, struct uc_rp_serious, k, 1)

static const struct field serious_fields[] = {
	{ "levels", F_MASK, offsetof(struct uc_rp_serious, level_mask), 1,
	  level_names, 0, 0 },
	FLD("national_critical", F_BOOL, struct uc_rp_serious,
	    national_critical, 1),
	PHRASE(system_vi), PHRASE(system_en),
	PHRASE(critical_vi), PHRASE(critical_en),
	PHRASE(unknown_vi), PHRASE(unknown_en),
	PHRASE(no_system_vi), PHRASE(no_system_en),
	PHRASE(not_qualifying_vi), PHRASE(not_qualifying_en),
	PHRASE(no_harm_vi), PHRASE(no_harm_en),
	PHRASE(owner_cannot_vi), PHRASE(owner_cannot_en),
	PHRASE(owner_can_vi), PHRASE(owner_can_en),
};

static const struct field step_fields[] = {
	FLD("stage", F_STR, struct uc_rp_step, stage, 0),
	LABELS(struct uc_rp_step),
	FLD("content", F_STR, struct uc_rp_step, content, 0),
	FLD("note", F_STR, struct uc_rp_step, note, 0),
	ENUM("phase", F_ENUM, struct uc_rp_step, phase, phase_names),
	FLD("required", F_BOOL, struct uc_rp_step, required, 1),
	FLD("lead", F_LIST, struct uc_rp_step, lead, 1),
	FLD("coordinate", F_LIST, struct uc_rp_step, coordinate, 0),
	FLD("reopen", F_LIST, struct uc_rp_step, reopen, 0),
	FLD("reset", F_LIST, struct uc_rp_step, reset, 0),
};

#define DEADLINE(s, m) \
	ENUM("anchor", F_ENUM, s, m.anchor, anchor_names), \
	ENUM("due", F_ENUM, s, m.due, due_names), \
	INT("amount", s, m.amount, 0, 0, 8760)

static const struct field report_fields[] = {
	INT("number", struct uc_rp_report, number, 1, 1, 99),
	LABELS(struct uc_rp_report),
	FLD("form", F_STR, struct uc_rp_report, form, 0),
	DEADLINE(struct uc_rp_report, deadline),
	FLD("recipients", F_LIST, struct uc_rp_report, recipients, 1),
	FLD("closure", F_BOOL, struct uc_rp_report, closure, 1),
};

static const struct field ack_fields[] = {
	FLD("vi", F_TEXT, struct uc_rulepack, ack_vi, 1),
	FLD("en", F_TEXT, struct uc_rulepack, ack_en, 1),
	DEADLINE(struct uc_rulepack, ack),
	FLD("recipients", F_LIST, struct uc_rulepack, ack_recipients, 1),
};

static const struct field clocks_fields[] = {
	INT("immediate_minutes", struct uc_rp_clocks, immediate_minutes, 1,
	    0, 1440),
	INT("warn_percent", struct uc_rp_clocks, warn_percent, 1, 0, 100),
};

static const struct field list_fields[] = {
	LABELS(struct uc_rp_optlist),
	FLD("multi", F_BOOL, struct uc_rp_optlist, multi, 1),
	FLD("default", F_STR, struct uc_rp_optlist, default_code, 0),
};

static const struct field option_fields[] = {
	LABELS(struct uc_rp_option),
	FLD("description_vi", F_STR, struct uc_rp_option, description_vi, 0),
	FLD("description_en", F_STR, struct uc_rp_option, description_en, 0),
};

static const struct field days_fields[] = {
	ENUM("count", F_ENUM, struct uc_dayrule, working_days, count_names),
	FLD("start_next_day", F_BOOL, struct uc_dayrule, start_next_day, 1),
	FLD("roll_non_working", F_BOOL, struct uc_dayrule, roll_non_working,
	    1),
	{ "weekend", F_MASK, offsetof(struct uc_dayrule, weekend_mask), 1,
	  weekday_names, 0, 0 },
	INT("warn_days", struct uc_dayrule, warn_days, 1, 0, 60),
};

static const struct field level_group_fields[] = {
	LABELS(struct uc_rp_level_group),
};

static const struct field criterion_fields[] = {
	INT("level", struct uc_rp_criterion, level, 1, 1, 5),
	FLD("group", F_TEXT, struct uc_rp_criterion, group, 1),
	FLD("article", F_TEXT, struct uc_rp_criterion, article, 1),
	FLD("article_en", F_TEXT, struct uc_rp_criterion, article_en, 1),
	LABELS(struct uc_rp_criterion),
};

static const struct field dossier_part_fields[] = {
	LABELS(struct uc_rp_dossier_part),
	FLD("article", F_TEXT, struct uc_rp_dossier_part, article, 1),
	{ "levels", F_MASK, offsetof(struct uc_rp_dossier_part, level_mask),
	  1, level_names, 0, 0 },
};

#define LPHRASE(k) FLD(#k, F_TEXT, struct uc_rp_levels, k, 1)

static const struct field levels_fields[] = {
	LPHRASE(decided_vi), LPHRASE(decided_en),
	LPHRASE(component_vi), LPHRASE(component_en),
	LPHRASE(highest_vi), LPHRASE(highest_en),
	LPHRASE(none_vi), LPHRASE(none_en),
};

static const char *const scope_names[] = { "unit", "system", NULL };

static const struct field obligation_fields[] = {
	LABELS(struct uc_rp_obligation),
	ENUM("scope", F_ENUM, struct uc_rp_obligation, scope, scope_names),
	{ "levels", F_MASK, offsetof(struct uc_rp_obligation, level_mask),
	  0, level_names, 0, 0 },
	INT("every", struct uc_rp_obligation, every, 1, 3, 24),
	FLD("due", F_LIST, struct uc_rp_obligation, due, 0),
	FLD("anchor", F_DATE, struct uc_rp_obligation, anchor, 0),
	INT("remind_days", struct uc_rp_obligation, remind_days, 1, 0, 90),
	FLD("evidence", F_LIST, struct uc_rp_obligation, evidence, 1),
	FLD("source", F_TEXT, struct uc_rp_obligation, source, 1),
};

/* ---- opening sections -------------------------------------------- */

/* Index of `code` among n records of `size` whose first member is the
 * code, or -1. */
static long
find_code(const void *v, size_t n, size_t size, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *c = *(const char *const *)(const void *)
		    ((const char *)v + i * size);

		if (strcmp(c, code) == 0)
			return (long)i;
	}
	return -1;
}

static void
set_src(struct parser *ps, struct uc_rp_src *src)
{
	src->file = uc_arena_strdup(ps->b->a, ps->file);
	src->line = ps->line;
}

/* A new record with `code` in vec, or NULL (error set) if taken. Its
 * code is the first member, its struct uc_rp_src is at src_off. */
static void *
add_coded(struct parser *ps, struct vec *vec, size_t size, size_t src_off,
    const char *code)
{
	const char **rec;
	struct uc_rp_src *src;

	if (find_code(vec->v, vec->n, size, code) >= 0) {
		perr(ps, "%s is defined twice", ps->sect);
		return NULL;
	}
	rec = vec_push(ps->b->a, vec, size);
	*rec = uc_arena_strdup(ps->b->a, code);
	src = (struct uc_rp_src *)(void *)((char *)rec + src_off);
	set_src(ps, src);
	return rec;
}

/* The single sections: NULL (error set) on the second one. */
static void *
add_once(struct parser *ps, int *have, void *rec)
{
	if (*have) {
		perr(ps, "%s appears twice", ps->sect);
		return NULL;
	}
	*have = 1;
	return rec;
}

static void *
open_pack(struct parser *ps, const char *code)
{
	struct uc_rulepack *p = ps->b->pack;

	if (add_once(ps, &ps->b->have_pack, p) == NULL)
		return NULL;
	p->id = uc_arena_strdup(ps->b->a, code);
	set_src(ps, &p->src);
	return p;
}

static void *
open_serious(struct parser *ps, const char *code)
{
	struct uc_rp_serious *s = &ps->b->pack->serious;

	(void)code;
	set_src(ps, &s->src);
	return add_once(ps, &ps->b->have_serious, s);
}

static void *
open_ack(struct parser *ps, const char *code)
{
	(void)code;
	set_src(ps, &ps->b->pack->ack_src);
	return add_once(ps, &ps->b->have_ack, ps->b->pack);
}

static void *
open_days(struct parser *ps, const char *code)
{
	(void)code;
	set_src(ps, &ps->b->pack->days_src);
	return add_once(ps, &ps->b->have_days, &ps->b->pack->days);
}

static void *
open_clocks(struct parser *ps, const char *code)
{
	struct uc_rp_clocks *c = &ps->b->pack->clocks;

	(void)code;
	set_src(ps, &c->src);
	return add_once(ps, &ps->b->have_clocks, c);
}

static void *
open_levels(struct parser *ps, const char *code)
{
	struct uc_rp_levels *l = &ps->b->pack->levels;

	(void)code;
	set_src(ps, &l->src);
	return add_once(ps, &ps->b->have_levels, l);
}

static void *
open_holidays(struct parser *ps, const char *code)
{
	(void)code;
	return ps->b->pack;
}

#define CODED(type) sizeof(type), offsetof(type, src)
#define OPENER(fn, vec, type) \
	_Static_assert(offsetof(type, code) == 0, #type); \
	static void * \
	fn(struct parser *ps, const char *code) \
	{ \
		return add_coded(ps, &ps->b->vec, CODED(type), code); \
	}

OPENER(open_group, groups, struct uc_rp_group)
OPENER(open_type, types, struct uc_rp_type)
OPENER(open_harm, harms, struct uc_rp_harm)
OPENER(open_party, parties, struct uc_rp_party)
OPENER(open_report, reports, struct uc_rp_report)
OPENER(open_level_group, level_groups, struct uc_rp_level_group)
OPENER(open_criterion, criteria, struct uc_rp_criterion)
OPENER(open_dossier_part, parts, struct uc_rp_dossier_part)
OPENER(open_obligation, obligations, struct uc_rp_obligation)

static void *
open_procedure(struct parser *ps, const char *code)
{
	struct vec *v = &ps->b->procs;
	struct proc_build *pb;
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(((struct proc_build *)v->v)[i].proc.code,
		    code) == 0) {
			perr(ps, "%s is defined twice", ps->sect);
			return NULL;
		}
	pb = vec_push(ps->b->a, v, sizeof(*pb));
	pb->proc.code = uc_arena_strdup(ps->b->a, code);
	set_src(ps, &pb->proc.src);
	ps->proc = (long)(v->n - 1);
	return &pb->proc;
}

static void *
open_list(struct parser *ps, const char *code)
{
	struct vec *v = &ps->b->lists;
	struct list_build *lb;
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(((struct list_build *)v->v)[i].list.code,
		    code) == 0) {
			perr(ps, "%s is defined twice", ps->sect);
			return NULL;
		}
	lb = vec_push(ps->b->a, v, sizeof(*lb));
	lb->list.code = uc_arena_strdup(ps->b->a, code);
	set_src(ps, &lb->list.src);
	ps->list = (long)(v->n - 1);
	return &lb->list;
}

_Static_assert(offsetof(struct uc_rp_optlist, code) == 0, "find_code");
_Static_assert(offsetof(struct uc_rp_option, code) == 0, "find_code");

static void *
open_option(struct parser *ps, const char *code)
{
	struct list_build *lb;

	if (ps->list < 0) {
		perr(ps, "%s comes before any [list] of this file", ps->sect);
		return NULL;
	}
	lb = (struct list_build *)ps->b->lists.v + ps->list;
	return add_coded(ps, &lb->items, CODED(struct uc_rp_option), code);
}

static struct proc_build *
current_proc(struct parser *ps)
{
	if (ps->proc < 0) {
		perr(ps, "%s comes before any [procedure] of this file",
		    ps->sect);
		return NULL;
	}
	return (struct proc_build *)ps->b->procs.v + ps->proc;
}

static void *
open_stage(struct parser *ps, const char *code)
{
	struct proc_build *pb = current_proc(ps);

	return pb ? add_coded(ps, &pb->stages, CODED(struct uc_rp_stage),
	    code) : NULL;
}

static void *
open_step(struct parser *ps, const char *code)
{
	struct proc_build *pb = current_proc(ps);

	return pb ? add_coded(ps, &pb->steps, CODED(struct uc_rp_step),
	    code) : NULL;
}

static enum uc_status
holiday_entry(struct parser *ps, const char *key, const char *val)
{
	struct vec *v = &ps->b->holidays;
	struct uc_rp_holiday *h;
	int32_t date;

	if (parse_date(key, &date) != UC_OK || date == 0)
		return perr(ps, "'%s' is not a date yyyy-mm-dd", key);
	if (*val == '\0')
		return perr(ps, "holiday %s has no name", key);
	if (v->n > 0 && ((struct uc_rp_holiday *)v->v)[v->n - 1].date >=
	    date)
		return perr(ps, "holiday %s is out of date order", key);
	h = vec_push(ps->b->a, v, sizeof(*h));
	h->date = date;
	h->name = uc_arena_strdup(ps->b->a, val);
	set_src(ps, &h->src);
	return UC_OK;
}

#define KIND(n, c, o, f) { n, c, o, f, NF(f), NULL }

static const struct kind kinds[] = {
	KIND("pack", 1, open_pack, pack_fields),
	KIND("group", 1, open_group, group_fields),
	KIND("type", 1, open_type, type_fields),
	KIND("serious", 0, open_serious, serious_fields),
	KIND("harm", 1, open_harm, harm_fields),
	KIND("party", 1, open_party, party_fields),
	KIND("procedure", 1, open_procedure, procedure_fields),
	KIND("stage", 1, open_stage, stage_fields),
	KIND("step", 1, open_step, step_fields),
	KIND("report", 1, open_report, report_fields),
	KIND("acknowledge", 0, open_ack, ack_fields),
	KIND("days", 0, open_days, days_fields),
	KIND("clocks", 0, open_clocks, clocks_fields),
	KIND("list", 1, open_list, list_fields),
	KIND("option", 1, open_option, option_fields),
	KIND("levels", 0, open_levels, levels_fields),
	KIND("level_group", 1, open_level_group, level_group_fields),
	KIND("criterion", 1, open_criterion, criterion_fields),
	KIND("dossier_part", 1, open_dossier_part, dossier_part_fields),
	KIND("obligation", 1, open_obligation, obligation_fields),
	{ "holidays", 0, open_holidays, NULL, 0, holiday_entry },
};

/* ---- lines ------------------------------------------------------- */

/* End the open section: every required key set, absent text "". */
static enum uc_status
close_section(struct parser *ps)
{
	const struct kind *k = ps->kind;
	size_t i;

	if (k == NULL)
		return UC_OK;
	ps->kind = NULL;
	for (i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];
		const char **s;

		if (f->required && !(ps->seen & (1u << i)))
			return uc_error_set(ps->err, UC_EINVAL,
			    "%s:%d: %s lacks '%s'", ps->file, ps->sect_line,
			    ps->sect, f->key);
		if (f->type != F_TEXT && f->type != F_STR)
			continue;
		s = (const char **)(void *)((char *)ps->rec + f->off);
		if (*s == NULL)
			*s = "";
	}
	return UC_OK;
}

static enum uc_status
open_section(struct parser *ps, const char *s, size_t n)
{
	const char *name = s + 1, *code, *sp;
	size_t i, nlen, clen;

	if (n < 3 || s[n - 1] != ']')
		return perr(ps, "a section line is \"[kind]\" or "
		    "\"[kind CODE]\"");
	sp = memchr(name, ' ', n - 2);
	nlen = sp ? (size_t)(sp - name) : n - 2;
	code = sp ? sp + 1 : s + n - 1;
	clen = (size_t)(s + n - 1 - code);
	trim(&code, &clen);
	snprintf(ps->sect, sizeof(ps->sect), "[%.*s%s%.*s]", (int)nlen,
	    name, clen ? " " : "", (int)(clen > RP_CODE_MAX ? RP_CODE_MAX :
	    clen), code);
	for (i = 0; i < NF(kinds); i++)
		if (strlen(kinds[i].name) == nlen &&
		    memcmp(kinds[i].name, name, nlen) == 0)
			break;
	if (i == NF(kinds))
		return perr(ps, "unknown section %s", ps->sect);
	if (kinds[i].coded != (clen > 0) ||
	    (clen > 0 && !valid_code(code, clen, RP_CODE_MAX)))
		return perr(ps, kinds[i].coded ? "%s needs a code of 1-32 "
		    "characters, no blanks" : "%s takes no code", ps->sect);
	ps->kind = &kinds[i];
	ps->seen = 0;
	ps->sect_line = ps->line;
	uc_assert(ps->kind->nfields <= 32);
	ps->rec = ps->kind->open(ps, uc_arena_strndup(ps->b->a, code,
	    clen));
	return ps->rec ? UC_OK : UC_EINVAL;	/* the opener said why */
}

static enum uc_status
set_key(struct parser *ps, const char *key, const char *val)
{
	const struct kind *k = ps->kind;
	size_t i;

	if (k == NULL)
		return perr(ps, "'%s' comes before any [section]", key);
	if (k->entry != NULL)
		return k->entry(ps, key, val);
	for (i = 0; i < k->nfields; i++)
		if (strcmp(k->fields[i].key, key) == 0)
			break;
	if (i == k->nfields)
		return perr(ps, "unknown key '%s' in %s", key, ps->sect);
	if (ps->seen & (1u << i))
		return perr(ps, "'%s' is set twice in %s", key, ps->sect);
	ps->seen |= 1u << i;
	return set_field(ps, &k->fields[i], val);
}

/* Tabs are allowed; other control characters and bad UTF-8 are not. */
static int
clean_text(const char *s, size_t n)
{
	size_t i;

	if (uc_utf8_len(s, n) < 0)
		return 0;
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
		    s[i] == 0x7f)
			return 0;
	return 1;
}

static enum uc_status
parse_line(struct parser *ps, char *s, size_t n)
{
	const char *p = s, *val;
	size_t klen, vlen;
	char *eq;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (!clean_text(s, n))
		return perr(ps, "not UTF-8 text");
	trim(&p, &n);
	if (n == 0 || *p == '#')
		return UC_OK;
	if (*p == '[') {
		enum uc_status rc = close_section(ps);

		return rc != UC_OK ? rc : open_section(ps, p, n);
	}
	if ((eq = memchr(s, '=', (size_t)(p - s) + n)) == NULL)
		return perr(ps, "expected \"key = value\", \"[section]\" or "
		    "\"# comment\"");
	klen = (size_t)(eq - p);
	val = eq + 1;
	vlen = (size_t)(p + n - val);
	trim(&p, &klen);
	trim(&val, &vlen);
	if (klen == 0)
		return perr(ps, "a key is missing before '='");
	s[p - s + (ptrdiff_t)klen] = '\0';
	s[val - s + (ptrdiff_t)vlen] = '\0';
	return set_key(ps, s + (p - s), s + (val - s));
}

static enum uc_status
parse_file(struct parser *ps, const struct uc_rp_file *f)
{
	const char *p = f->text, *end = f->text + f->len;
	char buf[RP_LINE_MAX];
	enum uc_status rc;

	ps->file = f->name;
	ps->line = 0;
	ps->proc = -1;
	ps->list = -1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		ps->line++;
		if (n >= sizeof(buf))
			return perr(ps, "line longer than %d bytes",
			    RP_LINE_MAX - 1);
		memcpy(buf, p, n);
		buf[n] = '\0';
		if ((rc = parse_line(ps, buf, n)) != UC_OK)
			return rc;
		p += n + 1;
	}
	return close_section(ps);
}

/* ---- the finished pack ------------------------------------------- */

static void
publish_lists(struct build *b)
{
	struct uc_rp_optlist *lists;
	size_t i;

	lists = uc_arena_alloc(b->a, (b->lists.n + 1) * sizeof(*lists));
	for (i = 0; i < b->lists.n; i++) {
		const struct list_build *lb = (struct list_build *)b->lists.v
		    + i;

		lists[i] = lb->list;
		lists[i].items = lb->items.v;
		lists[i].nitems = lb->items.n;
	}
	b->pack->lists = lists;
	b->pack->nlists = b->lists.n;
}

static void
publish(struct build *b)
{
	struct uc_rulepack *p = b->pack;
	struct uc_rp_procedure *procs;
	const struct uc_rp_holiday *h = b->holidays.v;
	int32_t *dates;
	size_t i;

	p->groups = b->groups.v;
	p->ngroups = b->groups.n;
	p->types = b->types.v;
	p->ntypes = b->types.n;
	p->harms = b->harms.v;
	p->nharms = b->harms.n;
	p->parties = b->parties.v;
	p->nparties = b->parties.n;
	p->reports = b->reports.v;
	p->nreports = b->reports.n;
	p->level_groups = b->level_groups.v;
	p->nlevel_groups = b->level_groups.n;
	p->criteria = b->criteria.v;
	p->ncriteria = b->criteria.n;
	p->dossier_parts = b->parts.v;
	p->ndossier_parts = b->parts.n;
	p->obligations = b->obligations.v;
	p->nobligations = b->obligations.n;
	procs = uc_arena_alloc(b->a, (b->procs.n + 1) * sizeof(*procs));
	for (i = 0; i < b->procs.n; i++) {
		const struct proc_build *pb = (struct proc_build *)b->procs.v
		    + i;

		procs[i] = pb->proc;
		procs[i].stages = pb->stages.v;
		procs[i].nstages = pb->stages.n;
		procs[i].steps = pb->steps.v;
		procs[i].nsteps = pb->steps.n;
	}
	p->procedures = procs;
	p->nprocedures = b->procs.n;
	dates = uc_arena_alloc(b->a, (b->holidays.n + 1) * sizeof(*dates));
	for (i = 0; i < b->holidays.n; i++)
		dates[i] = h[i].date;
	p->holidays = h;
	p->nholidays = b->holidays.n;
	p->days.holidays = dates;
	p->days.nholidays = b->holidays.n;
	publish_lists(b);
}

static enum uc_status
check_parties(const struct uc_rulepack *p, const struct uc_rp_list *l,
    const struct uc_rp_src *src, const char *what, struct uc_error *err)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (uc_rulepack_party(p, l->v[i]) == NULL)
			return srcerr(err, src, "%s: unknown party '%s' "
			    "(parties.txt)", what, l->v[i]);
	return UC_OK;
}

static enum uc_status
check_step_refs(const struct uc_rulepack *p,
    const struct uc_rp_procedure *pr, const struct uc_rp_list *l,
    const struct uc_rp_src *src, const char *what, struct uc_error *err)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (uc_rulepack_step(p, pr->code, l->v[i]) == NULL)
			return srcerr(err, src, "%s: '%s' is not a step of "
			    "[procedure %s]", what, l->v[i], pr->code);
	return UC_OK;
}

static int
has_stage(const struct uc_rp_procedure *pr, const char *code)
{
	return find_code(pr->stages, pr->nstages, sizeof(*pr->stages),
	    code) >= 0;
}

static enum uc_status
check_step(const struct uc_rulepack *p, const struct uc_rp_procedure *pr,
    const struct uc_rp_step *st, struct uc_error *err)
{
	const struct uc_rp_src *src = &st->src;
	enum uc_status rc;

	if (*st->stage != '\0' && !has_stage(pr, st->stage))
		return srcerr(err, src, "no [stage %s] in this procedure",
		    st->stage);
	if (st->lead.n == 0)
		return srcerr(err, src, "[step %s] has no lead", st->code);
	if (uc_rulepack_step(p, NULL, st->code) != st)
		return srcerr(err, src, "[step %s] is also a step of another "
		    "procedure", st->code);
	if ((st->phase == UC_PHASE_CHECK) != (st->reopen.n > 0) ||
	    (st->reset.n > 0 && st->reopen.n == 0))
		return srcerr(err, src, "'reopen' (the steps a failed check "
		    "reopens) is needed by a step of phase check and "
		    "allowed on no other");
	if ((rc = check_parties(p, &st->lead, src, "lead", err)) != UC_OK ||
	    (rc = check_parties(p, &st->coordinate, src, "coordinate",
	    err)) != UC_OK ||
	    (rc = check_step_refs(p, pr, &st->reopen, src, "reopen",
	    err)) != UC_OK)
		return rc;
	return check_step_refs(p, pr, &st->reset, src, "reset", err);
}

static enum uc_status
check_procedures(const struct uc_rulepack *p, struct uc_error *err)
{
	static const char *const needed[] = { "normal", "serious" };
	enum uc_status rc;
	size_t i, j;

	for (i = 0; i < NF(needed); i++)
		if (uc_rulepack_procedure(p, needed[i]) == NULL)
			return uc_error_set(err, UC_EINVAL, "%s: no "
			    "[procedure %s]", p->id, needed[i]);
	for (i = 0, j = 0; i < p->nprocedures; i++)
		j += p->procedures[i].nsteps;
	if (j > UC_RP_MAX_STEPS)
		return uc_error_set(err, UC_EINVAL, "%s: more than %d steps",
		    p->id, UC_RP_MAX_STEPS);
	for (i = 0; i < p->nprocedures; i++) {
		const struct uc_rp_procedure *pr = &p->procedures[i];

		if (pr->nsteps == 0)
			return srcerr(err, &pr->src, "[procedure %s] has no "
			    "steps", pr->code);
		for (j = 0; j < pr->nsteps; j++)
			if ((rc = check_step(p, pr, &pr->steps[j], err)) !=
			    UC_OK)
				return rc;
	}
	return UC_OK;
}

/* A clock needs both an anchor and a due rule, and an amount exactly
 * when it counts hours or days. */
static int
valid_deadline(const struct uc_rp_deadline *d)
{
	if ((d->anchor == UC_ANCHOR_NONE) != (d->due == UC_DUE_NONE))
		return 0;
	if (d->due == UC_DUE_HOURS || d->due == UC_DUE_DAYS)
		return d->amount > 0;
	return d->amount == 0;
}

static enum uc_status
check_reports(const struct uc_rulepack *p, struct uc_error *err)
{
	size_t i, j, closure = 0;
	enum uc_status rc;

	for (i = 0; i < p->nreports; i++) {
		const struct uc_rp_report *r = &p->reports[i];

		for (j = 0; j < i; j++)
			if (p->reports[j].number == r->number)
				return srcerr(err, &r->src, "number %d is "
				    "taken by [report %s]", r->number,
				    p->reports[j].code);
		if (!valid_deadline(&r->deadline))
			return srcerr(err, &r->src, "anchor, due and amount "
			    "do not agree");
		if ((rc = check_parties(p, &r->recipients, &r->src,
		    "recipients", err)) != UC_OK)
			return rc;
		closure += r->closure != 0;
	}
	if (closure == 0)
		return uc_error_set(err, UC_EINVAL, "%s: no report has "
		    "'closure = yes'", p->id);
	if (!valid_deadline(&p->ack) || p->ack.due == UC_DUE_NONE)
		return srcerr(err, &p->ack_src, "[acknowledge] needs a "
		    "deadline");
	return check_parties(p, &p->ack_recipients, &p->ack_src,
	    "recipients", err);
}

/* The lists service/intake.c checks an incident against. */
static const char *const needed_lists[] = {
	"current_status", "detection_method", "notified", "service",
	"control", "attachment", "tlp", "priority", "impact"
};

static enum uc_status
check_lists(const struct uc_rulepack *p, struct uc_error *err)
{
	const struct uc_rp_optlist *l;
	size_t i;

	for (i = 0; i < NF(needed_lists); i++)
		if (uc_rulepack_options(p, needed_lists[i]) == NULL)
			return uc_error_set(err, UC_EINVAL, "%s: no [list %s] "
			    "(options.txt)", p->id, needed_lists[i]);
	for (i = 0; i < p->nlists; i++) {
		l = &p->lists[i];
		if (l->nitems == 0)
			return srcerr(err, &l->src, "[list %s] has no "
			    "[option]", l->code);
		if (*l->default_code != '\0' && uc_rulepack_option(p,
		    l->code, l->default_code) == NULL)
			return srcerr(err, &l->src, "default: '%s' is not an "
			    "option of [list %s]", l->default_code, l->code);
	}
	return UC_OK;
}

static enum uc_status
check_types(const struct uc_rulepack *p, struct uc_error *err)
{
	size_t i;

	for (i = 0; i < p->ntypes; i++)
		if (uc_rulepack_group(p, p->types[i].group) == NULL)
			return srcerr(err, &p->types[i].src, "unknown group "
			    "'%s'", p->types[i].group);
	return UC_OK;
}

/* levels.txt is optional; when present it has its phrases, a criterion
 * for each level 1-5 in a known group, and dossier parts. */
static enum uc_status
check_levels(const struct build *b, struct uc_error *err)
{
	const struct uc_rulepack *p = b->pack;
	unsigned seen = 0;
	size_t i;

	if (p->ncriteria == 0 && p->ndossier_parts == 0 &&
	    p->nlevel_groups == 0 && !b->have_levels)
		return UC_OK;
	if (!b->have_levels || p->ncriteria == 0 || p->ndossier_parts == 0)
		return uc_error_set(err, UC_EINVAL, "%s: levels.txt needs "
		    "[levels], criteria and dossier parts", p->id);
	for (i = 0; i < p->ncriteria; i++) {
		if (uc_rulepack_level_group(p, p->criteria[i].group) == NULL)
			return srcerr(err, &p->criteria[i].src, "unknown "
			    "level group '%s'", p->criteria[i].group);
		seen |= 1u << p->criteria[i].level;
	}
	for (i = 1; i <= 5; i++)
		if (!(seen & (1u << i)))
			return uc_error_set(err, UC_EINVAL, "%s: no criterion "
			    "of level %zu", p->id, i);
	for (i = 0; i < p->ndossier_parts; i++)
		if (p->dossier_parts[i].level_mask == 0)
			return srcerr(err, &p->dossier_parts[i].src, "'levels' "
			    "is empty");
	return UC_OK;
}

/* "mm-dd" to mmdd, or 0; 29 February is refused (not every year). */
static int
parse_mmdd(const char *s)
{
	const char *p = s;
	int64_t m, d;

	if (uc_parse_digits(&p, 2, 1, 12, &m) != UC_OK || *p++ != '-' ||
	    uc_parse_digits(&p, 2, 1, 31, &d) != UC_OK || *p != '\0' ||
	    d > days_in_month(2001, m))
		return 0;
	return (int)(m * 100 + d);
}

/* An obligation's period divides a year or is two years from an
 * anchor; its due dates, if any, are one per period of a year, in
 * order, each within its period. */
static enum uc_status
check_obligation(const struct uc_rp_obligation *o, struct uc_error *err)
{
	size_t i, per;
	int prev = 0, md;

	if (o->every != 24 && 12 % o->every != 0)
		return srcerr(err, &o->src, "'every' must be 3, 4, 6, 12 "
		    "or 24");
	if (o->every == 24 && (o->anchor == 0 || o->due.n != 0))
		return srcerr(err, &o->src, "'every = 24' needs 'anchor' "
		    "and no 'due'");
	if (o->scope == UC_OB_UNIT && o->level_mask != 0)
		return srcerr(err, &o->src, "'levels' is for system scope");
	per = o->every >= 12 ? 1 : (size_t)(12 / o->every);
	if (o->due.n != 0 && o->due.n != per)
		return srcerr(err, &o->src, "'due' needs %zu dates", per);
	for (i = 0; i < o->due.n; i++) {
		if ((md = parse_mmdd(o->due.v[i])) == 0 || md <= prev)
			return srcerr(err, &o->src, "'due': item %zu is not "
			    "a later mm-dd", i + 1);
		if (per > 1 && (md / 100 - 1) / o->every != (int)i)
			return srcerr(err, &o->src, "'due': item %zu is not "
			    "in period %zu", i + 1, i + 1);
		prev = md;
	}
	return UC_OK;
}

static enum uc_status
check_obligations(const struct uc_rulepack *p, struct uc_error *err)
{
	enum uc_status rc;
	size_t i;

	for (i = 0; i < p->nobligations; i++)
		if ((rc = check_obligation(&p->obligations[i], err)) != UC_OK)
			return rc;
	return UC_OK;
}

/* Every file of a pack sits in the folder named after the pack. */
static enum uc_status
check_files(const struct uc_rulepack *p, const struct uc_rp_file *files,
    size_t nfiles, struct uc_error *err)
{
	size_t i, n = strlen(p->id);

	for (i = 0; i < nfiles; i++) {
		const char *slash = strchr(files[i].name, '/');

		if (slash != NULL && ((size_t)(slash - files[i].name) != n ||
		    strncmp(files[i].name, p->id, n) != 0))
			return uc_error_set(err, UC_EINVAL, "%s: not in the "
			    "folder of [pack %s]", files[i].name, p->id);
	}
	return UC_OK;
}

static enum uc_status
check_pack(const struct build *b, struct uc_error *err)
{
	const struct uc_rulepack *p = b->pack;
	enum uc_status rc;

	if (!b->have_pack)
		return uc_error_set(err, UC_EINVAL, "no [pack] section");
	if (!b->have_serious || !b->have_ack || !b->have_days ||
	    !b->have_clocks || p->nholidays == 0)
		return uc_error_set(err, UC_EINVAL, "%s: needs [serious], "
		    "[acknowledge], [days], [clocks] and [holidays]", p->id);
	if (p->ngroups == 0 || p->ntypes == 0 || p->nharms == 0 ||
	    p->nparties == 0)
		return uc_error_set(err, UC_EINVAL, "%s: needs groups, types, "
		    "harms and parties", p->id);
	if (p->effective_from == 0 || (p->effective_to != 0 &&
	    p->effective_to < p->effective_from))
		return uc_error_set(err, UC_EINVAL, "%s: effective_from is "
		    "missing or after effective_to", p->id);
	if ((rc = check_types(p, err)) != UC_OK ||
	    (rc = check_procedures(p, err)) != UC_OK ||
	    (rc = check_lists(p, err)) != UC_OK ||
	    (rc = check_levels(b, err)) != UC_OK ||
	    (rc = check_obligations(p, err)) != UC_OK)
		return rc;
	return check_reports(p, err);
}

enum uc_status
uc_rulepack_parse(const struct uc_rp_file *files, size_t nfiles,
    struct uc_rulepack **out, struct uc_error *err)
{
	struct build b = { 0 };
	struct parser ps = { 0 };
	enum uc_status rc = UC_OK;
	size_t i;

	*out = NULL;
	b.a = uc_arena_new();
	b.pack = uc_arena_alloc(b.a, sizeof(*b.pack));
	b.pack->arena = b.a;
	ps.b = &b;
	ps.err = err;
	for (i = 0; i < nfiles && rc == UC_OK; i++)
		rc = parse_file(&ps, &files[i]);
	if (rc != UC_OK)
		goto fail;
	publish(&b);
	if ((rc = check_pack(&b, err)) != UC_OK ||
	    (rc = check_files(b.pack, files, nfiles, err)) != UC_OK)
		goto fail;
	*out = b.pack;
	return UC_OK;
fail:
	uc_arena_free(b.a);
	return rc;
}

void
uc_rulepack_free(struct uc_rulepack *p)
{
	if (p != NULL)
		uc_arena_free(p->arena);	/* p lives in it too */
}

/* ---- the shipped packs ------------------------------------------- */

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static struct uc_rulepack *packs[RP_MAX_PACKS];
static size_t npacks;
static struct uc_error load_err;

static size_t
folder_len(const char *name)
{
	const char *slash = strchr(name, '/');

	return slash ? (size_t)(slash - name) : 0;
}

/* Parse the embedded files from index *i that share its folder. */
static enum uc_status
load_one(size_t *i, struct uc_rulepack **out)
{
	struct uc_rp_file files[RP_MAX_FILES];
	const char *first = uc_rulepack_files_names[*i];
	size_t n = 0, flen = folder_len(first);

	while (*i < uc_rulepack_files_count &&
	    folder_len(uc_rulepack_files_names[*i]) == flen &&
	    strncmp(uc_rulepack_files_names[*i], first, flen) == 0) {
		if (n == RP_MAX_FILES)
			return uc_error_set(&load_err, UC_EINTERNAL, "%.*s: "
			    "more than %d files", (int)flen, first,
			    RP_MAX_FILES);
		files[n].name = uc_rulepack_files_names[*i];
		files[n].text = (const char *)uc_rulepack_files_data[*i];
		files[n++].len = uc_rulepack_files_lens[(*i)++];
	}
	return uc_rulepack_parse(files, n, out, &load_err);
}

static void
load_fail(void)
{
	size_t i;

	for (i = 0; i < npacks; i++)
		uc_rulepack_free(packs[i]);
	npacks = 0;
	load_err.code = UC_EINTERNAL;
	uc_log_error("rule packs: %s", load_err.message);
}

static void
load_all(void)
{
	size_t i = 0, j, ndefault = 0;

	while (i < uc_rulepack_files_count) {
		if (npacks == RP_MAX_PACKS) {
			uc_error_set(&load_err, UC_EINTERNAL, "more than %d "
			    "rule packs", RP_MAX_PACKS);
			load_fail();
			return;
		}
		if (load_one(&i, &packs[npacks]) != UC_OK) {
			load_fail();
			return;
		}
		npacks++;
	}
	for (j = 0; j < npacks; j++)
		ndefault += packs[j]->is_default != 0;
	if (ndefault != 1) {
		uc_error_set(&load_err, UC_EINTERNAL, "%zu rule packs say "
		    "'default = yes', not one", ndefault);
		load_fail();
	}
}

static void
load(void)
{
	int rc = pthread_once(&load_once, load_all);

	uc_assert(rc == 0);
}

size_t
uc_rulepack_count(void)
{
	load();
	return npacks;
}

const struct uc_rulepack *
uc_rulepack_at(size_t i)
{
	load();
	return i < npacks ? packs[i] : NULL;
}

const char *
uc_rulepack_default_id(void)
{
	size_t i;

	load();
	for (i = 0; i < npacks; i++)
		if (packs[i]->is_default)
			return packs[i]->id;
	return NULL;
}

enum uc_status
uc_rulepack_get(const char *id, const struct uc_rulepack **out,
    struct uc_error *err)
{
	size_t i;

	*out = NULL;
	load();
	if (load_err.code != UC_OK)
		return uc_error_set(err, UC_EINTERNAL, "%s",
		    load_err.message);
	if (id == NULL)
		id = uc_rulepack_default_id();
	for (i = 0; i < npacks; i++)
		if (strcmp(packs[i]->id, id) == 0) {
			*out = packs[i];
			return UC_OK;
		}
	return uc_error_set(err, UC_ENOTFOUND, "no rule pack '%s'", id);
}

/* ---- lookups ----------------------------------------------------- */

#define LOOKUP(fn, rtype, arr, n) \
	const struct rtype * \
	fn(const struct uc_rulepack *p, const char *code) \
	{ \
		long i = find_code(p->arr, p->n, sizeof(*p->arr), code); \
		\
		return i < 0 ? NULL : &p->arr[i]; \
	}

LOOKUP(uc_rulepack_group, uc_rp_group, groups, ngroups)
LOOKUP(uc_rulepack_type, uc_rp_type, types, ntypes)
LOOKUP(uc_rulepack_harm, uc_rp_harm, harms, nharms)
LOOKUP(uc_rulepack_party, uc_rp_party, parties, nparties)
LOOKUP(uc_rulepack_procedure, uc_rp_procedure, procedures, nprocedures)
LOOKUP(uc_rulepack_report, uc_rp_report, reports, nreports)
LOOKUP(uc_rulepack_options, uc_rp_optlist, lists, nlists)
LOOKUP(uc_rulepack_criterion, uc_rp_criterion, criteria, ncriteria)
LOOKUP(uc_rulepack_level_group, uc_rp_level_group, level_groups,
    nlevel_groups)
LOOKUP(uc_rulepack_dossier_part, uc_rp_dossier_part, dossier_parts,
    ndossier_parts)
LOOKUP(uc_rulepack_obligation, uc_rp_obligation, obligations,
    nobligations)

const struct uc_rp_option *
uc_rulepack_option(const struct uc_rulepack *p, const char *list,
    const char *code)
{
	const struct uc_rp_optlist *l = uc_rulepack_options(p, list);
	long i;

	if (l == NULL)
		return NULL;
	i = find_code(l->items, l->nitems, sizeof(*l->items), code);
	return i < 0 ? NULL : &l->items[i];
}

const struct uc_rp_step *
uc_rulepack_step(const struct uc_rulepack *p, const char *procedure,
    const char *code)
{
	size_t i;
	long j;

	for (i = 0; i < p->nprocedures; i++) {
		const struct uc_rp_procedure *pr = &p->procedures[i];

		if (procedure != NULL && strcmp(pr->code, procedure) != 0)
			continue;
		j = find_code(pr->steps, pr->nsteps, sizeof(*pr->steps),
		    code);
		if (j >= 0)
			return &pr->steps[j];
	}
	return NULL;
}

static const char *
enum_name(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : "?";
}

const char *
uc_rulepack_phase_name(enum uc_phase ph)
{
	return enum_name(phase_names, UC_PHASE_COUNT, ph);
}

const char *
uc_rulepack_anchor_name(enum uc_anchor a)
{
	return enum_name(anchor_names, UC_ANCHOR_COUNT, a);
}

const char *
uc_rulepack_due_name(enum uc_due d)
{
	return enum_name(due_names, UC_DUE_COUNT, d);
}
