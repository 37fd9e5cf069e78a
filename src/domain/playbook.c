/*
 * playbook.c - see playbook.h.
 *
 * A line reader in the rule packs' format (docs/internals/rulepack.md:
 * "[kind CODE]", "key = value", "# comment"), kept small rather than
 * sharing rulepack.c's table machinery, which is private to the packs:
 * a playbook has five kinds of section, and sections of items take one
 * key, "item", as often as there are items. Everything lives in one
 * arena; arrays are allocated at their caps (UC_PB_MAX_*) up front.
 */
#include "domain/playbook.h"
#include "core/arena.h"
#include "core/parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

extern const char *const uc_playbook_files_names[];
extern const unsigned char *const uc_playbook_files_data[];
extern const size_t uc_playbook_files_lens[];
extern const size_t uc_playbook_files_count;

#define PB_LINE_MAX 4096	/* bytes of one line */
#define PB_CODE_MAX 32		/* bytes of a code */
#define PB_LABEL_MAX 200	/* code points of vi, en */
#define PB_SUMMARY_MAX 2000

static const char *const section_names[UC_PB_NSECTIONS] = {
	"recognise", "criteria", "first_steps", "evidence", "resources"
};

enum kind { K_NONE, K_PLAYBOOK, K_ITEMS, K_CHECKLIST, K_TASK };

struct items_build {
	const char **v;		/* UC_PB_MAX_ITEMS slots */
	size_t n;
};

struct parser {
	struct uc_arena *a;
	struct uc_playbook *pb;
	const struct uc_rulepack *pack;
	const char *name;
	int line;
	struct uc_error *err;
	enum kind kind;		/* of the open section */
	char sect[PB_CODE_MAX + 24];	/* "[task]", for messages */
	int sect_line;
	unsigned seen;		/* keys set in the open section */
	struct items_build *items;	/* K_ITEMS, K_CHECKLIST */
	struct uc_pb_task *task;	/* K_TASK */
	int have_playbook;
	int have_section[UC_PB_NSECTIONS];
	struct items_build sections[UC_PB_NSECTIONS];
	struct items_build lists[UC_PB_MAX_CHECKLISTS];
	struct uc_pb_checklist *checklists;
	struct uc_pb_task *tasks;
};

const char *
uc_playbook_section_name(enum uc_pb_section s)
{
	return (unsigned)s < UC_PB_NSECTIONS ? section_names[s] : "?";
}

static enum uc_status UC_PRINTF(3, 4)
perr(struct parser *ps, int line, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return uc_error_set(ps->err, UC_EINVAL, "%s:%d: %s", ps->name, line,
	    msg);
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

/* 1-PB_CODE_MAX bytes, no blank and none of the format's punctuation. */
static int
valid_code(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > PB_CODE_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr(" \t[],=#", s[i]) != NULL)
			return 0;
	return 1;
}

static int
phase_of(const char *s)
{
	int i;

	for (i = 0; i < UC_PHASE_COUNT; i++)
		if (strcmp(uc_rulepack_phase_name((enum uc_phase)i), s) == 0)
			return i;
	return -1;
}

/* A step of the pack's normal procedure, or NULL. */
static const struct uc_rp_step *
normal_step(const struct parser *ps, const char *code)
{
	return uc_rulepack_step(ps->pack, "normal", code);
}

/* ---- values ------------------------------------------------------ */

static enum uc_status
set_text(struct parser *ps, const char *key, const char *val, long max,
    const char **dst)
{
	long n = uc_utf8_len(val, strlen(val));

	if (n == 0)
		return perr(ps, ps->line, "'%s' is empty", key);
	if (n > max)
		return perr(ps, ps->line, "'%s' is longer than %ld characters",
		    key, max);
	*dst = uc_arena_strdup(ps->a, val);
	return UC_OK;
}

/* A list of party codes of the pack: "operator, team". */
static enum uc_status
set_parties(struct parser *ps, const char *key, const char *val,
    struct uc_rp_list *out)
{
	const char **v;
	const char *p = val;
	size_t n = 1, i;

	for (i = 0; val[i] != '\0'; i++)
		n += val[i] == ',';
	v = uc_arena_alloc(ps->a, n * sizeof(*v));
	for (i = 0; i < n; i++) {
		const char *item = p, *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		p += len + 1;
		trim(&item, &len);
		if (!valid_code(item, len))
			return perr(ps, ps->line, "'%s': item %zu is not a "
			    "party code", key, i + 1);
		v[i] = uc_arena_strndup(ps->a, item, len);
		if (uc_rulepack_party(ps->pack, v[i]) == NULL)
			return perr(ps, ps->line, "'%s': unknown party '%s' "
			    "(the rule pack's parties.txt)", key, v[i]);
	}
	out->v = v;
	out->n = n;
	return UC_OK;
}

/* ---- keys -------------------------------------------------------- */

/* Bit of key among keys, or -1; refuses a second setting. */
static int
key_bit(struct parser *ps, const char *const *keys, const char *key)
{
	int i;

	for (i = 0; keys[i] != NULL; i++)
		if (strcmp(keys[i], key) == 0)
			break;
	if (keys[i] == NULL) {
		perr(ps, ps->line, "unknown key '%s' in %s", key, ps->sect);
		return -1;
	}
	if (ps->seen & (1u << i)) {
		perr(ps, ps->line, "'%s' is set twice in %s", key, ps->sect);
		return -1;
	}
	ps->seen |= 1u << i;
	return i;
}

static const char *const playbook_keys[] = { "vi", "en", "summary",
	"lead", "coordinate", NULL };
static const char *const task_keys[] = { "step", "phase", "title",
	"lead", "coordinate", NULL };

static enum uc_status
playbook_key(struct parser *ps, const char *key, const char *val)
{
	struct uc_playbook *pb = ps->pb;

	switch (key_bit(ps, playbook_keys, key)) {
	case 0:
		return set_text(ps, key, val, PB_LABEL_MAX, &pb->vi);
	case 1:
		return set_text(ps, key, val, PB_LABEL_MAX, &pb->en);
	case 2:
		return set_text(ps, key, val, PB_SUMMARY_MAX, &pb->summary);
	case 3:
		return set_parties(ps, key, val, &pb->lead);
	case 4:
		return set_parties(ps, key, val, &pb->coordinate);
	default:
		return UC_EINVAL;	/* key_bit said why */
	}
}

static enum uc_status
task_step(struct parser *ps, const char *val)
{
	if (normal_step(ps, val) == NULL)
		return perr(ps, ps->line, "'step': '%s' is not a step of the "
		    "normal procedure (I.1 ... IV.1)", val);
	ps->task->step = uc_arena_strdup(ps->a, val);
	return UC_OK;
}

static enum uc_status
task_phase(struct parser *ps, const char *val)
{
	int ph = phase_of(val);

	if (ph < 0)
		return perr(ps, ps->line, "'phase': unknown value '%s' "
		    "(receive, verify, respond, contain, eradicate, recover, "
		    "check, violation, review)", val);
	ps->task->phase = (enum uc_phase)ph;
	return UC_OK;
}

static enum uc_status
task_key(struct parser *ps, const char *key, const char *val)
{
	struct uc_pb_task *t = ps->task;

	switch (key_bit(ps, task_keys, key)) {
	case 0:
		return task_step(ps, val);
	case 1:
		return task_phase(ps, val);
	case 2:
		return set_text(ps, key, val, UC_PB_TITLE_MAX, &t->title);
	case 3:
		return set_parties(ps, key, val, &t->lead);
	case 4:
		return set_parties(ps, key, val, &t->coordinate);
	default:
		return UC_EINVAL;
	}
}

static enum uc_status
item_key(struct parser *ps, const char *key, const char *val)
{
	const char *s = NULL;
	enum uc_status rc;

	if (strcmp(key, "item") != 0)
		return perr(ps, ps->line, "unknown key '%s' in %s (each line "
		    "of it is \"item = ...\")", key, ps->sect);
	if (ps->items->n == UC_PB_MAX_ITEMS)
		return perr(ps, ps->line, "%s has more than %d items",
		    ps->sect, UC_PB_MAX_ITEMS);
	if ((rc = set_text(ps, key, val, UC_PB_ITEM_MAX, &s)) != UC_OK)
		return rc;
	ps->items->v[ps->items->n++] = s;
	return UC_OK;
}

static enum uc_status
set_key(struct parser *ps, const char *key, const char *val)
{
	switch (ps->kind) {
	case K_PLAYBOOK:
		return playbook_key(ps, key, val);
	case K_TASK:
		return task_key(ps, key, val);
	case K_ITEMS:
	case K_CHECKLIST:
		return item_key(ps, key, val);
	default:
		return perr(ps, ps->line, "'%s' comes before any [section]",
		    key);
	}
}

/* ---- sections ---------------------------------------------------- */

/* End the open section: the keys a playbook or a task needs are set. */
static enum uc_status
close_section(struct parser *ps)
{
	static const char *const need_pb[] = { "vi", "en", "summary",
		"lead", "coordinate" };
	static const char *const need_task[] = { "step", "phase", "title",
		"lead" };
	const char *const *need = ps->kind == K_PLAYBOOK ? need_pb :
	    need_task;
	size_t n = ps->kind == K_PLAYBOOK ? 5 : 4, i;

	if (ps->kind != K_PLAYBOOK && ps->kind != K_TASK)
		return UC_OK;
	for (i = 0; i < n; i++)
		if (!(ps->seen & (1u << i)))
			return perr(ps, ps->sect_line, "%s lacks '%s'",
			    ps->sect, need[i]);
	return UC_OK;
}

static enum uc_status
open_playbook(struct parser *ps, const char *code, const char *want)
{
	if (ps->have_playbook++)
		return perr(ps, ps->line, "a second [playbook] section");
	if (uc_rulepack_type(ps->pack, code) == NULL)
		return perr(ps, ps->line, "[playbook %s]: not an incident type "
		    "of the rule pack's taxonomy (TC01 ... TH)", code);
	if (want != NULL && strcmp(want, code) != 0)
		return perr(ps, ps->line, "[playbook %s]: this playbook is for "
		    "scenario %s", code, want);
	ps->pb->scenario = uc_arena_strdup(ps->a, code);
	ps->kind = K_PLAYBOOK;
	return UC_OK;
}

static enum uc_status
open_checklist(struct parser *ps, const char *code)
{
	const struct uc_rp_step *st = normal_step(ps, code);
	struct uc_pb_checklist *c;
	size_t i;

	if (st == NULL)
		return perr(ps, ps->line, "[checklist %s]: not a step of the "
		    "normal procedure (I.1 ... IV.1)", code);
	for (i = 0; i < ps->pb->nchecklists; i++)
		if (strcmp(ps->checklists[i].step, code) == 0)
			return perr(ps, ps->line, "a second [checklist %s]",
			    code);
	if (i == UC_PB_MAX_CHECKLISTS)
		return perr(ps, ps->line, "more than %d checklists",
		    UC_PB_MAX_CHECKLISTS);
	c = &ps->checklists[ps->pb->nchecklists++];
	c->step = st->code;
	c->phase = st->phase;
	c->line = ps->line;
	ps->items = &ps->lists[i];
	ps->items->v = uc_arena_alloc(ps->a, UC_PB_MAX_ITEMS *
	    sizeof(*ps->items->v));
	ps->kind = K_CHECKLIST;
	return UC_OK;
}

static enum uc_status
open_task(struct parser *ps)
{
	if (ps->pb->ntasks == UC_PB_MAX_TASKS)
		return perr(ps, ps->line, "more than %d tasks",
		    UC_PB_MAX_TASKS);
	ps->task = &ps->tasks[ps->pb->ntasks++];
	ps->task->line = ps->line;
	ps->kind = K_TASK;
	return UC_OK;
}

static enum uc_status
open_items(struct parser *ps, int s)
{
	if (ps->have_section[s]++)
		return perr(ps, ps->line, "a second [%s] section",
		    section_names[s]);
	ps->items = &ps->sections[s];
	ps->kind = K_ITEMS;
	return UC_OK;
}

/* "[kind]" or "[kind CODE]" at s (n bytes, trimmed). */
static enum uc_status
open_section(struct parser *ps, const char *s, size_t n, const char *want)
{
	const char *name = s + 1, *code, *sp;
	size_t nlen, clen;
	char kind[24], c[PB_CODE_MAX + 1];
	int i;

	if (n < 3 || s[n - 1] != ']')
		return perr(ps, ps->line, "a section line is \"[kind]\" or "
		    "\"[kind CODE]\"");
	sp = memchr(name, ' ', n - 2);
	nlen = sp ? (size_t)(sp - name) : n - 2;
	code = sp ? sp + 1 : s + n - 1;
	clen = (size_t)(s + n - 1 - code);
	trim(&code, &clen);
	if (nlen >= sizeof(kind) || (clen > 0 && !valid_code(code, clen)))
		return perr(ps, ps->line, "not a section: %.*s", (int)(n > 40 ?
		    40 : n), s);
	snprintf(kind, sizeof(kind), "%.*s", (int)nlen, name);
	snprintf(c, sizeof(c), "%.*s", (int)clen, code);
	snprintf(ps->sect, sizeof(ps->sect), "[%s%s%s]", kind, clen ? " " :
	    "", c);
	ps->sect_line = ps->line;
	ps->seen = 0;
	if (strcmp(kind, "playbook") == 0 || strcmp(kind, "checklist") == 0) {
		if (clen == 0)
			return perr(ps, ps->line, "%s needs a code", ps->sect);
		return kind[0] == 'p' ? open_playbook(ps, c, want) :
		    open_checklist(ps, c);
	}
	if (clen > 0)
		return perr(ps, ps->line, "%s takes no code", ps->sect);
	if (strcmp(kind, "task") == 0)
		return open_task(ps);
	for (i = 0; i < UC_PB_NSECTIONS; i++)
		if (strcmp(kind, section_names[i]) == 0)
			return open_items(ps, i);
	return perr(ps, ps->line, "unknown section %s (playbook, recognise, "
	    "criteria, first_steps, evidence, resources, checklist, task)",
	    ps->sect);
}

/* ---- lines ------------------------------------------------------- */

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
parse_line(struct parser *ps, char *s, size_t n, const char *want)
{
	const char *p = s, *val;
	size_t klen, vlen;
	char *eq;
	enum uc_status rc;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (!clean_text(s, n))
		return perr(ps, ps->line, "not UTF-8 text, or a control "
		    "character");
	trim(&p, &n);
	if (n == 0 || *p == '#')
		return UC_OK;
	if (*p == '[') {
		if ((rc = close_section(ps)) != UC_OK)
			return rc;
		ps->kind = K_NONE;
		return open_section(ps, p, n, want);
	}
	if ((eq = memchr(p, '=', n)) == NULL)
		return perr(ps, ps->line, "expected \"key = value\", "
		    "\"[section]\" or \"# comment\"");
	klen = (size_t)(eq - p);
	val = eq + 1;
	vlen = (size_t)(p + n - val);
	trim(&p, &klen);
	trim(&val, &vlen);
	if (klen == 0)
		return perr(ps, ps->line, "a key is missing before '='");
	s[p - s + (ptrdiff_t)klen] = '\0';
	s[val - s + (ptrdiff_t)vlen] = '\0';
	return set_key(ps, p, val);
}

static enum uc_status
parse_text(struct parser *ps, const char *text, size_t len, const char *want)
{
	const char *p = text, *end = text + len;
	char buf[PB_LINE_MAX];
	enum uc_status rc;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		ps->line++;
		if (n >= sizeof(buf))
			return perr(ps, ps->line, "line longer than %d bytes",
			    PB_LINE_MAX - 1);
		memcpy(buf, p, n);
		buf[n] = '\0';
		if ((rc = parse_line(ps, buf, n, want)) != UC_OK)
			return rc;
		p += n + 1;
	}
	return close_section(ps);
}

/* ---- the whole playbook ------------------------------------------ */

/* Rank of a step in the normal procedure, for the checklists' order. */
static size_t
step_rank(const struct uc_rulepack *pack, const char *code)
{
	const struct uc_rp_procedure *pr = uc_rulepack_procedure(pack,
	    "normal");
	size_t i;

	for (i = 0; pr != NULL && i < pr->nsteps; i++)
		if (strcmp(pr->steps[i].code, code) == 0)
			return i;
	return (size_t)-1;
}

static void
publish(struct parser *ps)
{
	struct uc_playbook *pb = ps->pb;
	struct uc_pb_checklist *c = ps->checklists, t;
	size_t i, j;

	for (i = 0; i < UC_PB_NSECTIONS; i++) {
		pb->sections[i].v = ps->sections[i].v;
		pb->sections[i].n = ps->sections[i].n;
	}
	for (i = 0; i < pb->nchecklists; i++) {
		c[i].items.v = ps->lists[i].v;
		c[i].items.n = ps->lists[i].n;
	}
	/* insertion sort: at most UC_PB_MAX_CHECKLISTS */
	for (i = 1; i < pb->nchecklists; i++)
		for (j = i; j > 0 && step_rank(ps->pack, c[j].step) <
		    step_rank(ps->pack, c[j - 1].step); j--) {
			t = c[j];
			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	pb->checklists = c;
	pb->tasks = ps->tasks;
}

static int
has_phase(const struct uc_playbook *pb, enum uc_phase ph)
{
	size_t i;

	for (i = 0; i < pb->nchecklists; i++)
		if (pb->checklists[i].phase == ph)
			return 1;
	return 0;
}

/* Every section present and filled, the three checklists, a task. */
static enum uc_status
check_complete(struct parser *ps)
{
	static const enum uc_phase phases[] = { UC_PHASE_CONTAIN,
		UC_PHASE_ERADICATE, UC_PHASE_RECOVER };
	const struct uc_playbook *pb = ps->pb;
	size_t i;

	if (!ps->have_playbook)
		return perr(ps, 1, "no [playbook CODE] section");
	for (i = 0; i < UC_PB_NSECTIONS; i++)
		if (pb->sections[i].n == 0)
			return perr(ps, ps->line, "no [%s] section with an "
			    "item", section_names[i]);
	for (i = 0; i < pb->nchecklists; i++)
		if (pb->checklists[i].items.n == 0)
			return perr(ps, pb->checklists[i].line, "[checklist "
			    "%s] has no item", pb->checklists[i].step);
	for (i = 0; i < sizeof(phases) / sizeof(*phases); i++)
		if (!has_phase(pb, phases[i]))
			return perr(ps, ps->line, "no checklist for a step of "
			    "phase %s", uc_rulepack_phase_name(phases[i]));
	if (pb->ntasks == 0)
		return perr(ps, ps->line, "no [task] section");
	return UC_OK;
}

static void
parser_init(struct parser *ps, const char *name,
    const struct uc_rulepack *pack, struct uc_error *err)
{
	size_t i;

	memset(ps, 0, sizeof(*ps));
	ps->a = uc_arena_new();
	ps->pb = uc_arena_alloc(ps->a, sizeof(*ps->pb));
	ps->pb->arena = ps->a;
	ps->pack = pack;
	ps->name = name;
	ps->err = err;
	for (i = 0; i < UC_PB_NSECTIONS; i++)
		ps->sections[i].v = uc_arena_alloc(ps->a, UC_PB_MAX_ITEMS *
		    sizeof(*ps->sections[i].v));
	ps->checklists = uc_arena_alloc(ps->a, UC_PB_MAX_CHECKLISTS *
	    sizeof(*ps->checklists));
	ps->tasks = uc_arena_alloc(ps->a, UC_PB_MAX_TASKS *
	    sizeof(*ps->tasks));
}

enum uc_status
uc_playbook_parse(const char *name, const char *text, size_t len,
    const struct uc_rulepack *pack, const char *scenario,
    struct uc_playbook **out, struct uc_error *err)
{
	struct parser ps;
	enum uc_status rc;

	*out = NULL;
	if (len > UC_PB_TEXT_MAX)
		return uc_error_set(err, UC_EINVAL, "%s: longer than %d bytes",
		    name, UC_PB_TEXT_MAX);
	parser_init(&ps, name, pack, err);
	rc = parse_text(&ps, text, len, scenario);
	if (rc == UC_OK) {
		publish(&ps);
		rc = check_complete(&ps);
	}
	if (rc != UC_OK) {
		uc_arena_free(ps.a);
		return rc;
	}
	*out = ps.pb;
	return UC_OK;
}

void
uc_playbook_free(struct uc_playbook *pb)
{
	if (pb != NULL)
		uc_arena_free(pb->arena);
}

/* ---- the shipped defaults ---------------------------------------- */

size_t
uc_playbook_default_count(void)
{
	return uc_playbook_files_count;
}

int
uc_playbook_default_at(size_t i, struct uc_rp_file *out)
{
	if (i >= uc_playbook_files_count)
		return 0;
	out->name = uc_playbook_files_names[i];
	out->text = (const char *)uc_playbook_files_data[i];
	out->len = uc_playbook_files_lens[i];
	return 1;
}

int
uc_playbook_default(const char *code, struct uc_rp_file *out)
{
	char want[PB_CODE_MAX + 24];
	size_t i;

	snprintf(want, sizeof(want), "playbooks/%s.txt", code);
	for (i = 0; i < uc_playbook_files_count; i++)
		if (strcmp(uc_playbook_files_names[i], want) == 0)
			return uc_playbook_default_at(i, out);
	return 0;
}
