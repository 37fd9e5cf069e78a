/*
 * serious.c - see serious.h. The explanation is assembled twice, once
 * per language, from the pack's phrases; text that does not fit the
 * result's buffers is cut at a character boundary.
 */
#include "domain/serious.h"

#include <stdio.h>
#include <string.h>

struct text {
	char *s;
	size_t cap;
	size_t len;
};

/* The phrases of one language. */
struct words {
	const char *system, *critical, *unknown, *no_system;
	const char *not_qualifying, *no_harm, *owner_cannot, *owner_can;
	int en;
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

/* The qualifying levels as "4, 5". */
static void
levels_text(unsigned mask, char *buf, size_t size)
{
	struct text t = { buf, size, 0 };
	char num[8];
	int l;

	buf[0] = '\0';
	for (l = 1; l <= UC_SERIOUS_MAX_LEVEL; l++) {
		if (!(mask & (1u << l)))
			continue;
		snprintf(num, sizeof(num), "%s%d", t.len ? ", " : "", l);
		puts_text(&t, num);
	}
}

/* A phrase with {level} and {levels} replaced. */
static void
put_phrase(struct text *t, const char *phrase, int level,
    const char *levels)
{
	const char *p = phrase, *brace;
	char num[8];

	while ((brace = strchr(p, '{')) != NULL) {
		put(t, p, (size_t)(brace - p));
		if (strncmp(brace, "{level}", 7) == 0) {
			snprintf(num, sizeof(num), "%d", level);
			puts_text(t, num);
			p = brace + 7;
		} else if (strncmp(brace, "{levels}", 8) == 0) {
			puts_text(t, levels);
			p = brace + 8;
		} else {
			put(t, brace, 1);
			p = brace + 1;
		}
	}
	puts_text(t, p);
}

static struct words
words_of(const struct uc_rp_serious *s, int en)
{
	struct words w = {
		en ? s->system_en : s->system_vi,
		en ? s->critical_en : s->critical_vi,
		en ? s->unknown_en : s->unknown_vi,
		en ? s->no_system_en : s->no_system_vi,
		en ? s->not_qualifying_en : s->not_qualifying_vi,
		en ? s->no_harm_en : s->no_harm_vi,
		en ? s->owner_cannot_en : s->owner_cannot_vi,
		en ? s->owner_can_en : s->owner_can_vi,
		en
	};

	return w;
}

static int
level_qualifies(const struct uc_rp_serious *s, int level)
{
	return level > 0 && (s->level_mask & (1u << level)) != 0;
}

static int
qualifies(const struct uc_rp_serious *s, const struct uc_serious_system *y)
{
	return level_qualifies(s, y->level) ||
	    (s->national_critical && y->national_critical);
}

/*
 * The system the explanation names: the highest qualifying one; when
 * none qualifies, one of unknown level, else the highest level. -1
 * when there is no system.
 */
static long
pick_system(const struct uc_rp_serious *s, const struct uc_serious_input *in)
{
	long best = -1;
	int best_rank = -1;
	size_t i;

	for (i = 0; i < in->nsystems; i++) {
		const struct uc_serious_system *y = &in->systems[i];
		int rank = qualifies(s, y) ? 100 + y->level :
		    y->level == 0 ? 50 : y->level;

		if (rank > best_rank) {
			best = (long)i;
			best_rank = rank;
		}
	}
	return best;
}

static void
put_system(struct text *t, const struct uc_rp_serious *s,
    const struct words *w, const struct uc_serious_system *y)
{
	if (!level_qualifies(s, y->level) && s->national_critical &&
	    y->national_critical)
		puts_text(t, w->critical);
	else if (y->level == 0)
		puts_text(t, w->unknown);
	else
		put_phrase(t, w->system, y->level, "");
}

static void
put_harms(struct text *t, const struct uc_rulepack *p,
    const struct uc_serious_input *in, int en)
{
	size_t i, j, n = 0;

	for (i = 0; i < p->nharms; i++) {
		const struct uc_rp_harm *h = &p->harms[i];

		for (j = 0; j < in->nharms; j++)
			if (strcmp(in->harms[j], h->code) == 0)
				break;
		if (j == in->nharms)
			continue;
		puts_text(t, n++ ? ", " : " ");
		puts_text(t, en ? h->reason_en : h->reason_vi);
	}
}

/* Why not: every unmet criterion, joined by "; ". */
static void
put_why_not(struct text *t, const struct uc_rulepack *p,
    const struct uc_serious_input *in, const struct uc_serious_result *r,
    const struct words *w)
{
	const struct uc_rp_serious *s = &p->serious;
	char levels[64];
	long pick = pick_system(s, in);

	levels_text(s->level_mask, levels, sizeof(levels));
	if (!r->system_met && pick < 0)
		puts_text(t, w->no_system);
	if (!r->system_met && pick >= 0) {
		put_system(t, s, w, &in->systems[pick]);
		puts_text(t, ": ");
		put_phrase(t, w->not_qualifying, 0, levels);
	}
	if (!r->harm_met) {
		puts_text(t, t->len ? "; " : "");
		puts_text(t, w->no_harm);
	}
	if (!r->owner_met) {
		puts_text(t, t->len ? "; " : "");
		puts_text(t, w->owner_can);
	}
}

static void
explain(const struct uc_rulepack *p, const struct uc_serious_input *in,
    const struct uc_serious_result *r, char *buf, int en)
{
	struct text t = { buf, UC_SERIOUS_TEXT, 0 };
	struct words w = words_of(&p->serious, en);

	buf[0] = '\0';
	if (!r->serious) {
		put_why_not(&t, p, in, r, &w);
		return;
	}
	put_system(&t, &p->serious, &w,
	    &in->systems[pick_system(&p->serious, in)]);
	put_harms(&t, p, in, en);
	puts_text(&t, "; ");
	puts_text(&t, w.owner_cannot);
}

static enum uc_status
check_input(const struct uc_rulepack *p, const struct uc_serious_input *in,
    struct uc_error *err)
{
	enum uc_status rc = UC_OK;
	char field[40];
	size_t i;

	for (i = 0; i < in->nsystems; i++) {
		int level = in->systems[i].level;

		if (level >= 0 && level <= UC_SERIOUS_MAX_LEVEL)
			continue;
		snprintf(field, sizeof(field), "systems[%zu].level", i);
		rc = uc_error_field(err, field, "range", "a security level "
		    "is 0 (not known) or 1 to %d", UC_SERIOUS_MAX_LEVEL);
	}
	for (i = 0; i < in->nharms; i++)
		if (in->harms[i] == NULL ||
		    uc_rulepack_harm(p, in->harms[i]) == NULL)
			rc = uc_error_field(err, "harms", "not_found",
			    "'%s' is not a harm of QĐ 05/2017 Điều 9",
			    in->harms[i] ? in->harms[i] : "(null)");
	return rc;
}

enum uc_status
uc_serious_eval(const struct uc_rulepack *pack,
    const struct uc_serious_input *in, struct uc_serious_result *out,
    struct uc_error *err)
{
	const struct uc_rp_serious *s = &pack->serious;
	enum uc_status rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	if ((rc = check_input(pack, in, err)) != UC_OK)
		return rc;
	for (i = 0; i < in->nsystems; i++)
		out->system_met |= qualifies(s, &in->systems[i]);
	out->harm_met = in->nharms > 0;
	out->owner_met = in->owner_cannot_handle != 0;
	out->serious = out->system_met && out->harm_met && out->owner_met;
	explain(pack, in, out, out->vi, 0);
	explain(pack, in, out, out->en, 1);
	return UC_OK;
}
