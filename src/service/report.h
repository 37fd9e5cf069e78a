/*
 * report.h - official reports filled from the register, through their
 * workflow: draft -> approved -> sent -> acknowledged. From an incident:
 * the notice (regulation.md §3.3 A), Mẫu 03 (§3.3 B), Mẫu 04 (§3.3 C),
 * the free-form reports of §3.1 types 3-6 (§3.3 D); for a unit: Mẫu 01,
 * the network member profile (§3.3 F).
 *
 * A draft is built from the register each time it is read, plus the
 * free fields the operator edits. Approval (report.approve: a leader
 * of the unit, or a coordinator) gives it its number from the unit's
 * counter for the year and document type, freezes the data it renders
 * from and records the SHA-256 of its PDF in the audit log; after that
 * nothing in it changes: a correction is a new edition that names the
 * one it replaces. Sending records the incident's report send (the
 * clocks read it); acknowledging records the receiver's time.
 *
 * Reports are named by their public id, BC-YYYY-NNNN. Every function
 * checks access through the report's subject (service/access.c): a
 * report of an incident the actor cannot see, or of a unit outside
 * their scope, does not exist for them.
 * Results are new JSON references the caller owns.
 * See docs/internals/reports.md.
 */
#ifndef UC_REPORT_H
#define UC_REPORT_H

#include "core/buf.h"
#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* A rendered document: body (capped at UC_DOC_MAX_BYTES), its media
 * type and a file name, both in the context's arena. */
struct uc_report_file {
	struct uc_buf body;
	const char *content_type;
	const char *filename;
};

/* in: form (notice, initial, progress, plan, direction_request,
 * support_request, final: with incident SC-...; member_profile: with
 * unit_id), fields?, replaces? (BC-...: an approved edition of the
 * same subject and form). */
enum uc_status uc_report_create(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
enum uc_status uc_report_get(struct uc_ctx *ctx, const char *rid,
    json_t **out, struct uc_error *err) UC_WUR;
/* The reports of incident pid, newest first. */
enum uc_status uc_report_list(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;
/* Every form a report can take in this instance's rule pack: code,
 * label {vi, en}, subject (incident | unit), document type, whether it
 * covers a period, its free fields (report_fields.c). */
enum uc_status uc_report_forms(struct uc_ctx *ctx, json_t **out,
    struct uc_error *err) UC_WUR;
/* The reports of unit unit_id itself (Mẫu 01, 05), newest first. */
enum uc_status uc_report_list_unit(struct uc_ctx *ctx, int64_t unit_id,
    json_t **out, struct uc_error *err) UC_WUR;
/* patch: {fields: {...}}, merged (null removes a field); drafts only
 * (UC_ECONFLICT once approved); version is the If-Match. */
enum uc_status uc_report_update(struct uc_ctx *ctx, const char *rid,
    int64_t version, json_t *patch, json_t **out, struct uc_error *err)
    UC_WUR;
enum uc_status uc_report_approve(struct uc_ctx *ctx, const char *rid,
    int64_t version, json_t **out, struct uc_error *err) UC_WUR;
/* in: recipients (1-20 strings), channel (cong_van, email, fax,
 * national_system, other), sent_at? (ISO; default now). */
enum uc_status uc_report_send(struct uc_ctx *ctx, const char *rid,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;
/* in: acked_at? (ISO; default now, not before the send). */
enum uc_status uc_report_ack(struct uc_ctx *ctx, const char *rid,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;
/* The document as format "pdf", "docx" or "json" into f (initialised
 * here; the caller cleans f->body up). */
enum uc_status uc_report_render(struct uc_ctx *ctx, const char *rid,
    const char *format, struct uc_report_file *f /* OUT */,
    struct uc_error *err) UC_WUR;

/* 1 when code names a report form (summary, member_profile, initial
 * ...): an obligation of that code is fulfilled by that form. */
int uc_report_is_form(const char *code);

#endif
