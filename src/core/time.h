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

int64_t uc_time_now_ms(void);
/* Monotonic clock in nanoseconds, for durations. */
int64_t uc_time_mono_ns(void);
/* Writes the ISO form; buf needs UC_TIME_ISO_LEN + 1 bytes. */
void uc_time_format(int64_t ms, char *buf, size_t len);
/* Accepts "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM]" and PostgreSQL's
 * "YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM]". */
enum uc_status uc_time_parse(const char *s, int64_t *out) UC_WUR;

#endif
