/*
 * netindex.h - which registered systems an address or a domain belongs
 * to, answered in well under a microsecond, for matching alerts and
 * observables to systems.
 *
 * Built once from (value, id) pairs - canonical IPv4/IPv6 addresses,
 * CIDRs and domains as domain/observable.h writes them - into an
 * immutable index that any number of threads may read at once:
 *
 * - Addresses live in one 128-bit space (IPv4 as ::ffff:a.b.c.d, so an
 *   IPv4-mapped IPv6 address finds IPv4 prefixes; an address is a /32
 *   or /128). The prefixes are cut into disjoint ranges, each owned by
 *   the most specific prefix covering it, and sorted: a lookup is one
 *   binary search, and gives the longest matching prefix.
 * - Domains live in an open-addressing hash. A lookup tries the name,
 *   then each parent ("a.b.example.vn", "b.example.vn", "example.vn",
 *   "vn"): a registered domain covers its subdomains, and the longest
 *   registered suffix wins.
 *
 * Several systems may register the same prefix or domain: a match
 * gives all of them (the ids of that one entry, ascending, no repeats).
 * Pure: no I/O; _build allocates, _free releases.
 */
#ifndef UC_NETINDEX_H
#define UC_NETINDEX_H

#include "core/status.h"

#include <stddef.h>
#include <stdint.h>

struct uc_netindex;

/* An address in the 128-bit space, most significant half first. */
struct uc_netaddr {
	uint64_t hi;
	uint64_t lo;
};

struct uc_netindex_entry {
	const char *value;	/* canonical IP, CIDR or domain */
	int64_t id;		/* the system's */
};

struct uc_netindex_match {
	const int64_t *ids;	/* borrowed from the index */
	size_t nids;
	const char *key;	/* what matched: "203.0.113.0/24", "a.vn" */
};

/*
 * Build an index of addrs (IPs and CIDRs, the prefix's host bits zero)
 * and domains. UC_EINVAL naming the first value that is not in
 * canonical form. The caller owns *out (uc_netindex_free).
 */
enum uc_status uc_netindex_build(const struct uc_netindex_entry *addrs,
    size_t naddrs, const struct uc_netindex_entry *domains, size_t ndomains,
    struct uc_netindex **out /* OUT */, struct uc_error *err) UC_WUR;
/* Accepts NULL. */
void uc_netindex_free(struct uc_netindex *ix);

/* Parse an IPv4 or IPv6 address (not a CIDR) into *out: 0 on success,
 * -1 when s is not one. */
int uc_netindex_parse(const char *s, struct uc_netaddr *out /* OUT */);

/* The systems of the longest prefix holding a: 1 with *m filled, else
 * 0. */
int uc_netindex_addr(const struct uc_netindex *ix,
    const struct uc_netaddr *a, struct uc_netindex_match *m /* OUT */);
/* The same from text (0 as well when ip does not parse). */
int uc_netindex_ip(const struct uc_netindex *ix, const char *ip,
    struct uc_netindex_match *m /* OUT */);
/* The systems of the longest registered suffix of a canonical
 * (lower-case) domain: 1 with *m filled, else 0. */
int uc_netindex_domain(const struct uc_netindex *ix, const char *domain,
    struct uc_netindex_match *m /* OUT */);

/* Sizes, for logs and the benchmark. */
struct uc_netindex_stats {
	size_t prefixes;	/* distinct prefixes */
	size_t ranges;		/* disjoint ranges after the cut */
	size_t domains;		/* distinct domains */
};
void uc_netindex_stats(const struct uc_netindex *ix,
    struct uc_netindex_stats *out /* OUT */);

#endif
