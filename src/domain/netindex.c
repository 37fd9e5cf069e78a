/*
 * netindex.c - see netindex.h.
 *
 * Addresses: the prefixes, sorted by first address and then by length
 * (a prefix comes before the ones nested in it), are swept once with a
 * stack of the prefixes still open: each stretch of addresses goes to
 * the innermost open prefix. The result is a sorted array of disjoint
 * ranges; the gaps between them belong to no prefix.
 *
 * Domains: open addressing with linear probing over a power-of-two
 * table at most half full, keyed by the 64-bit FNV-1a hash of the name.
 *
 * Ids: each distinct prefix or domain is a group, whose ids (sorted,
 * without repeats) sit together in one array.
 */
#include "domain/netindex.h"
#include "core/mem.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BITS 128
#define V4_BITS 96		/* ::ffff:0:0/96 holds IPv4 */

struct group {
	size_t first;		/* in ix->ids */
	size_t n;
	char *key;		/* owned */
};

struct range {
	struct uc_netaddr start;
	struct uc_netaddr end;
	size_t group;
};

struct slot {
	const char *name;	/* the group's key; NULL: empty */
	uint64_t hash;
	size_t group;
};

struct uc_netindex {
	struct range *ranges;
	size_t nranges;
	size_t nprefixes;
	struct slot *slots;
	size_t nslots;		/* a power of two */
	size_t ndomains;
	struct group *groups;
	size_t ngroups;
	int64_t *ids;
	size_t nids;
};

/* A prefix (or a domain) and one id, while building. */
struct item {
	struct uc_netaddr start;
	struct uc_netaddr end;
	int len;
	const char *value;
	int64_t id;
};

/* ---- 128-bit arithmetic ------------------------------------------ */

static int
addr_cmp(const struct uc_netaddr *a, const struct uc_netaddr *b)
{
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return 0;
}

static int
addr_max(const struct uc_netaddr *a)
{
	return a->hi == UINT64_MAX && a->lo == UINT64_MAX;
}

static struct uc_netaddr
addr_inc(struct uc_netaddr a)
{
	if (++a.lo == 0)
		a.hi++;
	return a;
}

static struct uc_netaddr
addr_dec(struct uc_netaddr a)
{
	if (a.lo-- == 0)
		a.hi--;
	return a;
}

/* The host part of a /len: the bits after the prefix. */
static struct uc_netaddr
host_mask(int len)
{
	struct uc_netaddr m;

	m.hi = len >= 64 ? 0 : len == 0 ? UINT64_MAX : UINT64_MAX >> len;
	m.lo = len <= 64 ? UINT64_MAX : len == 128 ? 0 :
	    UINT64_MAX >> (len - 64);
	return m;
}

static uint64_t
be64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* ---- parsing ----------------------------------------------------- */

/* *v4: the address was IPv4 (mapped into ::ffff:0:0/96). */
static int
parse_addr(const char *s, struct uc_netaddr *out, int *v4)
{
	unsigned char b[16];

	memset(b, 0, sizeof(b));
	if (inet_pton(AF_INET, s, b + 12) == 1) {
		b[10] = b[11] = 0xff;
		*v4 = 1;
	} else if (inet_pton(AF_INET6, s, b) == 1) {
		*v4 = 0;
	} else {
		return -1;
	}
	out->hi = be64(b);
	out->lo = be64(b + 8);
	return 0;
}

int
uc_netindex_parse(const char *s, struct uc_netaddr *out)
{
	int v4;

	return s != NULL && parse_addr(s, out, &v4) == 0 ? 0 : -1;
}

/* "1.2.3.0/24" or an address: the range it covers. */
static int
parse_prefix(const char *s, struct item *it)
{
	char buf[64];
	const char *slash = strchr(s, '/'), *p;
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	struct uc_netaddr m;
	int v4, len = 0;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_addr(buf, &it->start, &v4) != 0)
		return -1;
	if (slash == NULL) {
		len = MAX_BITS;
	} else {
		for (p = slash + 1; *p >= '0' && *p <= '9' && len <= 128; p++)
			len = len * 10 + (*p - '0');
		if (p == slash + 1 || *p != '\0' || (slash[1] == '0' &&
		    p - slash > 2) || len > (v4 ? 32 : 128))
			return -1;
		len += v4 ? V4_BITS : 0;
	}
	m = host_mask(len);
	if ((it->start.hi & m.hi) != 0 || (it->start.lo & m.lo) != 0)
		return -1;	/* host bits set: not canonical */
	it->len = len;
	it->end.hi = it->start.hi | m.hi;
	it->end.lo = it->start.lo | m.lo;
	return 0;
}

/* ---- groups ------------------------------------------------------ */

/* Items [from, to) share one key: one group with their distinct ids. */
static size_t
add_group(struct uc_netindex *ix, const struct item *items, size_t from,
    size_t to)
{
	struct group *g = &ix->groups[ix->ngroups];
	size_t i;

	g->first = ix->nids;
	g->key = uc_xstrdup(items[from].value);
	for (i = from; i < to; i++)
		if (i == from || items[i].id != items[i - 1].id)
			ix->ids[ix->nids++] = items[i].id;
	g->n = ix->nids - g->first;
	return ix->ngroups++;
}

static int
prefix_order(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = addr_cmp(&x->start, &y->start);

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
domain_order(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->value, y->value);

	if (c != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* ---- the address ranges ------------------------------------------ */

struct sweep {
	struct uc_netindex *ix;
	struct uc_netaddr cur;	/* the first address not yet given out */
	int done;		/* everything up to the last address is */
};

static void
emit(struct sweep *sw, struct uc_netaddr from, struct uc_netaddr to,
    size_t group)
{
	struct uc_netindex *ix = sw->ix;
	struct range *last = ix->nranges ? &ix->ranges[ix->nranges - 1] :
	    NULL;

	if (sw->done || addr_cmp(&from, &to) > 0)
		return;
	if (last != NULL && last->group == group) {
		struct uc_netaddr next = addr_inc(last->end);

		if (!addr_max(&last->end) && addr_cmp(&next, &from) == 0) {
			last->end = to;
			return;
		}
	}
	ix->ranges[ix->nranges].start = from;
	ix->ranges[ix->nranges].end = to;
	ix->ranges[ix->nranges++].group = group;
}

/* Close the innermost open prefix: the rest of it is its own. */
static void
close_top(struct sweep *sw, const struct item *top, size_t group)
{
	emit(sw, sw->cur, top->end, group);
	if (addr_max(&top->end))
		sw->done = 1;
	else
		sw->cur = addr_inc(top->end);
}

/* items: sorted by prefix_order; groups[i] is item i's group. */
static void
cut(struct uc_netindex *ix, const struct item *items, const size_t *groups,
    size_t n)
{
	const struct item *stack[MAX_BITS + 1];
	size_t gstack[MAX_BITS + 1], sp = 0, i;
	struct sweep sw = { ix, { 0, 0 }, 0 };

	for (i = 0; i < n; i++) {
		if (i > 0 && items[i].len == items[i - 1].len &&
		    addr_cmp(&items[i].start, &items[i - 1].start) == 0)
			continue;	/* the same prefix: one group */
		while (sp > 0 && addr_cmp(&stack[sp - 1]->end,
		    &items[i].start) < 0) {
			sp--;
			close_top(&sw, stack[sp], gstack[sp]);
		}
		if (sp > 0 && addr_cmp(&items[i].start, &sw.cur) > 0)
			emit(&sw, sw.cur, addr_dec(items[i].start),
			    gstack[sp - 1]);
		sw.cur = items[i].start;
		uc_assert(sp <= MAX_BITS);
		stack[sp] = &items[i];
		gstack[sp++] = groups[i];
	}
	while (sp > 0) {
		sp--;
		close_top(&sw, stack[sp], gstack[sp]);
	}
}

static enum uc_status
build_addrs(struct uc_netindex *ix, const struct uc_netindex_entry *e,
    size_t n, struct uc_error *err)
{
	struct item *items = uc_xcalloc(n + 1, sizeof(*items));
	size_t *groups = uc_xcalloc(n + 1, sizeof(*groups));
	size_t i, j;

	for (i = 0; i < n; i++) {
		items[i].value = e[i].value;
		items[i].id = e[i].id;
		if (e[i].value == NULL || parse_prefix(e[i].value,
		    &items[i]) != 0) {
			uc_free(items);
			uc_free(groups);
			return uc_error_set(err, UC_EINVAL, "'%s' is not a "
			    "canonical IP address or CIDR", e[i].value ?
			    e[i].value : "");
		}
	}
	qsort(items, n, sizeof(*items), prefix_order);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && items[j].len == items[i].len &&
		    addr_cmp(&items[j].start, &items[i].start) == 0; j++)
			;
		groups[i] = add_group(ix, items, i, j);
		ix->nprefixes++;
	}
	/* a prefix splits its parent in two: at most 2n + 1 ranges */
	ix->ranges = uc_xcalloc(2 * n + 1, sizeof(*ix->ranges));
	cut(ix, items, groups, n);
	uc_free(items);
	uc_free(groups);
	return UC_OK;
}

/* ---- the domains ------------------------------------------------- */

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void
slot_put(struct uc_netindex *ix, const char *name, size_t group)
{
	uint64_t h = fnv1a(name);
	size_t i = (size_t)h & (ix->nslots - 1);

	while (ix->slots[i].name != NULL)
		i = (i + 1) & (ix->nslots - 1);
	ix->slots[i].name = name;
	ix->slots[i].hash = h;
	ix->slots[i].group = group;
}

/* A domain: lower-case letters, digits, '-', '.'; no empty label. */
static int
domain_ok(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (n == 0 || n > 253 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '-' || (s[i] == '.' &&
		    s[i + 1] != '.')))
			return 0;
	return 1;
}

static enum uc_status
build_domains(struct uc_netindex *ix, const struct uc_netindex_entry *e,
    size_t n, struct uc_error *err)
{
	struct item *items = uc_xcalloc(n + 1, sizeof(*items));
	size_t i, j, g;

	for (i = 0; i < n; i++) {
		if (!domain_ok(e[i].value)) {
			uc_free(items);
			return uc_error_set(err, UC_EINVAL, "'%s' is not a "
			    "canonical domain", e[i].value ? e[i].value : "");
		}
		items[i].value = e[i].value;
		items[i].id = e[i].id;
	}
	qsort(items, n, sizeof(*items), domain_order);
	for (ix->nslots = 16; ix->nslots < 2 * n; ix->nslots *= 2)
		;
	ix->slots = uc_xcalloc(ix->nslots, sizeof(*ix->slots));
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(items[j].value,
		    items[i].value) == 0; j++)
			;
		g = add_group(ix, items, i, j);
		slot_put(ix, ix->groups[g].key, g);
		ix->ndomains++;
	}
	uc_free(items);
	return UC_OK;
}

/* ---- the index --------------------------------------------------- */

enum uc_status
uc_netindex_build(const struct uc_netindex_entry *addrs, size_t naddrs,
    const struct uc_netindex_entry *domains, size_t ndomains,
    struct uc_netindex **out, struct uc_error *err)
{
	struct uc_netindex *ix = uc_xcalloc(1, sizeof(*ix));
	enum uc_status rc;

	*out = NULL;
	ix->groups = uc_xcalloc(naddrs + ndomains + 1, sizeof(*ix->groups));
	ix->ids = uc_xcalloc(naddrs + ndomains + 1, sizeof(*ix->ids));
	rc = build_addrs(ix, addrs, naddrs, err);
	if (rc == UC_OK)
		rc = build_domains(ix, domains, ndomains, err);
	if (rc != UC_OK) {
		uc_netindex_free(ix);
		return rc;
	}
	*out = ix;
	return UC_OK;
}

void
uc_netindex_free(struct uc_netindex *ix)
{
	size_t i;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->ngroups; i++)
		uc_free(ix->groups[i].key);
	uc_free(ix->groups);
	uc_free(ix->ids);
	uc_free(ix->ranges);
	uc_free(ix->slots);
	uc_free(ix);
}

static int
fill(const struct uc_netindex *ix, size_t group, struct uc_netindex_match *m)
{
	const struct group *g = &ix->groups[group];

	m->ids = ix->ids + g->first;
	m->nids = g->n;
	m->key = g->key;
	return 1;
}

int
uc_netindex_addr(const struct uc_netindex *ix, const struct uc_netaddr *a,
    struct uc_netindex_match *m)
{
	size_t lo = 0, hi = ix->nranges, mid;

	memset(m, 0, sizeof(*m));
	/* the last range that starts at or before a */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (addr_cmp(&ix->ranges[mid].start, a) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || addr_cmp(a, &ix->ranges[lo - 1].end) > 0)
		return 0;
	return fill(ix, ix->ranges[lo - 1].group, m);
}

int
uc_netindex_ip(const struct uc_netindex *ix, const char *ip,
    struct uc_netindex_match *m)
{
	struct uc_netaddr a;

	memset(m, 0, sizeof(*m));
	if (uc_netindex_parse(ip, &a) != 0)
		return 0;
	return uc_netindex_addr(ix, &a, m);
}

static long
slot_find(const struct uc_netindex *ix, const char *name)
{
	uint64_t h = fnv1a(name);
	size_t i = (size_t)h & (ix->nslots - 1);

	for (; ix->slots[i].name != NULL; i = (i + 1) & (ix->nslots - 1))
		if (ix->slots[i].hash == h &&
		    strcmp(ix->slots[i].name, name) == 0)
			return (long)i;
	return -1;
}

int
uc_netindex_domain(const struct uc_netindex *ix, const char *domain,
    struct uc_netindex_match *m)
{
	const char *p = domain;
	long i;

	memset(m, 0, sizeof(*m));
	if (domain == NULL || ix->ndomains == 0)
		return 0;
	while (*p != '\0') {
		if ((i = slot_find(ix, p)) >= 0)
			return fill(ix, ix->slots[i].group, m);
		if ((p = strchr(p, '.')) == NULL)
			break;
		p++;
	}
	return 0;
}

void
uc_netindex_stats(const struct uc_netindex *ix,
    struct uc_netindex_stats *out)
{
	out->prefixes = ix->nprefixes;
	out->ranges = ix->nranges;
	out->domains = ix->ndomains;
}
