/*
 * log.c - one line per event, written with a single fputs so lines from
 * threads never interleave.
 */
#include "core/log.h"
#include "core/time.h"

#include <stdarg.h>
#include <stdio.h>

static enum uc_log_level min_level = UC_LOG_INFO;

void
uc_log_set_level(enum uc_log_level lvl)
{
	min_level = lvl;
}

void
uc_log(enum uc_log_level lvl, const char *fmt, ...)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	char ts[32], line[1024];
	va_list ap;
	int n;

	if (lvl < min_level)
		return;
	uc_time_format(uc_time_now_ms(), ts, sizeof(ts));
	n = snprintf(line, sizeof(line), "ts=%s level=%s msg=", ts,
	    names[lvl]);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", line);
}
