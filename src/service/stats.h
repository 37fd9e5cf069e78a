/*
 * stats.h - statistics of the incident register over a period, for a
 * unit and the units below it: counts by type, unit, severity and
 * month; the times to detect, report, contain, recover and close;
 * reporting deadlines met, late or overdue; and the 6-month / annual
 * summary (Mẫu 05, regulation.md §3.3 E) built from the same figures.
 *
 * What is counted: incidents whose unit is the chosen unit or below
 * it, detected in [from, to) (Asia/Ho_Chi_Minh days), that the actor
 * may read (service/access.c, uc_access_incident_filter: the one
 * rule, so a TLP:RED incident the actor is not named on is not
 * counted), and that are not drill incidents (exercise). A unit the
 * actor may not read answers UC_ENOTFOUND, as everywhere. What each
 * figure means, column by column, is in docs/internals/statistics.md.
 * Results are new JSON references the caller owns.
 */
#ifndef UC_STATS_H
#define UC_STATS_H

#include "core/buf.h"
#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

#define UC_STATS_MAX_MONTHS 120	/* a period spans at most 10 years */

struct uc_stats_query {
	int64_t unit_id;	/* 0: the unit over which the actor reads
				 * incidents (refused when several) */
	const char *from;	/* first day: "2026-01-01" or "01/01/2026" */
	const char *to;		/* the day after the last, same forms */
};

/* A rendered export: body (capped), media type and file name, both
 * in the context's arena. */
struct uc_stats_file {
	struct uc_buf body;
	const char *content_type;
	const char *filename;
};

/* The tables of the statistics, for CSV (one per request). */
int uc_stats_table_known(const char *table);

/* The statistics as JSON (docs/internals/statistics.md). */
enum uc_status uc_stats_get(struct uc_ctx *ctx,
    const struct uc_stats_query *q, json_t **out, struct uc_error *err)
    UC_WUR;

/*
 * The statistics as format "json", "csv" (table: by_type, by_unit,
 * by_severity, by_month, times or deadlines; required) or "xlsx" (one
 * worksheet per table; table must be NULL) into f (initialised here;
 * the caller cleans f->body up).
 */
enum uc_status uc_stats_export(struct uc_ctx *ctx,
    const struct uc_stats_query *q, const char *format, const char *table,
    struct uc_stats_file *f /* OUT */, struct uc_error *err) UC_WUR;

/* The data of the Mẫu 05 document (render/summary.h). */
enum uc_status uc_stats_summary(struct uc_ctx *ctx,
    const struct uc_stats_query *q, json_t **out, struct uc_error *err)
    UC_WUR;

/* The Mẫu 05 document as format "pdf", "docx" or "json" into f. */
enum uc_status uc_stats_summary_render(struct uc_ctx *ctx,
    const struct uc_stats_query *q, const char *format,
    struct uc_stats_file *f /* OUT */, struct uc_error *err) UC_WUR;

#endif
