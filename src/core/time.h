/*
 * time.h - UTC instants as milliseconds since the epoch, and their ISO
 * 8601 form "YYYY-MM-DDTHH:MM:SS.mmmZ" (fixed width, so the text sorts
 * like the instant: SQLite compares it as text).
 */
#ifndef UC_TIME_H
#define UC_TIME_H

#include "core/status.h"

#include <stddef.h>
#include <stdint.h>

#define UC_TIME_ISO_LEN 24
/* The instants the ISO form holds: 1970-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z. */
#define UC_TIME_FIRST_MS INT64_C(0)
#define UC_TIME_LAST_MS INT64_C(253402300799999)

int64_t uc_time_now_ms(void);
/* Monotonic clock in nanoseconds, for durations. */
int64_t uc_time_mono_ns(void);
struct timespec;
/* The CLOCK_MONOTONIC instant ms from now, for pthread_cond_timedwait
 * on a condition variable set to that clock. */
void uc_time_mono_after(int64_t ms, struct timespec *ts);
/* Writes the ISO form; buf needs UC_TIME_ISO_LEN + 1 bytes. */
void uc_time_format(int64_t ms, char *buf, size_t len);
/* Accepts "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM]" and PostgreSQL's
 * "YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM]", for an instant from
 * UC_TIME_FIRST_MS to UC_TIME_LAST_MS: what uc_time_format writes, so
 * whatever parses formats to text that parses back to it. */
enum uc_status uc_time_parse(const char *s, int64_t *out) UC_WUR;

#endif
