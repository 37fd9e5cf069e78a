/*
 * stats.c - see stats.h and docs/internals/statistics.md.
 *
 * One pass: the incidents of the scope and period are read once, in id
 * order, then their types, contain-step ends, report sends,
 * coordination orders and earliest observable sightings by the same
 * filter, each matched to its incident by binary search; everything is
 * tallied in C. Months are Vietnam-time civil months and the clocks are
 * the rule pack's (domain/calendar.c, domain/clock.c), so the same code
 * counts the same way on both engines and agrees with every incident's
 * own clocks.
 */
#include "service/stats.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/clock.h"
#include "domain/rulepack.h"
#include "render/csv.h"
#include "render/docx.h"
#include "render/pdf.h"
#include "render/summary.h"
#include "render/xlsx.h"
#include "service/access.h"
#include "service/clock.h"
#include "service/incident.h"
#include "store/store.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 64		/* type rows: the pack's types + strays */
#define MAX_DL (2 * UC_CLOCK_MAX)	/* deadline rows */
#define HOUR_MS 3600000.0

enum measure { T_DETECT, T_REPORT, T_CONTAIN, T_RECOVER, T_CLOSE, NTIMES };

static const char *const measure_code[NTIMES] = {
	"detect", "report", "contain", "recover", "close"
};
static const char *const measure_vi[NTIMES] = {
	"Phát hiện (từ lần thấy dấu hiệu đầu tiên đến khi phát hiện)",
	"Báo cáo (từ khi phát hiện đến khi báo cáo vào hệ thống)",
	"Ngăn chặn (từ khi phát hiện đến khi xong bước ngăn chặn)",
	"Khôi phục (từ khi phát hiện đến khi kết thúc ứng cứu)",
	"Đóng sự cố (từ khi phát hiện đến khi đóng)"
};

static const char *const tables_known[] = {
	"by_type", "by_unit", "by_severity", "by_month", "times",
	"deadlines", NULL
};

struct period {
	int32_t from, to;	/* yyyymmdd; to: the day after the last */
	int32_t last;		/* the last day */
	int64_t from_ms, to_ms;
	char from_iso[UC_TIME_ISO_LEN + 1];
	char to_iso[UC_TIME_ISO_LEN + 1];
	size_t nmonths;
};

struct scope {
	int64_t id;
	const char *code, *name, *path, *symbol, *supervising;
	const char *prefix, *title, *signer, *address, *place_address;
};

struct inc {
	int64_t id, unit_id;
	int64_t det, rep, beyond, ended, closed, serious_at, ack;
	int notice;		/* received from a third party */
	int64_t contain;	/* latest end of a done contain step */
	int64_t first_seen;	/* earliest observable sighting */
	int64_t damage;		/* đồng; DMG_NONE, DMG_TEXT */
	uint64_t types;		/* bits: rows of the type table */
	const struct uc_rulepack *pack;
	size_t send0, nsend;
	unsigned serious : 1, helped : 1, vncert : 1;
};

#define DMG_NONE (-1)	/* no estimate recorded */
#define DMG_TEXT (-2)	/* an estimate in words, not an amount */

struct trow {
	const char *code, *group, *vi, *en;
	int64_t count, helped, vncert, damage, dmg_text;
};

struct urow {
	int64_t id;
	const char *code, *name;
	int64_t count, serious, closed;
};

struct mrow {
	int32_t first, last;	/* days of the month inside the period */
	int64_t count, serious, closed;
};

struct drow {
	const char *code, *vi;
	int64_t n[UC_CLOCK_STATE_COUNT];
};

struct series {
	int64_t *v;
	size_t n, cap;
};

struct helper {
	int64_t incidents;
	int64_t last;		/* the last incident counted */
};

struct stats {
	struct uc_ctx *ctx;
	const struct scope *sc;
	const struct period *p;
	const struct uc_rulepack *pack;	/* the instance's */
	const char *nc_name;	/* the unit bound to national_coordinator */
	struct inc *v;
	size_t n, cap;
	struct uc_clock_send *s;
	size_t ns, scap;
	struct trow rows[MAX_ROWS];
	size_t nrows;
	struct trow total, untyped;
	int64_t multi;
	struct urow *units;
	size_t nunits;
	struct mrow months[UC_STATS_MAX_MONTHS];
	int64_t sev[2];		/* normal, serious */
	struct series times[NTIMES];
	struct drow dl[MAX_DL];
	size_t ndl;
	GHashTable *helpers;	/* name -> struct helper */
};

static const char *
sv(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "";
}

/* To two decimals; x >= 0 (durations), so no libm is needed. */
static double
round2(double x)
{
	return (double)(int64_t)(x * 100.0 + 0.5) / 100.0;
}

/* ---- the period ---- */


static int
month_no(int32_t date)
{
	return (date / 10000) * 12 + (date / 100 % 100) - 1;
}

static enum uc_status
period_parse(const struct uc_stats_query *q, struct period *p,
    struct uc_error *err)
{
	int bad = 0;

	memset(p, 0, sizeof(*p));
	if ((p->from = uc_calendar_parse_day(q->from)) == 0)
		bad = uc_error_field(err, "from", q->from ? "format" :
		    "required", "from is the first day: yyyy-mm-dd or "
		    "dd/mm/yyyy");
	if ((p->to = uc_calendar_parse_day(q->to)) == 0)
		bad = uc_error_field(err, "to", q->to ? "format" :
		    "required", "to is the day after the last: yyyy-mm-dd "
		    "or dd/mm/yyyy");
	if (bad)
		return UC_EVALID;
	if (p->to <= p->from)
		return uc_error_field(err, "to", "order", "to must be after "
		    "from (the period is [from, to))");
	p->last = uc_calendar_add(p->to, -1);
	if (month_no(p->last) - month_no(p->from) >= UC_STATS_MAX_MONTHS)
		return uc_error_field(err, "to", "range", "a period spans at "
		    "most %d months", UC_STATS_MAX_MONTHS);
	p->nmonths = (size_t)(month_no(p->last) - month_no(p->from) + 1);
	p->from_ms = uc_calendar_at(p->from, 0, 0, 0);
	p->to_ms = uc_calendar_at(p->to, 0, 0, 0);
	uc_time_format(p->from_ms, p->from_iso, sizeof(p->from_iso));
	uc_time_format(p->to_ms, p->to_iso, sizeof(p->to_iso));
	return UC_OK;
}

static const char *
iso_day(struct uc_arena *a, int32_t d)
{
	return uc_arena_printf(a, "%04d-%02d-%02d", d / 10000, d / 100 % 100,
	    d % 100);
}

static const char *
local_day(struct uc_arena *a, int32_t d)
{
	return uc_arena_printf(a, "%02d/%02d/%04d", d % 100, d / 100 % 100,
	    d / 10000);
}

/* ---- the unit ---- */

/* The unit over which the actor reads incidents: one grant's unit, or
 * the one that holds all the others. */
static enum uc_status
default_path(struct uc_ctx *ctx, const char **path, struct uc_error *err)
{
	const char **paths;
	size_t n = uc_access_scopes(ctx, UC_PERM_INCIDENT_READ, &paths);
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++)
			if (!uc_perm_in_scope(paths[i], paths[j]))
				break;
		if (j == n) {
			*path = paths[i];
			return UC_OK;
		}
	}
	if (n == 0)
		return uc_error_set(err, UC_EPERM, "your roles do not allow "
		    "incident.read");
	return uc_error_field(err, "unit_id", "required", "you read "
	    "incidents of several units: name one with unit_id");
}

static enum uc_status
default_unit(struct uc_ctx *ctx, int64_t *id, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	const char *path = NULL;
	enum uc_status rc;
	int row = 0;

	rc = default_path(ctx, &path, err);
	if (rc == UC_OK && strcmp(path, "/") == 0)
		rc = uc_store_query(ctx->st, &s, err, "SELECT id FROM units"
		    " WHERE parent_id IS NULL ORDER BY id LIMIT 1", "");
	else if (rc == UC_OK)
		rc = uc_store_query(ctx->st, &s, err, "SELECT id FROM units"
		    " WHERE path = ?", "s", path);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*id = uc_stmt_i64(s, 0);
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such unit");
	return rc;
}

static const char *
col_text(struct uc_ctx *ctx, struct uc_stmt *s, int col)
{
	const char *t = uc_stmt_text(s, col);

	return uc_arena_strdup(ctx->arena, t ? t : "");
}

/* The unit's settings; place_address: the nearest address up the tree
 * (the place of the date line, as service/report.c). */
static enum uc_status
unit_row(struct uc_ctx *ctx, int64_t id, struct scope *sc,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT u.id, u.code, u.name,"
	    " u.path, u.symbol, u.supervising_name, u.signer_prefix,"
	    " u.signer_title, u.signer_name, u.address, COALESCE((SELECT"
	    " a.address FROM units a WHERE u.path LIKE a.path || '%' AND"
	    " a.address <> '' ORDER BY a.depth DESC LIMIT 1), '') FROM units"
	    " u WHERE u.id = ?", "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		sc->id = uc_stmt_i64(s, 0);
		sc->code = col_text(ctx, s, 1);
		sc->name = col_text(ctx, s, 2);
		sc->path = col_text(ctx, s, 3);
		sc->symbol = col_text(ctx, s, 4);
		sc->supervising = col_text(ctx, s, 5);
		sc->prefix = col_text(ctx, s, 6);
		sc->title = col_text(ctx, s, 7);
		sc->signer = col_text(ctx, s, 8);
		sc->address = col_text(ctx, s, 9);
		sc->place_address = col_text(ctx, s, 10);
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such unit");
	return rc;
}

/* The unit of q (404 outside the actor's scope) and the period. */
static enum uc_status
resolve(struct uc_ctx *ctx, const struct uc_stats_query *q,
    struct scope *sc, struct period *p, struct uc_error *err)
{
	int64_t id = q->unit_id;
	enum uc_status rc;

	memset(sc, 0, sizeof(*sc));
	rc = period_parse(q, p, err);
	if (rc == UC_OK && id == 0)
		rc = default_unit(ctx, &id, err);
	if (rc == UC_OK)
		rc = uc_access_unit(ctx, UC_PERM_INCIDENT_READ, id, err);
	if (rc == UC_OK)
		rc = unit_row(ctx, id, sc, err);
	return rc;
}

/* ---- reading the register ---- */

static int64_t
ms_of(struct uc_stmt *s, int c)
{
	int64_t v = 0;

	if (uc_stmt_null(s, c) || uc_time_parse(uc_stmt_text(s, c), &v) !=
	    UC_OK)
		return 0;
	return v;
}

/* The incidents counted: "... FROM incidents i JOIN units un" in the
 * scope and the period, no drills, and what the actor may read. */
static void
scoped(struct stats *S, struct uc_sql *q, const char *select)
{
	uc_sql_init(q, S->ctx->arena, select);
	uc_sql_add(q, " WHERE un.path LIKE ? AND i.exercise = 0 AND"
	    " i.detected_at >= ? AND i.detected_at < ?", "sss",
	    uc_arena_printf(S->ctx->arena, "%s%%", S->sc->path),
	    S->p->from_iso, S->p->to_iso);
	uc_access_incident_filter(S->ctx, q);
}

/*
 * The rows of a part table (alias x, column x.incident_id) for the
 * incidents counted. When they are dense in their id range (a province
 * over its whole history), the part's own incident_id index over that
 * range: every row is matched with find() and a row of an incident not
 * counted is dropped there, so nothing of it is used; the filter is not
 * evaluated again against the wide incident rows, five times over
 * (0.1 s each at 100,000 incidents). Otherwise the same filter as the
 * incidents, through a join.
 */
static void
parts(struct stats *S, struct uc_sql *q, const char *select,
    const char *table)
{
	int64_t lo = S->v[0].id, hi = S->v[S->n - 1].id;

	if ((int64_t)S->n * 4 >= hi - lo + 1) {
		uc_sql_init(q, S->ctx->arena, select);
		uc_sql_add(q, uc_arena_printf(S->ctx->arena, " FROM %s x WHERE"
		    " x.incident_id BETWEEN ? AND ?", table), "ii", lo, hi);
		return;
	}
	scoped(S, q, uc_arena_printf(S->ctx->arena, "%s FROM %s x JOIN"
	    " incidents i ON i.id = x.incident_id JOIN units un ON un.id ="
	    " i.unit_id", select, table));
}

static struct inc *
find(struct stats *S, int64_t id)
{
	size_t lo = 0, hi = S->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (S->v[mid].id == id)
			return &S->v[mid];
		if (S->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * An estimate written as an amount in đồng: digits, in groups of three
 * after the first when separated by '.', ',' or ' ', then optionally
 * "đ", "đồng", "VNĐ" or "VND". Anything else (words, "khoảng 50 triệu
 * đồng") is DMG_TEXT: the register does not guess at prose.
 */
static int64_t
damage_amount(const char *s)
{
	static const char *const units[] = { "đồng", "đ", "VNĐ", "vnđ",
		"VND", "vnd", "", NULL };
	int64_t v = 0;
	size_t i, group = 0, groups = 0;
	char sep = 0;

	while (*s == ' ')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (v > INT64_MAX / 10 - 10)
				return DMG_TEXT;
			v = v * 10 + (*s - '0');
			group++;
		} else if ((*s == '.' || *s == ',' || *s == ' ') &&
		    s[1] >= '0' && s[1] <= '9' && (sep == 0 || sep == *s) &&
		    group >= 1 && (groups == 0 ? group <= 3 : group == 3)) {
			sep = *s;
			groups++;
			group = 0;
		} else {
			break;
		}
	}
	if (group == 0 || (groups > 0 && group != 3))
		return DMG_TEXT;
	while (*s == ' ')
		s++;
	for (i = 0; units[i] != NULL; i++) {
		size_t n = strlen(units[i]);

		if (strncmp(s, units[i], n) == 0 && s[n + strspn(s + n,
		    " ")] == '\0')
			return v;
	}
	return DMG_TEXT;
}

static int64_t
damage_of(const char *closing)
{
	json_t *j;
	const char *d;
	int64_t v;

	if (closing == NULL || *closing == '\0')
		return DMG_NONE;
	j = json_loads(closing, 0, NULL);
	d = json_string_value(json_object_get(j, "damage_estimate"));
	v = d == NULL || d[strspn(d, " \t\r\n")] == '\0' ? DMG_NONE :
	    damage_amount(d);
	json_decref(j);
	return v;
}

static void
grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return;
	*cap = *cap ? 2 * *cap : 1024;
	*v = uc_xrealloc(*v, *cap * size);
}

#define INC_COLS "SELECT i.id, i.unit_id, i.severity, i.detected_at," \
	" i.reported_at, i.beyond_capacity_at, i.response_ended_at," \
	" i.closed_at, i.serious_at, i.source, i.acknowledged_at," \
	" i.rulepack, i.closing, i.procedure FROM incidents i JOIN units un" \
	" ON un.id = i.unit_id"

static enum uc_status
one_incident(struct stats *S, struct uc_stmt *s, struct uc_error *err)
{
	const char *pid = uc_stmt_text(s, 11);
	struct inc *x;
	enum uc_status rc = UC_OK;

	grow((void **)&S->v, &S->cap, S->n, sizeof(*S->v));
	x = &S->v[S->n++];
	memset(x, 0, sizeof(*x));
	x->id = uc_stmt_i64(s, 0);
	x->unit_id = uc_stmt_i64(s, 1);
	x->serious = strcmp(uc_stmt_text(s, 2), "serious") == 0;
	x->det = ms_of(s, 3);
	x->rep = ms_of(s, 4);
	x->beyond = ms_of(s, 5);
	x->ended = ms_of(s, 6);
	x->closed = ms_of(s, 7);
	x->serious_at = ms_of(s, 8);
	x->notice = strcmp(uc_stmt_text(s, 9), "notice") == 0;
	x->ack = ms_of(s, 10);
	x->damage = damage_of(uc_stmt_text(s, 12));
	/* beyond the unit's capacity, or run under the national serious
	 * procedure: not handled by the unit alone */
	x->helped = x->beyond != 0 || strcmp(uc_stmt_text(s, 13),
	    "serious") == 0;
	if (S->n > 1 && strcmp(S->v[S->n - 2].pack->id, pid) == 0)
		x->pack = S->v[S->n - 2].pack;
	else
		rc = uc_rulepack_get(pid, &x->pack, err);
	return rc;
}

static enum uc_status
load_incidents(struct stats *S, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	enum uc_status rc;
	int row = 0;

	scoped(S, &q, INC_COLS);
	uc_sql_add(&q, " ORDER BY i.id", "");
	rc = uc_store_query_sql(S->ctx->st, &s, err, &q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		rc = one_incident(S, s, err);
	uc_stmt_done(s);
	return rc;
}

/* The row of type code, added after the pack's when it is a stray
 * (an incident of another pack with a code this one lacks). */
static size_t
type_row(struct stats *S, const char *code)
{
	struct trow *r;
	size_t i;

	for (i = 0; i < S->nrows; i++)
		if (strcmp(S->rows[i].code, code) == 0)
			return i;
	uc_assert(S->nrows < MAX_ROWS);
	r = &S->rows[S->nrows];
	memset(r, 0, sizeof(*r));
	r->code = uc_arena_strdup(S->ctx->arena, code);
	r->group = r->vi = r->en = r->code;
	return S->nrows++;
}

static enum uc_status
load_types(struct stats *S, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	struct inc *x;
	enum uc_status rc;
	int row = 0;

	parts(S, &q, "SELECT x.incident_id, x.code", "incident_types");
	rc = uc_store_query_sql(S->ctx->st, &s, err, &q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		if ((x = find(S, uc_stmt_i64(s, 0))) != NULL)
			x->types |= UINT64_C(1) << type_row(S,
			    uc_stmt_text(s, 1));
	uc_stmt_done(s);
	return rc;
}

/* The contain-phase steps of every shipped pack (II.1, S5g), so that
 * the database sends one row per incident, not all its steps. */
static void
contain_codes(struct stats *S, struct uc_sql *q)
{
	const struct uc_rulepack *p;
	const struct uc_rp_procedure *pr;
	size_t i, k, n = 0;

	uc_sql_add(q, " AND x.code IN (", "");
	for (i = 0; i < uc_rulepack_count(); i++) {
		p = uc_rulepack_at(i);
		for (pr = p->procedures; pr < p->procedures +
		    p->nprocedures; pr++)
			for (k = 0; k < pr->nsteps; k++)
				if (pr->steps[k].phase == UC_PHASE_CONTAIN)
					uc_sql_add(q, n++ ? ", ?" : "?", "s",
					    pr->steps[k].code);
	}
	uc_sql_add(q, n ? ")" : "NULL)", "");
	(void)S;
}

static enum uc_status
load_contain(struct stats *S, struct uc_error *err)
{
	const struct uc_rp_step *d;
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	struct inc *x;
	enum uc_status rc;
	int64_t at;
	int row = 0;

	parts(S, &q, "SELECT x.incident_id, x.code, x.ended_at",
	    "incident_steps");
	uc_sql_add(&q, " AND x.state = 'done' AND x.ended_at IS NOT NULL",
	    "");
	contain_codes(S, &q);
	rc = uc_store_query_sql(S->ctx->st, &s, err, &q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if ((x = find(S, uc_stmt_i64(s, 0))) == NULL)
			continue;
		d = uc_rulepack_step(x->pack, NULL, uc_stmt_text(s, 1));
		at = ms_of(s, 2);
		if (d != NULL && d->phase == UC_PHASE_CONTAIN && at >
		    x->contain)
			x->contain = at;
	}
	uc_stmt_done(s);
	return rc;
}

/* Count name once for incident x among the helpers (§2 of Mẫu 05). */
static void
helper(struct stats *S, const char *name, const struct inc *x)
{
	struct helper *h;

	if (name == NULL || name[strspn(name, " ")] == '\0')
		return;
	h = g_hash_table_lookup(S->helpers, name);
	if (h == NULL) {
		h = uc_arena_alloc(S->ctx->arena, sizeof(*h));
		h->incidents = 0;
		h->last = 0;
		g_hash_table_insert(S->helpers, uc_arena_strdup(S->ctx->arena,
		    name), h);
	}
	if (h->last != x->id) {
		h->incidents++;
		h->last = x->id;
	}
}

/* A recipient that names the national coordinator: its label in the
 * incident's pack, the unit bound to it, or "VNCERT". */
static int
is_national(struct stats *S, const struct inc *x, const char *name)
{
	const struct uc_rp_party *pt = uc_rulepack_party(x->pack,
	    "national_coordinator");

	return (pt != NULL && strcmp(name, pt->vi) == 0) ||
	    (S->nc_name != NULL && strcmp(name, S->nc_name) == 0) ||
	    strcasestr(name, "VNCERT") != NULL;
}

/* A support request (Báo cáo đề nghị hỗ trợ, phối hợp) was sent. */
static void
support_request(struct stats *S, struct inc *x, const char *rcpt)
{
	json_t *j = json_loads(rcpt ? rcpt : "[]", 0, NULL), *v;
	size_t i;

	x->helped = 1;
	json_array_foreach(j, i, v) {
		if (!json_is_string(v))
			continue;
		helper(S, json_string_value(v), x);
		if (is_national(S, x, json_string_value(v)))
			x->vncert = 1;
	}
	json_decref(j);
}

/* The report code as the pack spells it (no copy per send). */
static const char *
report_code(struct stats *S, const struct inc *x, const char *code)
{
	const struct uc_rp_report *r = uc_rulepack_report(x->pack, code);

	return r ? r->code : uc_arena_strdup(S->ctx->arena, code);
}

static enum uc_status
load_sends(struct stats *S, struct uc_error *err)
{
	struct uc_clock_send *c;
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	struct inc *x;
	enum uc_status rc;
	int row = 0;

	parts(S, &q, "SELECT x.incident_id, x.report_type, x.sent_at,"
	    " x.acked_at, x.recipients", "report_sends");
	uc_sql_add(&q, " ORDER BY x.incident_id, x.sent_at, x.id", "");
	rc = uc_store_query_sql(S->ctx->st, &s, err, &q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if ((x = find(S, uc_stmt_i64(s, 0))) == NULL)
			continue;
		grow((void **)&S->s, &S->scap, S->ns, sizeof(*S->s));
		if (x->nsend++ == 0)
			x->send0 = S->ns;
		c = &S->s[S->ns++];
		c->report = report_code(S, x, uc_stmt_text(s, 1));
		c->sent_at = ms_of(s, 2);
		c->acked_at = ms_of(s, 3);
		if (strcmp(c->report, "support_request") == 0)
			support_request(S, x, uc_stmt_text(s, 4));
	}
	uc_stmt_done(s);
	return rc;
}

/* Coordination orders (lệnh điều phối) received: the response was
 * coordinated from outside; their issuers helped. */
static enum uc_status
load_orders(struct stats *S, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	struct inc *x;
	enum uc_status rc;
	int row = 0;

	parts(S, &q, "SELECT x.incident_id, x.issuer", "directions");
	uc_sql_add(&q, " AND x.kind = 'coordination_order' ORDER BY"
	    " x.incident_id", "");
	rc = uc_store_query_sql(S->ctx->st, &s, err, &q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		if ((x = find(S, uc_stmt_i64(s, 0))) == NULL)
			continue;
		x->helped = 1;
		helper(S, uc_stmt_text(s, 1), x);
	}
	uc_stmt_done(s);
	return rc;
}

static enum uc_status
load_sightings(struct stats *S, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_sql q;
	struct inc *x;
	enum uc_status rc;
	int row = 0;

	parts(S, &q, "SELECT x.incident_id, MIN(x.first_seen)",
	    "observables");
	uc_sql_add(&q, " AND x.first_seen IS NOT NULL GROUP BY"
	    " x.incident_id", "");
	rc = uc_store_query_sql(S->ctx->st, &s, err, &q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row)
		if ((x = find(S, uc_stmt_i64(s, 0))) != NULL)
			x->first_seen = ms_of(s, 1);
	uc_stmt_done(s);
	return rc;
}

static enum uc_status
load_units(struct stats *S, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct urow *u;
	size_t cap = 0;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(S->ctx->st, &s, err, "SELECT id, code, name"
	    " FROM units WHERE path LIKE ? ORDER BY id", "s",
	    uc_arena_printf(S->ctx->arena, "%s%%", S->sc->path));
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row) {
		grow((void **)&S->units, &cap, S->nunits, sizeof(*S->units));
		u = &S->units[S->nunits++];
		memset(u, 0, sizeof(*u));
		u->id = uc_stmt_i64(s, 0);
		u->code = col_text(S->ctx, s, 1);
		u->name = col_text(S->ctx, s, 2);
	}
	uc_stmt_done(s);
	return rc;
}

/* The unit bound to the national coordinator, if any. */
static enum uc_status
load_binding(struct stats *S, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(S->ctx->st, &s, err, "SELECT u.name FROM"
	    " party_bindings b JOIN units u ON u.id = b.unit_id WHERE"
	    " b.party = 'national_coordinator'", "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		S->nc_name = col_text(S->ctx, s, 0);
	uc_stmt_done(s);
	return rc;
}

/* The parts of the incidents counted (S->n > 0). */
static enum uc_status
load_parts(struct stats *S, struct uc_error *err)
{
	enum uc_status rc = load_types(S, err);

	if (rc == UC_OK)
		rc = load_contain(S, err);
	if (rc == UC_OK)
		rc = load_sends(S, err);
	if (rc == UC_OK)
		rc = load_orders(S, err);
	if (rc == UC_OK)
		rc = load_sightings(S, err);
	return rc;
}

/* ---- tallying ---- */

static void
push(struct series *t, int64_t v)
{
	grow((void **)&t->v, &t->cap, t->n, sizeof(*t->v));
	t->v[t->n++] = v;
}

static struct urow *
unit_of(struct stats *S, int64_t id)
{
	size_t lo = 0, hi = S->nunits, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (S->units[mid].id == id)
			return &S->units[mid];
		if (S->units[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct drow *
dl_row(struct stats *S, const struct uc_clock *c)
{
	size_t i;

	for (i = 0; i < S->ndl; i++)
		if (strcmp(S->dl[i].code, c->report) == 0)
			return &S->dl[i];
	uc_assert(S->ndl < MAX_DL);
	memset(&S->dl[S->ndl], 0, sizeof(S->dl[0]));
	S->dl[S->ndl].code = c->report;
	S->dl[S->ndl].vi = c->vi;
	return &S->dl[S->ndl++];
}

/* The instance pack's clocks first, in its order, even when none ran. */
static enum uc_status
dl_seed(struct stats *S, struct uc_error *err)
{
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_clock_facts f;
	size_t n = 0, i;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.detected_at = 1;
	rc = uc_clock_eval(S->pack, &f, 1, c, UC_CLOCK_MAX, &n, err);
	for (i = 0; rc == UC_OK && i < n; i++)
		(void)dl_row(S, &c[i]);
	return rc;
}

static enum uc_status
tally_clocks(struct stats *S, const struct inc *x, struct uc_error *err)
{
	struct uc_clock c[UC_CLOCK_MAX];
	struct uc_clock_facts f;
	size_t n = 0, i;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.detected_at = x->det;
	f.reported_at = x->rep;
	f.beyond_capacity_at = x->beyond;
	f.response_ended_at = x->ended;
	f.serious_at = x->serious_at;
	f.received_at = x->notice ? x->rep : 0;
	f.acknowledged_at = x->ack;
	f.sends = x->nsend ? &S->s[x->send0] : NULL;
	f.nsends = x->nsend;
	f.closed = x->closed != 0;
	rc = uc_clock_eval(x->pack, &f, S->ctx->now, c, UC_CLOCK_MAX, &n,
	    err);
	for (i = 0; rc == UC_OK && i < n; i++)
		dl_row(S, &c[i])->n[c[i].state]++;
	return rc;
}

static void
tally_row(struct trow *r, const struct inc *x)
{
	r->count++;
	r->helped += x->helped;
	r->vncert += x->vncert;
	if (x->damage >= 0)
		r->damage += x->damage;
	r->dmg_text += x->damage == DMG_TEXT;
}

static void
tally_types(struct stats *S, const struct inc *x)
{
	size_t i, k = 0;

	for (i = 0; i < S->nrows; i++)
		if (x->types & (UINT64_C(1) << i)) {
			tally_row(&S->rows[i], x);
			k++;
		}
	tally_row(&S->total, x);
	if (k == 0)
		tally_row(&S->untyped, x);
	S->multi += k > 1;
}

static void
tally_times(struct stats *S, const struct inc *x)
{
	if (x->first_seen && x->first_seen <= x->det)
		push(&S->times[T_DETECT], x->det - x->first_seen);
	if (x->rep >= x->det)
		push(&S->times[T_REPORT], x->rep - x->det);
	if (x->contain >= x->det && x->contain)
		push(&S->times[T_CONTAIN], x->contain - x->det);
	if (x->ended >= x->det && x->ended)
		push(&S->times[T_RECOVER], x->ended - x->det);
	if (x->closed >= x->det && x->closed)
		push(&S->times[T_CLOSE], x->closed - x->det);
}

static void
tally_one(struct stats *S, const struct inc *x)
{
	struct urow *u = unit_of(S, x->unit_id);
	int32_t day = uc_calendar_date_of(x->det);
	int m = month_no(day) - month_no(S->p->from);
	struct mrow *mr;

	tally_types(S, x);
	tally_times(S, x);
	S->sev[x->serious]++;
	if (u != NULL) {
		u->count++;
		u->serious += x->serious;
		u->closed += x->closed != 0;
	}
	if (m >= 0 && (size_t)m < S->p->nmonths) {
		mr = &S->months[m];
		mr->count++;
		mr->serious += x->serious;
		mr->closed += x->closed != 0;
	}
}

static void
months_init(struct stats *S)
{
	int32_t d = S->p->from, first;
	size_t i;

	for (i = 0; i < S->p->nmonths; i++) {
		first = i == 0 ? d : (d / 100) * 100 + 1;
		S->months[i].first = first;
		/* the last day of the month, or of the period */
		d = (d / 100 % 100 == 12) ? (d / 10000 + 1) * 10000 + 101 :
		    (d / 100 + 1) * 100 + 1;
		S->months[i].last = d > S->p->last ? S->p->last :
		    uc_calendar_add(d, -1);
	}
}

static void
rows_init(struct stats *S)
{
	const struct uc_rp_type *t;
	size_t i;

	for (i = 0; i < S->pack->ntypes && i < MAX_ROWS; i++) {
		t = &S->pack->types[i];
		S->rows[i].code = t->code;
		S->rows[i].group = t->group;
		S->rows[i].vi = t->vi;
		S->rows[i].en = t->en;
	}
	S->nrows = i;
}

static void
stats_cleanup(struct stats *S)
{
	size_t i;

	uc_free(S->v);
	uc_free(S->s);
	uc_free(S->units);
	for (i = 0; i < NTIMES; i++)
		uc_free(S->times[i].v);
	if (S->helpers != NULL)
		g_hash_table_destroy(S->helpers);
}

static enum uc_status
stats_run(struct stats *S, struct uc_error *err)
{
	enum uc_status rc;
	size_t i;

	rc = uc_incident_pack(S->ctx, &S->pack, err);
	if (rc != UC_OK)
		return rc;
	S->helpers = g_hash_table_new(g_str_hash, g_str_equal);
	rows_init(S);
	months_init(S);
	rc = dl_seed(S, err);
	if (rc == UC_OK)
		rc = load_binding(S, err);
	if (rc == UC_OK)
		rc = load_units(S, err);
	if (rc == UC_OK)
		rc = load_incidents(S, err);
	if (rc == UC_OK && S->n > 0)
		rc = load_parts(S, err);
	for (i = 0; rc == UC_OK && i < S->n; i++) {
		tally_one(S, &S->v[i]);
		rc = tally_clocks(S, &S->v[i], err);
	}
	return rc;
}

/* ---- JSON ---- */

static json_t *
row_json(const struct trow *r, const char *code, const char *vi,
    const char *en, const char *group)
{
	return json_pack("{ss ss ss ss sI sI sI sI sI sI sI}", "code", code,
	    "group", group, "label_vi", vi, "label_en", en, "count",
	    (json_int_t)r->count, "self_handled", (json_int_t)(r->count -
	    r->helped), "helped_domestic", (json_int_t)r->helped,
	    "helped_foreign", (json_int_t)0, "vncert_requested",
	    (json_int_t)r->vncert, "damage_vnd", (json_int_t)r->damage,
	    "damage_text", (json_int_t)r->dmg_text);
}

static json_t *
by_type_json(const struct stats *S)
{
	json_t *a = json_array();
	const struct trow *r;
	size_t i;

	for (i = 0; i < S->nrows; i++) {
		r = &S->rows[i];
		json_array_append_new(a, row_json(r, r->code, r->vi, r->en,
		    r->group));
	}
	if (S->untyped.count > 0)
		json_array_append_new(a, row_json(&S->untyped, "", "Chưa "
		    "phân loại", "Not classified", ""));
	return a;
}

static int
unit_cmp(const void *a, const void *b)
{
	const struct urow *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->code, y->code);
}

static json_t *
by_unit_json(struct stats *S)
{
	json_t *a = json_array();
	struct urow *u;
	size_t i;

	qsort(S->units, S->nunits, sizeof(*S->units), unit_cmp);
	for (i = 0; i < S->nunits; i++) {
		u = &S->units[i];
		if (u->count == 0)
			continue;
		json_array_append_new(a, json_pack("{sI ss ss sI sI sI}",
		    "unit_id", (json_int_t)u->id, "code", u->code, "name",
		    u->name, "count", (json_int_t)u->count, "serious",
		    (json_int_t)u->serious, "closed", (json_int_t)u->closed));
	}
	return a;
}

static json_t *
by_severity_json(const struct stats *S)
{
	return json_pack("[{ss ss ss sI} {ss ss ss sI}]", "severity",
	    "normal", "label_vi", "Thông thường", "label_en", "Normal",
	    "count", (json_int_t)S->sev[0], "severity", "serious",
	    "label_vi", "Nghiêm trọng", "label_en", "Serious", "count",
	    (json_int_t)S->sev[1]);
}

static json_t *
by_month_json(struct stats *S)
{
	struct uc_arena *a = S->ctx->arena;
	json_t *j = json_array();
	const struct mrow *m;
	size_t i;

	for (i = 0; i < S->p->nmonths; i++) {
		m = &S->months[i];
		json_array_append_new(j, json_pack("{ss ss ss sI sI sI}",
		    "month", uc_arena_printf(a, "%04d-%02d", m->first / 10000,
		    m->first / 100 % 100), "from", iso_day(a, m->first),
		    "last_day", iso_day(a, m->last), "count",
		    (json_int_t)m->count, "serious", (json_int_t)m->serious,
		    "closed", (json_int_t)m->closed));
	}
	return j;
}

static int
i64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Median (mean of the two middle values for an even count) and the
 * nearest-rank 90th percentile, in hours. */
static json_t *
series_json(struct series *t, int k)
{
	json_t *med = json_null(), *p90 = json_null();
	size_t n = t->n;

	if (n > 0) {
		qsort(t->v, n, sizeof(*t->v), i64_cmp);
		med = json_real(round2((n % 2 ? (double)t->v[n / 2] :
		    ((double)t->v[n / 2 - 1] + (double)t->v[n / 2]) / 2.0) /
		    HOUR_MS));
		p90 = json_real(round2((double)t->v[(9 * n + 9) / 10 - 1] /
		    HOUR_MS));
	}
	return json_pack("{ss ss sI so so}", "measure", measure_code[k],
	    "label_vi", measure_vi[k], "n", (json_int_t)n, "median_hours",
	    med, "p90_hours", p90);
}

static json_t *
times_json(struct stats *S)
{
	json_t *a = json_array();
	int k;

	for (k = 0; k < NTIMES; k++)
		json_array_append_new(a, series_json(&S->times[k], k));
	return a;
}

static json_t *
deadlines_json(const struct stats *S)
{
	json_t *a = json_array();
	const struct drow *d;
	size_t i;

	for (i = 0; i < S->ndl; i++) {
		d = &S->dl[i];
		json_array_append_new(a, json_pack("{ss ss sI sI sI sI sI}",
		    "report", d->code, "label_vi", d->vi, "met",
		    (json_int_t)d->n[UC_CLOCK_MET], "late",
		    (json_int_t)d->n[UC_CLOCK_LATE], "overdue",
		    (json_int_t)d->n[UC_CLOCK_OVERDUE], "running",
		    (json_int_t)(d->n[UC_CLOCK_PENDING] +
		    d->n[UC_CLOCK_DUE_SOON]), "not_started",
		    (json_int_t)d->n[UC_CLOCK_NOT_STARTED]));
	}
	return a;
}

static gint
helper_cmp(gconstpointer a, gconstpointer b, gpointer data)
{
	GHashTable *h = data;
	const struct helper *x = g_hash_table_lookup(h, a);
	const struct helper *y = g_hash_table_lookup(h, b);

	if (x->incidents != y->incidents)
		return x->incidents > y->incidents ? -1 : 1;
	return strcmp(a, b);
}

static json_t *
helpers_json(struct stats *S)
{
	GList *keys = g_hash_table_get_keys(S->helpers), *k;
	const struct helper *h;
	json_t *a = json_array();

	keys = g_list_sort_with_data(keys, helper_cmp, S->helpers);
	for (k = keys; k != NULL; k = k->next) {
		h = g_hash_table_lookup(S->helpers, k->data);
		json_array_append_new(a, json_pack("{ss sI}", "name",
		    (const char *)k->data, "incidents",
		    (json_int_t)h->incidents));
	}
	g_list_free(keys);
	return a;
}

static json_t *
notes_json(const struct stats *S)
{
	json_t *a = json_array();

	json_array_append_new(a, json_string("Một sự cố thuộc nhiều loại "
	    "được tính ở mỗi loại; dòng Tổng cộng tính mỗi sự cố một lần."));
	json_array_append_new(a, json_string("Không tính sự cố diễn tập "
	    "và sự cố TLP:RED mà người lập không được chỉ định."));
	json_array_append_new(a, json_string("Hỗ trợ từ tổ chức nước "
	    "ngoài: hệ thống chưa ghi nhận quốc tịch của tổ chức hỗ trợ, "
	    "cột này để 0."));
	if (S->total.dmg_text > 0)
		json_array_append_new(a, json_string_nocheck(uc_arena_printf(
		    S->ctx->arena, "Thiệt hại ước tính chỉ cộng các ước tính "
		    "ghi bằng số tiền (đồng); %lld sự cố ghi thiệt hại bằng "
		    "lời, chưa cộng.", (long long)S->total.dmg_text)));
	return a;
}

static json_t *
stats_json(struct stats *S)
{
	struct uc_arena *a = S->ctx->arena;
	char now[UC_TIME_ISO_LEN + 1];
	json_t *j;

	uc_time_format(S->ctx->now, now, sizeof(now));
	j = json_pack("{s{sI ss ss} s{ss ss ss ss ss} ss ss sI sI sI}",
	    "unit", "id", (json_int_t)S->sc->id, "code", S->sc->code, "name",
	    S->sc->name, "period", "from", iso_day(a, S->p->from), "to",
	    iso_day(a, S->p->to), "last_day", iso_day(a, S->p->last),
	    "from_local", local_day(a, S->p->from), "last_local",
	    local_day(a, S->p->last), "generated_at", now, "rulepack",
	    S->pack->id, "incidents", (json_int_t)S->total.count,
	    "multi_type", (json_int_t)S->multi, "untyped",
	    (json_int_t)S->untyped.count);
	json_object_set_new(j, "by_type", by_type_json(S));
	json_object_set_new(j, "by_type_total", row_json(&S->total, "",
	    "Tổng cộng", "Total", ""));
	json_object_set_new(j, "by_unit", by_unit_json(S));
	json_object_set_new(j, "by_severity", by_severity_json(S));
	json_object_set_new(j, "by_month", by_month_json(S));
	json_object_set_new(j, "times", times_json(S));
	json_object_set_new(j, "deadlines", deadlines_json(S));
	json_object_set_new(j, "helpers", helpers_json(S));
	json_object_set_new(j, "notes", notes_json(S));
	return j;
}

static enum uc_status
compute(struct uc_ctx *ctx, const struct uc_stats_query *q,
    struct scope *sc, json_t **out, struct uc_error *err)
{
	struct period p;
	struct stats *S;
	enum uc_status rc;

	*out = NULL;
	rc = resolve(ctx, q, sc, &p, err);
	if (rc != UC_OK)
		return rc;
	S = uc_xcalloc(1, sizeof(*S));
	S->ctx = ctx;
	S->sc = sc;
	S->p = &p;
	rc = stats_run(S, err);
	if (rc == UC_OK)
		*out = stats_json(S);
	stats_cleanup(S);
	uc_free(S);
	return rc;
}

int
uc_stats_table_known(const char *table)
{
	for (size_t i = 0; table != NULL && tables_known[i] != NULL; i++)
		if (strcmp(table, tables_known[i]) == 0)
			return 1;
	return 0;
}

enum uc_status
uc_stats_get(struct uc_ctx *ctx, const struct uc_stats_query *q,
    json_t **out, struct uc_error *err)
{
	struct scope sc;

	return compute(ctx, q, &sc, out, err);
}

/* ---- tables (render/xlsx.h, render/csv.h) ---- */

static json_t *
col(const char *title, const char *type, int width)
{
	return json_pack("{ss ss si}", "title", title, "type", type, "width",
	    width);
}

static json_t *
table(const char *name, const char *sheet, json_t *cols)
{
	return json_pack("{ss ss so s[]}", "name", name, "sheet", sheet,
	    "columns", cols, "rows");
}

static json_t *
jint(json_t *o, const char *k)
{
	return json_integer(json_integer_value(json_object_get(o, k)));
}

static json_t *
type_cells(json_t *r, const char *code, const char *group,
    const char *label)
{
	return json_pack("[s s s o o o o o o o]", code, group,
	    label, jint(r, "count"), jint(r, "self_handled"), jint(r,
	    "helped_domestic"), jint(r, "helped_foreign"), jint(r,
	    "vncert_requested"), jint(r, "damage_vnd"), jint(r,
	    "damage_text"));
}

static json_t *
by_type_table(json_t *st)
{
	json_t *t = table("by_type", "Theo loại sự cố", json_pack("[o o o o"
	    " o o o o o o]", col("Mã", "text", 8), col("Nhóm", "text", 8),
	    col("Loại sự cố/tấn công mạng", "text", 48), col("Số lượng",
	    "int", 10), col("Số sự cố tự xử lý", "int", 12), col("Có hỗ trợ "
	    "từ các tổ chức khác", "int", 14), col("Có hỗ trợ từ tổ chức "
	    "nước ngoài", "int", 14), col("Đề nghị VNCERT hỗ trợ", "int",
	    12), col("Thiệt hại ước tính (đồng)", "int", 16), col("Số sự cố "
	    "ghi thiệt hại bằng lời", "int", 14)));
	json_t *rows = json_object_get(t, "rows"), *r;
	size_t i;

	json_array_foreach(json_object_get(st, "by_type"), i, r)
		json_array_append_new(rows, type_cells(r, sv(r, "code"),
		    sv(r, "group"), sv(r, "label_vi")));
	json_array_append_new(rows, type_cells(json_object_get(st,
	    "by_type_total"), "", "", "Tổng cộng"));
	json_object_set_new(t, "bold", json_integer(1));
	json_object_set(t, "notes", json_object_get(st, "notes"));
	return t;
}

static json_t *
by_unit_table(json_t *st)
{
	json_t *t = table("by_unit", "Theo đơn vị", json_pack("[o o o o o]",
	    col("Mã đơn vị", "text", 12), col("Tên đơn vị", "text", 48),
	    col("Số sự cố", "int", 10), col("Nghiêm trọng", "int", 12),
	    col("Đã đóng", "int", 10)));
	json_t *rows = json_object_get(t, "rows"), *r;
	size_t i;

	json_array_foreach(json_object_get(st, "by_unit"), i, r)
		json_array_append_new(rows, json_pack("[s s o o o]",
		    sv(r, "code"), sv(r, "name"), jint(r, "count"), jint(r,
		    "serious"), jint(r, "closed")));
	return t;
}

static json_t *
by_severity_table(json_t *st)
{
	json_t *t = table("by_severity", "Theo mức độ", json_pack("[o o o]",
	    col("Mã", "text", 10), col("Mức độ", "text", 20), col("Số sự cố",
	    "int", 10)));
	json_t *rows = json_object_get(t, "rows"), *r;
	size_t i;

	json_array_foreach(json_object_get(st, "by_severity"), i, r)
		json_array_append_new(rows, json_pack("[s s o]", sv(r,
		    "severity"), sv(r, "label_vi"), jint(r, "count")));
	return t;
}

static json_t *
by_month_table(json_t *st)
{
	json_t *t = table("by_month", "Theo tháng", json_pack("[o o o o o o]",
	    col("Tháng", "text", 10), col("Từ ngày", "date", 12), col("Đến "
	    "ngày", "date", 12), col("Số sự cố", "int", 10), col("Nghiêm "
	    "trọng", "int", 12), col("Đã đóng", "int", 10)));
	json_t *rows = json_object_get(t, "rows"), *r;
	const char *m;
	char mm[16];
	size_t i;

	json_array_foreach(json_object_get(st, "by_month"), i, r) {
		m = sv(r, "month");
		snprintf(mm, sizeof(mm), "%.2s/%.4s", strlen(m) == 7 ? m + 5 :
		    "", m);
		json_array_append_new(rows, json_pack("[s s s o o o]", mm,
		    sv(r, "from"), sv(r, "last_day"), jint(r, "count"),
		    jint(r, "serious"), jint(r, "closed")));
	}
	return t;
}

static json_t *
times_table(json_t *st)
{
	json_t *t = table("times", "Thời gian xử lý", json_pack("[o o o o o]",
	    col("Mã", "text", 10), col("Chỉ số", "text", 56), col("Số sự cố "
	    "có số liệu", "int", 12), col("Trung vị (giờ)", "number", 12),
	    col("Phân vị 90 (giờ)", "number", 12)));
	json_t *rows = json_object_get(t, "rows"), *r;
	size_t i;

	json_array_foreach(json_object_get(st, "times"), i, r)
		json_array_append_new(rows, json_pack("[s s o O O]",
		    sv(r, "measure"), sv(r, "label_vi"), jint(r, "n"),
		    json_object_get(r, "median_hours"), json_object_get(r,
		    "p90_hours")));
	return t;
}

static json_t *
deadlines_table(json_t *st)
{
	json_t *t = table("deadlines", "Thời hạn báo cáo", json_pack("[o o o"
	    " o o o o]", col("Mã", "text", 14), col("Báo cáo", "text", 40),
	    col("Đúng hạn", "int", 10), col("Trễ hạn", "int", 10),
	    col("Quá hạn chưa gửi", "int", 12), col("Còn trong hạn", "int",
	    12), col("Chưa phát sinh", "int", 12)));
	json_t *rows = json_object_get(t, "rows"), *r;
	size_t i;

	json_array_foreach(json_object_get(st, "deadlines"), i, r)
		json_array_append_new(rows, json_pack("[s s o o o o o]",
		    sv(r, "report"), sv(r, "label_vi"), jint(r, "met"),
		    jint(r, "late"), jint(r, "overdue"), jint(r, "running"),
		    jint(r, "not_started")));
	return t;
}

/* The first sheet: what was counted, for whom, when. */
static json_t *
info_table(json_t *st)
{
	json_t *t = table("info", "Thông tin", json_pack("[o o o o o o]",
	    col("Đơn vị", "text", 40), col("Mã đơn vị", "text", 12),
	    col("Từ ngày", "date", 12), col("Đến hết ngày", "date", 12),
	    col("Tổng số sự cố", "int", 14), col("Lập lúc (UTC)", "text",
	    26)));
	json_t *u = json_object_get(st, "unit"), *p = json_object_get(st,
	    "period");

	json_array_append_new(json_object_get(t, "rows"), json_pack("[s s"
	    " s s o s]", sv(u, "name"), sv(u, "code"), sv(p, "from"),
	    sv(p, "last_day"), jint(st, "incidents"), sv(st,
	    "generated_at")));
	json_object_set(t, "notes", json_object_get(st, "notes"));
	return t;
}

static json_t *
tables_of(json_t *st)
{
	return json_pack("[o o o o o o o]", info_table(st), by_type_table(st),
	    by_unit_table(st), by_severity_table(st), by_month_table(st),
	    times_table(st), deadlines_table(st));
}

/* A file name from the unit code and the period ("thong-ke-SNV-
 * 2026-01-01-2026-07-01"), ASCII only. */
static const char *
base_name(struct uc_arena *a, const char *what, json_t *st)
{
	char *code = uc_arena_strdup(a, sv(json_object_get(st, "unit"),
	    "code"));
	json_t *p = json_object_get(st, "period");

	for (char *c = code; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			*c = '_';
	return uc_arena_printf(a, "%s-%s-%s-%s", what, code, sv(p, "from"),
	    sv(p, "to"));
}

static enum uc_status
export_json(json_t *st, struct uc_buf *out, struct uc_error *err)
{
	char *txt = json_dumps(st, JSON_COMPACT);
	enum uc_status rc = uc_buf_appends(out, txt ? txt : "null");

	uc_free(txt);
	return rc == UC_OK ? UC_OK : uc_error_set(err, rc, "statistics too "
	    "big");
}

static enum uc_status
export_csv(json_t *st, const char *name, struct uc_buf *out,
    struct uc_error *err)
{
	json_t *all = tables_of(st), *t, *pick = NULL;
	enum uc_status rc;
	size_t i;

	json_array_foreach(all, i, t)
		if (strcmp(sv(t, "name"), name) == 0)
			pick = t;
	rc = pick ? uc_csv_table(pick, out, err) : uc_error_set(err,
	    UC_EINTERNAL, "no table %s", name);
	json_decref(all);
	return rc;
}

static enum uc_status
export_check(const char *format, const char *table_name,
    struct uc_error *err)
{
	if (format == NULL || (strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0))
		return uc_error_field(err, "format", "enum", "format is json,"
		    " csv or xlsx");
	if (strcmp(format, "csv") == 0 && table_name == NULL)
		return uc_error_field(err, "table", "required", "a CSV holds "
		    "one table: by_type, by_unit, by_severity, by_month, "
		    "times or deadlines");
	if (table_name != NULL && strcmp(format, "csv") != 0)
		return uc_error_field(err, "table", "format", "table applies "
		    "to format=csv only");
	if (table_name != NULL && !uc_stats_table_known(table_name))
		return uc_error_field(err, "table", "enum", "table is by_type,"
		    " by_unit, by_severity, by_month, times or deadlines");
	return UC_OK;
}

enum uc_status
uc_stats_export(struct uc_ctx *ctx, const struct uc_stats_query *q,
    const char *format, const char *table_name, struct uc_stats_file *f,
    struct uc_error *err)
{
	struct scope sc;
	json_t *st = NULL, *tabs;
	enum uc_status rc;

	uc_buf_init(&f->body, UC_DOC_MAX_BYTES);
	f->content_type = f->filename = NULL;
	rc = export_check(format, table_name, err);
	if (rc == UC_OK)
		rc = compute(ctx, q, &sc, &st, err);
	if (rc != UC_OK)
		return rc;
	if (strcmp(format, "json") == 0) {
		rc = export_json(st, &f->body, err);
		f->content_type = "application/json";
		f->filename = uc_arena_printf(ctx->arena, "%s.json",
		    base_name(ctx->arena, "thong-ke", st));
	} else if (strcmp(format, "csv") == 0) {
		rc = export_csv(st, table_name, &f->body, err);
		f->content_type = "text/csv; charset=utf-8";
		f->filename = uc_arena_printf(ctx->arena, "%s.csv", base_name(
		    ctx->arena, uc_arena_printf(ctx->arena, "thong-ke-%s",
		    table_name), st));
	} else {
		tabs = tables_of(st);
		rc = uc_xlsx_render(tabs, uc_arena_printf(ctx->arena, "Thống "
		    "kê sự cố - %s", sc.name), ctx->now, &f->body, err);
		json_decref(tabs);
		f->content_type = "application/vnd.openxmlformats-"
		    "officedocument.spreadsheetml.sheet";
		f->filename = uc_arena_printf(ctx->arena, "%s.xlsx",
		    base_name(ctx->arena, "thong-ke", st));
	}
	json_decref(st);
	return rc;
}

/* ---- Mẫu 05 ---- */

/* "Hưng Yên" from "..., tỉnh Hưng Yên" (as service/report.c). */
static const char *
place_of(struct uc_arena *a, const struct scope *sc)
{
	static const char *const drop[] = { "Tỉnh ", "tỉnh ", "Thành phố ",
		"thành phố ", "TP. ", NULL };
	const char *p = strrchr(sc->place_address, ',');
	size_t i;

	p = p ? p + 1 : sc->place_address;
	while (*p == ' ')
		p++;
	for (i = 0; drop[i] != NULL; i++)
		if (strncmp(p, drop[i], strlen(drop[i])) == 0)
			p += strlen(drop[i]);
	return *p ? uc_arena_strdup(a, p) : sc->name;
}

/* The signature block from the unit's settings (as service/report.c:
 * Phụ lục I of NĐ 30/2020); without settings, the form's own line. */
static json_t *
signer_part(struct uc_arena *a, const struct scope *sc)
{
	const char *pre = sc->prefix, *title = sc->title;

	if (!*title)
		return json_pack("{ss ss ss ss ss}", "prefix", "", "authority",
		    "", "title", "NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT", "name",
		    sc->signer, "note", "(Đóng dấu hoặc sử dụng chữ ký số)");
	if (strcmp(pre, "KT.") == 0)
		return json_pack("{ss ss ss ss}", "prefix", pre, "authority",
		    title, "title", uc_arena_printf(a, "PHÓ %s", title),
		    "name", sc->signer);
	if (strcmp(pre, "TM.") == 0)
		return json_pack("{ss ss ss ss}", "prefix", pre, "authority",
		    sc->name, "title", title, "name", sc->signer);
	if (*pre)
		return json_pack("{ss ss ss ss}", "prefix", pre, "authority",
		    title, "title", "", "name", sc->signer);
	return json_pack("{ss ss ss ss}", "prefix", "", "authority", "",
	    "title", title, "name", sc->signer);
}

/* "06 tháng đầu năm 2026", "năm 2026", or the days. */
static const char *
period_words(struct uc_arena *a, json_t *p)
{
	int32_t f = uc_calendar_parse_day(sv(p, "from"));
	int32_t t = uc_calendar_parse_day(sv(p, "to"));
	int y = f / 10000;

	if (f % 10000 == 101 && t == (y + 1) * 10000 + 101)
		return uc_arena_printf(a, "năm %d", y);
	if (f % 10000 == 101 && t == y * 10000 + 701)
		return uc_arena_printf(a, "06 tháng đầu năm %d", y);
	if (f % 10000 == 701 && t == (y + 1) * 10000 + 101)
		return uc_arena_printf(a, "06 tháng cuối năm %d", y);
	return uc_arena_printf(a, "từ ngày %s đến ngày %s", sv(p,
	    "from_local"), sv(p, "last_local"));
}

/* "Từ tháng 01/2026 đến tháng 06/2026" for whole months, else days. */
static const char *
period_line(struct uc_arena *a, json_t *p)
{
	const char *f = sv(p, "from_local"), *l = sv(p, "last_local");
	int32_t to = uc_calendar_parse_day(sv(p, "to"));

	if (strncmp(f, "01/", 3) == 0 && to % 100 == 1)
		return uc_arena_printf(a, "Từ tháng %s đến tháng %s", f + 3,
		    l + 3);
	return uc_arena_printf(a, "Từ ngày %s đến ngày %s", f, l);
}

static json_t *
head_part(struct uc_ctx *ctx, const struct scope *sc, json_t *st)
{
	const char *words = period_words(ctx->arena, json_object_get(st,
	    "period"));

	return json_pack("{ss ss ss ss ss ss ss sI}", "supervising",
	    sc->supervising, "issuing", sc->name, "number",
	    uc_arena_printf(ctx->arena, "/BC%s%s", *sc->symbol ? "-" : "",
	    sc->symbol), "place_date", uc_arena_printf(ctx->arena, "%s, ngày"
	    "      tháng      năm %d", place_of(ctx->arena, sc),
	    (int)(uc_calendar_date_of(ctx->now) / 10000)), "kind", "BÁO CÁO",
	    "subject", uc_arena_printf(ctx->arena, "Tổng hợp %s về hoạt động "
	    "tiếp nhận và xử lý sự cố", words), "file_title",
	    uc_arena_printf(ctx->arena, "Báo cáo tổng hợp %s về hoạt động "
	    "tiếp nhận và xử lý sự cố", words), "created_ms",
	    (json_int_t)ctx->now);
}

static json_t *
summary_row(json_t *r, const char *kind, const char *label)
{
	return json_pack("{ss ss ss so so so so so so so}", "kind", kind,
	    "code", sv(r, "code"), "label", label, "count", jint(r, "count"),
	    "self", jint(r, "self_handled"), "domestic", jint(r,
	    "helped_domestic"), "foreign", jint(r, "helped_foreign"),
	    "vncert", jint(r, "vncert_requested"), "damage", jint(r,
	    "damage_vnd"), "damage_text", jint(r, "damage_text"));
}

/* The table of §1: a heading row per cause group (not for TH, a group
 * that is its own only type), a row per type, the unclassified ones if
 * any, the total. */
static json_t *
summary_rows(const struct uc_rulepack *pack, json_t *st)
{
	json_t *a = json_array(), *r;
	const char *group = NULL;
	const struct uc_rp_group *g;
	size_t i;

	json_array_foreach(json_object_get(st, "by_type"), i, r) {
		if (group == NULL || strcmp(group, sv(r, "group")) != 0) {
			group = sv(r, "group");
			g = uc_rulepack_group(pack, group);
			if (g != NULL && strcmp(g->code, sv(r, "code")) != 0)
				json_array_append_new(a, json_pack("{ss ss "
				    "ss}", "kind", "group", "code", g->code,
				    "label", g->vi));
		}
		json_array_append_new(a, summary_row(r, *sv(r, "code") ?
		    "type" : "untyped", sv(r, "label_vi")));
	}
	json_array_append_new(a, summary_row(json_object_get(st,
	    "by_type_total"), "total", "Tổng cộng"));
	return a;
}

static json_t *
helper_lines(struct uc_arena *a, json_t *st)
{
	json_t *out = json_array(), *h;
	size_t i;

	json_array_foreach(json_object_get(st, "helpers"), i, h)
		json_array_append_new(out, json_string_nocheck(uc_arena_printf(
		    a, "%s (%lld sự cố)", sv(h, "name"), (long long)
		    json_integer_value(json_object_get(h, "incidents")))));
	return out;
}

static const char *
national_name(struct uc_ctx *ctx, const struct uc_rulepack *pack,
    struct uc_error *err, enum uc_status *rc)
{
	struct stats S;

	memset(&S, 0, sizeof(S));
	S.ctx = ctx;
	*rc = load_binding(&S, err);
	if (S.nc_name != NULL)
		return S.nc_name;
	return uc_rulepack_party(pack, "national_coordinator") ?
	    uc_rulepack_party(pack, "national_coordinator")->vi :
	    "Cơ quan điều phối quốc gia";
}

static enum uc_status
summary_build(struct uc_ctx *ctx, const struct scope *sc, json_t *st,
    json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	const char *to = NULL;
	enum uc_status rc;

	rc = uc_rulepack_get(sv(st, "rulepack"), &pack, err);
	if (rc == UC_OK)
		to = national_name(ctx, pack, err, &rc);
	if (rc != UC_OK)
		return rc;
	*out = json_pack("{ss so s[s] s{ss ss ss ss} s{ss ss ss} so sO so"
	    " s[] ss so s[] ss sO}", "form", "summary05", "head",
	    head_part(ctx, sc, st), "to", to, "period", "line", period_line(
	    ctx->arena, json_object_get(st, "period")), "from", sv(
	    json_object_get(st, "period"), "from_local"), "last", sv(
	    json_object_get(st, "period"), "last_local"), "words",
	    period_words(ctx->arena, json_object_get(st, "period")), "org",
	    "name", sc->name, "address", *sc->address ? sc->address :
	    sc->place_address, "member_code", "", "rows", summary_rows(pack,
	    st), "notes", json_object_get(st, "notes"), "helpers",
	    helper_lines(ctx->arena, st), "foreign_helpers", "proposals", "",
	    "signer", signer_part(ctx->arena, sc), "copies", "archive",
	    sc->symbol, "statistics", st);
	return *out ? UC_OK : uc_error_set(err, UC_EINTERNAL, "summary "
	    "data");
}

enum uc_status
uc_stats_summary(struct uc_ctx *ctx, const struct uc_stats_query *q,
    json_t **out, struct uc_error *err)
{
	struct scope sc;
	json_t *st = NULL;
	enum uc_status rc;

	*out = NULL;
	rc = compute(ctx, q, &sc, &st, err);
	if (rc == UC_OK)
		rc = summary_build(ctx, &sc, st, out, err);
	json_decref(st);
	return rc;
}

enum uc_status
uc_stats_summary_render(struct uc_ctx *ctx, const struct uc_stats_query *q,
    const char *format, struct uc_stats_file *f, struct uc_error *err)
{
	struct uc_doc *d = NULL;
	json_t *data = NULL;
	enum uc_status rc;

	uc_buf_init(&f->body, UC_DOC_MAX_BYTES);
	f->content_type = f->filename = NULL;
	if (format == NULL || (strcmp(format, "pdf") != 0 &&
	    strcmp(format, "docx") != 0 && strcmp(format, "json") != 0))
		return uc_error_field(err, "format", "enum", "format is pdf, "
		    "docx or json");
	rc = uc_stats_summary(ctx, q, &data, err);
	if (rc == UC_OK && strcmp(format, "json") == 0)
		rc = export_json(data, &f->body, err);
	else if (rc == UC_OK)
		rc = uc_summary_build(ctx->arena, data, &d, err);
	if (rc == UC_OK && strcmp(format, "pdf") == 0)
		rc = uc_pdf_render(d, &f->body, err);
	else if (rc == UC_OK && strcmp(format, "docx") == 0)
		rc = uc_docx_render(d, &f->body, err);
	if (rc == UC_OK) {
		f->filename = uc_arena_printf(ctx->arena, "%s.%s", base_name(
		    ctx->arena, "mau-05", json_object_get(data,
		    "statistics")), format);
		f->content_type = strcmp(format, "pdf") == 0 ?
		    "application/pdf" : strcmp(format, "json") == 0 ?
		    "application/json" : "application/vnd.openxmlformats-"
		    "officedocument.wordprocessingml.document";
	}
	json_decref(data);
	return rc;
}
