/*
 * metrics.h - Prometheus counters: requests by route and status, a
 * latency histogram, database connections. Lock-free (atomics).
 */
#ifndef UC_METRICS_H
#define UC_METRICS_H

#include "core/buf.h"

/* Record one finished request; route -1 is "unmatched". */
void uc_metrics_observe(int route, int status, double seconds);
/* Append the exposition text to b. */
enum uc_status uc_metrics_render(struct uc_buf *b) UC_WUR;

#endif
