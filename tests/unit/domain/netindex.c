/*
 * tests/unit/domain/netindex.c - src/domain/netindex.c: longest-prefix
 * match over nested IPv4 and IPv6 prefixes (the ends of the address
 * space included), several systems on one prefix, the domain index
 * with its parent walk, refused input, and random prefixes checked
 * against a linear scan.
 */
#include "../../../src/domain/netindex.c"

#include <criterion/criterion.h>
#include <stdio.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct uc_netindex *
build(const struct uc_netindex_entry *a, size_t na,
    const struct uc_netindex_entry *d, size_t nd)
{
	struct uc_netindex *ix = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_netindex_build(a, na, d, nd, &ix, &err), UC_OK, "%s",
	    err.message);
	return ix;
}

/* The key that ip matches ("" for none) and its first id. */
static const char *
key_of(const struct uc_netindex *ix, const char *ip, int64_t *id)
{
	struct uc_netindex_match m;

	*id = 0;
	if (!uc_netindex_ip(ix, ip, &m))
		return "";
	*id = m.ids[0];
	return m.key;
}

static const struct uc_netindex_entry nested[] = {
	{ "10.0.0.0/8", 1 },
	{ "10.1.0.0/16", 2 },
	{ "10.1.2.0/24", 3 },
	{ "10.1.2.128/25", 4 },
	{ "10.1.2.200", 5 },
	{ "10.2.0.0/16", 6 },
	{ "192.0.2.0/24", 7 },
	{ "2001:db8::/32", 8 },
	{ "2001:db8:1::/48", 9 },
	{ "2001:db8:1::1", 10 },
};

Test(domain_netindex, the_longest_prefix_wins)
{
	static const struct {
		const char *ip;
		const char *key;
		int64_t id;
	} vec[] = {
		{ "10.0.0.1", "10.0.0.0/8", 1 },
		{ "10.1.0.0", "10.1.0.0/16", 2 },
		{ "10.1.2.0", "10.1.2.0/24", 3 },
		{ "10.1.2.127", "10.1.2.0/24", 3 },
		{ "10.1.2.128", "10.1.2.128/25", 4 },
		{ "10.1.2.199", "10.1.2.128/25", 4 },
		{ "10.1.2.200", "10.1.2.200", 5 },
		{ "10.1.2.201", "10.1.2.128/25", 4 },
		{ "10.1.2.255", "10.1.2.128/25", 4 },
		{ "10.1.3.0", "10.1.0.0/16", 2 },
		{ "10.1.255.255", "10.1.0.0/16", 2 },
		{ "10.2.0.0", "10.2.0.0/16", 6 },
		{ "10.3.0.0", "10.0.0.0/8", 1 },
		{ "10.255.255.255", "10.0.0.0/8", 1 },
		{ "11.0.0.0", "", 0 },
		{ "9.255.255.255", "", 0 },
		{ "192.0.2.77", "192.0.2.0/24", 7 },
		{ "192.0.3.0", "", 0 },
		{ "::ffff:10.1.2.200", "10.1.2.200", 5 },
		{ "::ffff:192.0.2.1", "192.0.2.0/24", 7 },
		{ "2001:db8::1", "2001:db8::/32", 8 },
		{ "2001:db8:1::1", "2001:db8:1::1", 10 },
		{ "2001:db8:1::2", "2001:db8:1::/48", 9 },
		{ "2001:db8:2::", "2001:db8::/32", 8 },
		{ "2001:db9::", "", 0 },
		{ "::", "", 0 },
		{ "not an ip", "", 0 },
		{ "10.1.2.0/24", "", 0 },
	};
	struct uc_netindex *ix = build(nested, NELEM(nested), NULL, 0);
	struct uc_netindex_stats st;
	size_t i;
	int64_t id;

	for (i = 0; i < NELEM(vec); i++) {
		cr_expect_str_eq(key_of(ix, vec[i].ip, &id), vec[i].key,
		    "%s", vec[i].ip);
		cr_expect_eq(id, vec[i].id, "%s", vec[i].ip);
	}
	uc_netindex_stats(ix, &st);
	cr_expect_eq(st.prefixes, NELEM(nested));
	cr_expect_eq(st.domains, 0);
	uc_netindex_free(ix);
}

Test(domain_netindex, the_ends_of_the_address_space)
{
	static const struct uc_netindex_entry e[] = {
		{ "::/0", 1 },
		{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 2 },
		{ "0.0.0.0/0", 3 },
		{ "255.255.255.255", 4 },
		{ "::", 5 },
	};
	struct uc_netindex *ix = build(e, NELEM(e), NULL, 0);
	int64_t id;

	cr_expect_str_eq(key_of(ix, "::", &id), "::");
	cr_expect_str_eq(key_of(ix, "::1", &id), "::/0");
	cr_expect_str_eq(key_of(ix, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:"
	    "fffe", &id), "::/0");
	cr_expect_str_eq(key_of(ix, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:"
	    "ffff", &id), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	cr_expect_str_eq(key_of(ix, "0.0.0.0", &id), "0.0.0.0/0");
	cr_expect_str_eq(key_of(ix, "255.255.255.254", &id), "0.0.0.0/0");
	cr_expect_str_eq(key_of(ix, "255.255.255.255", &id),
	    "255.255.255.255");
	/* just past the IPv4 block: the IPv6 default again */
	cr_expect_str_eq(key_of(ix, "::1:0:0:0", &id), "::/0");
	uc_netindex_free(ix);
}

Test(domain_netindex, several_systems_on_one_prefix)
{
	static const struct uc_netindex_entry e[] = {
		{ "203.0.113.0/24", 7 },
		{ "203.0.113.0/24", 3 },
		{ "203.0.113.0/24", 7 },
		{ "203.0.113.10", 9 },
	};
	struct uc_netindex *ix = build(e, NELEM(e), NULL, 0);
	struct uc_netindex_match m;

	cr_assert(uc_netindex_ip(ix, "203.0.113.1", &m));
	cr_assert_eq(m.nids, 2);
	cr_expect_eq(m.ids[0], 3);
	cr_expect_eq(m.ids[1], 7);
	cr_assert(uc_netindex_ip(ix, "203.0.113.10", &m));
	cr_assert_eq(m.nids, 1);
	cr_expect_eq(m.ids[0], 9);
	uc_netindex_free(ix);
}

Test(domain_netindex, domains_and_their_parents)
{
	static const struct uc_netindex_entry d[] = {
		{ "hungyen.gov.vn", 1 },
		{ "snv.hungyen.gov.vn", 2 },
		{ "snv.hungyen.gov.vn", 3 },
		{ "xn--hngyn-4qa.vn", 4 },
	};
	static const struct {
		const char *name;
		const char *key;
	} vec[] = {
		{ "hungyen.gov.vn", "hungyen.gov.vn" },
		{ "www.hungyen.gov.vn", "hungyen.gov.vn" },
		{ "snv.hungyen.gov.vn", "snv.hungyen.gov.vn" },
		{ "a.b.snv.hungyen.gov.vn", "snv.hungyen.gov.vn" },
		{ "xsnv.hungyen.gov.vn", "hungyen.gov.vn" },
		{ "hungyen.gov", "" },
		{ "gov.vn", "" },
		{ "vn", "" },
		{ "khanhhoa.gov.vn", "" },
		{ "mail.xn--hngyn-4qa.vn", "xn--hngyn-4qa.vn" },
		{ "", "" },
	};
	struct uc_netindex *ix = build(NULL, 0, d, NELEM(d));
	struct uc_netindex_match m;
	size_t i;

	for (i = 0; i < NELEM(vec); i++) {
		int hit = uc_netindex_domain(ix, vec[i].name, &m);

		cr_expect_eq(hit, *vec[i].key != '\0', "%s", vec[i].name);
		cr_expect_str_eq(hit ? m.key : "", vec[i].key, "%s",
		    vec[i].name);
	}
	cr_assert(uc_netindex_domain(ix, "x.snv.hungyen.gov.vn", &m));
	cr_expect_eq(m.nids, 2);
	cr_expect_eq(uc_netindex_domain(ix, NULL, &m), 0);
	/* an address lookup finds nothing in a domain-only index */
	cr_expect_eq(uc_netindex_ip(ix, "10.0.0.1", &m), 0);
	uc_netindex_free(ix);
}

Test(domain_netindex, input_not_in_canonical_form_is_refused)
{
	static const char *const bad_addrs[] = {
		"10.0.0.1/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08",
		"2001:db8::1/32", "2001:db8::/129", "x", "", "10.0.0.0/8x",
	};
	static const char *const bad_domains[] = {
		"", ".vn", "vn.", "a..vn", "Hungyen.gov.vn", "a b.vn",
	};
	struct uc_netindex *ix = NULL;
	struct uc_error err = { 0 };
	size_t i;

	for (i = 0; i < NELEM(bad_addrs); i++) {
		struct uc_netindex_entry e = { bad_addrs[i], 1 };

		cr_expect_eq(uc_netindex_build(&e, 1, NULL, 0, &ix, &err),
		    UC_EINVAL, "%s", bad_addrs[i]);
		cr_expect_null(ix);
	}
	for (i = 0; i < NELEM(bad_domains); i++) {
		struct uc_netindex_entry e = { bad_domains[i], 1 };

		cr_expect_eq(uc_netindex_build(NULL, 0, &e, 1, &ix, &err),
		    UC_EINVAL, "%s", bad_domains[i]);
		cr_expect_null(ix);
	}
	cr_expect_not_null(strstr(err.message, "a b.vn"));
}

/* ---- random prefixes against a linear scan ----------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t
next32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

struct v4 {
	uint32_t net;
	int len;
	char text[24];
};

/* Addresses crowd into 10.0.0.0/16 so prefixes nest often. */
static uint32_t
crowded(void)
{
	return 0x0a000000u | (next32() & 0xffffu);
}

static void
random_prefix(struct v4 *p)
{
	uint32_t mask;

	p->len = 8 + (int)(next32() % 25);
	mask = p->len == 32 ? 0xffffffffu : ~(0xffffffffu >> p->len);
	p->net = crowded() & mask;
	snprintf(p->text, sizeof(p->text), "%u.%u.%u.%u/%d", p->net >> 24,
	    (p->net >> 16) & 255, (p->net >> 8) & 255, p->net & 255, p->len);
}

/* The longest prefix holding a, by brute force; -1 when none. */
static int
scan(const struct v4 *p, size_t n, uint32_t a)
{
	int best = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t mask = p[i].len == 32 ? 0xffffffffu :
		    ~(0xffffffffu >> p[i].len);

		if ((a & mask) == p[i].net && (best < 0 ||
		    p[i].len > p[best].len))
			best = (int)i;
	}
	return best;
}

Test(domain_netindex, random_prefixes_agree_with_a_linear_scan)
{
	enum { N = 1500, LOOKUPS = 20000 };
	static struct v4 p[N];
	static struct uc_netindex_entry e[N];
	struct uc_netindex_match m;
	struct uc_netindex *ix;
	char ip[24];
	size_t i;
	int want;
	uint32_t a;

	for (i = 0; i < N; i++) {
		random_prefix(&p[i]);
		e[i].value = p[i].text;
		e[i].id = (int64_t)i + 1;
	}
	ix = build(e, N, NULL, 0);
	for (i = 0; i < LOOKUPS; i++) {
		a = i % 2 ? crowded() : next32();
		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", a >> 24,
		    (a >> 16) & 255, (a >> 8) & 255, a & 255);
		want = scan(p, N, a);
		if (want < 0) {
			cr_expect_eq(uc_netindex_ip(ix, ip, &m), 0, "%s", ip);
			continue;
		}
		cr_assert(uc_netindex_ip(ix, ip, &m), "%s", ip);
		/* equal prefixes share a key: compare the prefix, not id */
		cr_expect_str_eq(m.key, p[want].text, "%s", ip);
	}
	uc_netindex_free(ix);
}
