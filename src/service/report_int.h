/*
 * report_int.h - what the three files of the reports module share:
 * report.c (the workflow), report_fields.c (the forms and the free
 * fields an operator edits) and report_data.c (the data a document is
 * rendered from). Not for other modules: they use report.h.
 */
#ifndef UC_REPORT_INT_H
#define UC_REPORT_INT_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* A form a report can take. */
struct uc_report_form {
	const char *code;	/* the pack's report code; member_profile */
	const char *doc_type;	/* Phụ lục III: "BC", "TB"; "" unnumbered */
	int unit;		/* drafted for a unit, not an incident */
	const char *kind;	/* type name: "BÁO CÁO" */
	const char *subject;	/* trích yếu */
	const char *name;	/* in a timeline line: "báo cáo ban đầu" */
	const char *lead;	/* the opening's verb phrase (types 3-6) */
	const char *const *fields;	/* its free fields */
	const char *required;	/* a free field it needs, or NULL */
	const char *vi, *en;	/* its name where the pack has none */
};

/* The form of that code, or NULL. */
const struct uc_report_form *uc_report_form(const char *code);

/* The i-th form (0, 1 ...), NULL past the last. */
const struct uc_report_form *uc_report_form_at(size_t i);

/* The free fields of form f as the API lists them (GET
 * /api/v1/reports/forms): [{name, type, required, ...}]. */
json_t *uc_report_fields_json(const struct uc_report_form *f);

/*
 * fields: the free fields of a draft of form f (docs/internals/
 * reports.md lists them); UC_EVALID with every bad one named
 * ("fields.staff[2].count").
 */
enum uc_status uc_report_fields_check(const struct uc_report_form *f,
    json_t *fields, struct uc_error *err) UC_WUR;

/* The unit's settings as the documents use them (report_data.c). */
enum uc_status uc_report_unit(struct uc_ctx *ctx, int64_t unit_id,
    json_t **out /* OUT */, struct uc_error *err) UC_WUR;

/*
 * The data object of report rep (render/forms.h): the register as it
 * stands, the unit's settings and the free fields, with the number and
 * date of approval at `at` (ms), or the clerk's blanks when at is 0.
 */
enum uc_status uc_report_data(struct uc_ctx *ctx, json_t *rep, int64_t at,
    json_t **out /* OUT */, struct uc_error *err) UC_WUR;

#endif
