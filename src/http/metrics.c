/*
 * metrics.c - see metrics.h. Status codes are folded into a fixed list
 * so the counter table is a plain array indexed [route][status slot].
 */
#include "http/metrics.h"
#include "http/router.h"
#include "store/store.h"

#include <stdatomic.h>

#define MAX_ROUTES 128
#define NBUCKETS 12

static const int statuses[] = { 200, 201, 204, 304, 400, 401, 403, 404,
	405, 409, 412, 413, 415, 422, 428, 429, 500, 503, 0 };
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

static const double buckets[NBUCKETS] = { 0.0005, 0.001, 0.0025, 0.005,
	0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 };

static atomic_ulong counts[MAX_ROUTES + 1][NSTATUS];
static atomic_ulong hist[NBUCKETS + 1];
static atomic_ulong hist_count;
static atomic_ulong hist_sum_us;

static size_t
status_slot(int status)
{
	size_t i;

	for (i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;	/* "other" */
}

void
uc_metrics_observe(int route, int status, double seconds)
{
	size_t r = route < 0 || route >= MAX_ROUTES ? MAX_ROUTES :
	    (size_t)route, b;

	atomic_fetch_add(&counts[r][status_slot(status)], 1);
	for (b = 0; b < NBUCKETS && seconds > buckets[b]; b++)
		;
	atomic_fetch_add(&hist[b], 1);
	atomic_fetch_add(&hist_count, 1);
	atomic_fetch_add(&hist_sum_us, (unsigned long)(seconds * 1e6));
}

static enum uc_status
render_requests(struct uc_buf *b)
{
	enum uc_status rc = uc_buf_appends(b, "# HELP ungcuu_http_requests_"
	    "total HTTP requests by route and status.\n# TYPE ungcuu_http_"
	    "requests_total counter\n");
	size_t r, s;

	for (r = 0; rc == UC_OK && r <= MAX_ROUTES; r++) {
		if (r < MAX_ROUTES && r >= uc_nroutes)
			continue;
		for (s = 0; rc == UC_OK && s < NSTATUS; s++) {
			unsigned long n = atomic_load(&counts[r][s]);

			if (n == 0)
				continue;
			rc = uc_buf_appendf(b, "ungcuu_http_requests_total{"
			    "method=\"%s\",route=\"%s\",status=\"%d\"} %lu\n",
			    r < MAX_ROUTES ? uc_routes[r].method : "",
			    r < MAX_ROUTES ? uc_routes[r].pattern :
			    "unmatched", statuses[s], n);
		}
	}
	return rc;
}

static enum uc_status
render_latency(struct uc_buf *b)
{
	enum uc_status rc = uc_buf_appends(b, "# HELP ungcuu_http_request_"
	    "duration_seconds Request latency.\n# TYPE ungcuu_http_request_"
	    "duration_seconds histogram\n");
	unsigned long cum = 0;
	size_t i;

	for (i = 0; rc == UC_OK && i < NBUCKETS; i++) {
		cum += atomic_load(&hist[i]);
		rc = uc_buf_appendf(b, "ungcuu_http_request_duration_seconds_"
		    "bucket{le=\"%g\"} %lu\n", buckets[i], cum);
	}
	cum += atomic_load(&hist[NBUCKETS]);
	if (rc == UC_OK)
		rc = uc_buf_appendf(b, "ungcuu_http_request_duration_seconds_"
		    "bucket{le=\"+Inf\"} %lu\nungcuu_http_request_duration_"
		    "seconds_sum %.6f\nungcuu_http_request_duration_seconds_"
		    "count %lu\n", cum, atomic_load(&hist_sum_us) / 1e6,
		    atomic_load(&hist_count));
	return rc;
}

enum uc_status
uc_metrics_render(struct uc_buf *b)
{
	int open = 0, busy = 0;
	enum uc_status rc;

	uc_store_pool_stats(&open, &busy);
	rc = render_requests(b);
	if (rc == UC_OK)
		rc = render_latency(b);
	if (rc == UC_OK)
		rc = uc_buf_appendf(b, "# HELP ungcuu_db_connections Database "
		    "connections (one per worker thread).\n# TYPE ungcuu_db_"
		    "connections gauge\nungcuu_db_connections %d\n# HELP "
		    "ungcuu_db_connections_busy Connections serving a request."
		    "\n# TYPE ungcuu_db_connections_busy gauge\nungcuu_db_"
		    "connections_busy %d\n", open, busy);
	return rc;
}
