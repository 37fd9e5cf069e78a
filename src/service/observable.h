/*
 * observable.h (service) - the observables of an incident: addresses,
 * names, hashes, accounts, each stored once per incident in the
 * canonical form of domain/observable.h.
 *
 * One value is added with its type (a second copy of the same type and
 * value on the incident is UC_ECONFLICT). A pasted list is added line
 * by line: each non-empty line's type is guessed and its value
 * normalised; lines that cannot be read, and values the incident
 * already has, are reported as skipped while the others are added, all
 * in one transaction (partial success is the point of pasting). A
 * missing tlp is the incident's own.
 *
 * Each observable lists in seen_in the other incidents holding the
 * same type and value that the actor can see. Results are new JSON
 * references the caller owns; changes follow service/part.h.
 */
#ifndef UC_SERVICE_OBSERVABLE_H
#define UC_SERVICE_OBSERVABLE_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* Most lines one paste may hold. */
#define UC_OBSERVABLE_BULK_MAX 1000

/* in: type, value, tlp?, is_indicator?, first_seen?, last_seen?,
 * note? (0-2000 characters). */
enum uc_status uc_observable_add(struct uc_ctx *ctx, const char *pid,
    json_t *in, json_t **out, struct uc_error *err) UC_WUR;
/* in: text (lines), tlp?, is_indicator?; *out is {added: [...],
 * skipped: [{line, value, reason}]}, reason one of unrecognised,
 * invalid, too_long, duplicate. */
enum uc_status uc_observable_bulk(struct uc_ctx *ctx, const char *pid,
    json_t *in, json_t **out, struct uc_error *err) UC_WUR;
/* The incident's observables, newest first (UC_PART_LIST_MAX). */
enum uc_status uc_observable_list(struct uc_ctx *ctx, const char *pid,
    json_t **out, struct uc_error *err) UC_WUR;
enum uc_status uc_observable_delete(struct uc_ctx *ctx, const char *pid,
    int64_t id, struct uc_error *err) UC_WUR;

#endif
