/*
 * send.h - reports sent for an incident (gui bao cao): which report of
 * the incident's rule pack, its reference (so ky hieu), recipients,
 * channel and time, and the recipient's acknowledgement. The deadline
 * clocks read these rows, so each change touches the incident.
 *
 * A send is a fact: it is recorded, acknowledged once, never edited.
 * An acknowledgement may still be recorded after the incident closed.
 * Results are new JSON references the caller owns; changes follow
 * service/part.h (audit, timeline, incident touched, one transaction).
 */
#ifndef UC_SEND_H
#define UC_SEND_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

#define UC_SEND_RECIPIENTS_MAX 20

/* in: report (a report code of the incident's pack), reference?
 * (0-50), recipients (1-20 strings of 1-200), channel (cong_van, email,
 * fax, national_system, other), sent_at (ISO, not in the future, not
 * before the incident was detected). */
enum uc_status uc_send_create(struct uc_ctx *ctx, const char *pid,
    json_t *in, json_t **out, struct uc_error *err) UC_WUR;
/* The incident's sends, newest first (UC_PART_LIST_MAX). */
enum uc_status uc_send_list(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;
/* Record that send `id` was acknowledged at acked_at (ISO, not in the
 * future, not before it was sent); once (UC_ECONFLICT after). */
enum uc_status uc_send_ack(struct uc_ctx *ctx, const char *pid,
    int64_t id, const char *acked_at, json_t **out, struct uc_error *err)
    UC_WUR;

#endif
