/*
 * bench.c - how fast domain/netindex.c answers, beside the floor a
 * linear scan sets (bench/netindex/README.md). Not a test: it prints.
 *
 * For each size it builds an index of random IPv4 CIDRs and host
 * addresses crowded into 10.0.0.0/12 (so prefixes nest), then times
 * lookups of random addresses (half inside the crowded block) through
 * the index and through a scan of the same prefixes that keeps the
 * longest match; and an index of random domains, looked up through
 * subdomains two labels deeper (the parent walk). ns per lookup.
 */
#include "domain/netindex.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOOKUPS 1000000
#define SCAN_WORK 20000000	/* prefixes x lookups the scan does */

struct v4 {
	uint32_t net;
	uint32_t mask;
	int len;
};

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint32_t
next32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static uint32_t
address(void)
{
	return next32() % 2 ? 0x0a000000u | (next32() & 0xfffffu) :
	    next32();
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void
v4_text(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
	    (a >> 8) & 255, a & 255);
}

/* n prefixes: a third single addresses, the rest /12 to /31. */
static void
make_prefixes(struct v4 *p, char (*text)[24], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].len = i % 3 == 0 ? 32 : 12 + (int)(next32() % 20);
		p[i].mask = p[i].len == 32 ? 0xffffffffu :
		    ~(0xffffffffu >> p[i].len);
		p[i].net = (0x0a000000u | (next32() & 0xfffffu)) & p[i].mask;
		v4_text(p[i].net, text[i], 24);
		if (p[i].len < 32)
			snprintf(text[i] + strlen(text[i]), 8, "/%d",
			    p[i].len);
	}
}

static int
scan(const struct v4 *p, size_t n, uint32_t a)
{
	int best = -1, len = -1;
	size_t i;

	for (i = 0; i < n; i++)
		if ((a & p[i].mask) == p[i].net && p[i].len > len) {
			best = (int)i;
			len = p[i].len;
		}
	return best;
}

static volatile size_t sink;

static double
time_index(const struct uc_netindex *ix, const struct uc_netaddr *q,
    size_t nq)
{
	struct uc_netindex_match m;
	double t0 = now_ns();
	size_t i, hits = 0;

	for (i = 0; i < nq; i++)
		hits += (size_t)uc_netindex_addr(ix, &q[i], &m);
	sink = hits;
	return (now_ns() - t0) / (double)nq;
}

static double
time_scan(const struct v4 *p, size_t n, const uint32_t *q, size_t nq)
{
	double t0 = now_ns();
	size_t i, hits = 0;

	for (i = 0; i < nq; i++)
		hits += scan(p, n, q[i]) >= 0;
	sink = hits;
	return (now_ns() - t0) / (double)nq;
}

static void
bench_addrs(size_t n)
{
	struct v4 *p = uc_xcalloc(n, sizeof(*p));
	char (*text)[24] = uc_xcalloc(n, sizeof(*text));
	struct uc_netindex_entry *e = uc_xcalloc(n, sizeof(*e));
	struct uc_netaddr *q = uc_xcalloc(LOOKUPS, sizeof(*q));
	uint32_t *raw = uc_xcalloc(LOOKUPS, sizeof(*raw));
	struct uc_netindex *ix = NULL;
	struct uc_netindex_stats st;
	struct uc_error err = { 0 };
	char buf[24];
	double t0, build, fast, slow;
	size_t i;

	make_prefixes(p, text, n);
	for (i = 0; i < n; i++) {
		e[i].value = text[i];
		e[i].id = (int64_t)i + 1;
	}
	t0 = now_ns();
	if (uc_netindex_build(e, n, NULL, 0, &ix, &err) != UC_OK) {
		fprintf(stderr, "bench: %s\n", err.message);
		exit(1);
	}
	build = (now_ns() - t0) / 1e6;
	for (i = 0; i < LOOKUPS; i++) {
		raw[i] = address();
		v4_text(raw[i], buf, sizeof(buf));
		if (uc_netindex_parse(buf, &q[i]) != 0)
			exit(1);
	}
	fast = time_index(ix, q, LOOKUPS);
	slow = time_scan(p, n, raw, SCAN_WORK / n < LOOKUPS ?
	    SCAN_WORK / n : LOOKUPS);
	uc_netindex_stats(ix, &st);
	printf("| %6zu | %6zu | %6.1f ms | %6.1f | %9.1f | %5.0fx |\n",
	    n, st.ranges, build, fast, slow, slow / fast);
	uc_netindex_free(ix);
	uc_free(p);
	uc_free(text);
	uc_free(e);
	uc_free(q);
	uc_free(raw);
}

static void
bench_domains(size_t n)
{
	char (*names)[40] = uc_xcalloc(n, sizeof(*names));
	char (*q)[64] = uc_xcalloc(n, sizeof(*q));
	struct uc_netindex_entry *e = uc_xcalloc(n, sizeof(*e));
	struct uc_netindex *ix = NULL;
	struct uc_netindex_match m;
	struct uc_error err = { 0 };
	double t0, per;
	size_t i, k, hits = 0;

	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "d%08x.tinh%zu.gov.vn",
		    next32(), i % 63);
		/* half of the lookups miss: an unregistered name */
		snprintf(q[i], sizeof(q[i]), "www.mail.%s%s", i % 2 ? "x" :
		    "", names[i]);
		e[i].value = names[i];
		e[i].id = (int64_t)i + 1;
	}
	if (uc_netindex_build(NULL, 0, e, n, &ix, &err) != UC_OK) {
		fprintf(stderr, "bench: %s\n", err.message);
		exit(1);
	}
	t0 = now_ns();
	for (k = 0; k < LOOKUPS; k++)
		hits += (size_t)uc_netindex_domain(ix, q[k % n], &m);
	per = (now_ns() - t0) / LOOKUPS;
	sink = hits;
	printf("| %6zu | %6.1f |\n", n, per);
	uc_netindex_free(ix);
	uc_free(names);
	uc_free(q);
	uc_free(e);
}

int
main(int argc, char **argv)
{
	static const size_t sizes[] = { 100, 1000, 10000, 100000 };
	size_t i;

	(void)argc;
	(void)argv;
	printf("| prefixes | ranges | build | netindex ns/lookup | "
	    "linear scan ns/lookup | speed-up |\n|---|---|---|---|---|---|\n");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		bench_addrs(sizes[i]);
	printf("\n| domains | netindex ns/lookup (a name two labels "
	    "below, half of them unregistered) |\n|---|---|\n");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		bench_domains(sizes[i]);
	return 0;
}
