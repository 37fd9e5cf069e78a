/*
 * system.h - the registry of information systems (hệ thống thông tin,
 * issue 6 C4): who owns and runs each one, where it answers (public
 * IPs, CIDRs, domains), what runs on it, its security level from the
 * NĐ 85/2016 criteria (domain/level.h), the level dossier (hồ sơ đề
 * xuất cấp độ), the address and domain index that matches alerts and
 * observables to systems (domain/netindex.h), and what incidents take
 * from the registry. docs/internals/systems.md.
 *
 * Access (service/access.c): the owner unit's scope decides. unit.read
 * over it to see a system (outside the scope: UC_ENOTFOUND, so its
 * existence does not leak), system.write over it to change one (in
 * scope without it: UC_EPERM). Callers pass only known fields of the
 * right JSON type (the API's specs and the CLI see to that); these
 * functions check every value. Writes are one transaction each, with
 * an audit entry; results are new JSON references the caller owns.
 */
#ifndef UC_SYSTEM_H
#define UC_SYSTEM_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

#define UC_SYSTEM_MAX_ADDRESSES 256	/* IPs and CIDRs of one system */
#define UC_SYSTEM_MAX_DOMAINS 256
#define UC_SYSTEM_MAX_ITEMS 50	/* OS, services, controls, contacts */
#define UC_SYSTEM_MAX_HISTORY 100	/* dossier status changes kept */

struct uc_rulepack;
struct uc_netindex;

/* Filters of a list; NULL / 0 fields do not filter. */
struct uc_system_filter {
	int64_t unit_id;	/* this unit and the units below it */
	const char *q;		/* words of the name, purpose, domains ... */
	int level;		/* the level in force, 1-5 */
	int retired;		/* 1: the retired ones too */
	const char *cursor;	/* from the previous page */
	int limit;
};

/* *next: the cursor of the following page, NULL at the end. */
enum uc_status uc_system_list(struct uc_ctx *ctx,
    const struct uc_system_filter *f, json_t **out, char **next,
    struct uc_error *err) UC_WUR;
enum uc_status uc_system_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err) UC_WUR;
/* unit_id absent: the actor's own unit. */
enum uc_status uc_system_create(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;
/* Patch the fields of in; version is the caller's If-Match. */
enum uc_status uc_system_update(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;
/* Take it out of service: kept for the incidents that name it, out of
 * lists (unless asked) and of the index. */
enum uc_status uc_system_retire(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t **out, struct uc_error *err) UC_WUR;

/* The level that {criteria, components} would give, with its reasons,
 * without storing anything (the form shows it while ticking). */
enum uc_status uc_system_level(struct uc_ctx *ctx, json_t *in,
    json_t **out, struct uc_error *err) UC_WUR;

/* The dossier's proposed_level, note and parts ({code, provided, note,
 * reference}); only while it is a draft (UC_ECONFLICT otherwise). */
enum uc_status uc_system_dossier_update(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;
/* Move the dossier to in.status (submitted, appraised, approved,
 * draft) with in.note; approval needs in.decision_number and
 * in.decision_date. UC_ECONFLICT for a move level.h does not allow,
 * UC_EVALID naming what is missing (parts, the decision). */
enum uc_status uc_system_dossier_status(struct uc_ctx *ctx, int64_t id,
    int64_t version, json_t *in, json_t **out, struct uc_error *err)
    UC_WUR;

/* The systems an IP (type "ip") or a domain ("domain") belongs to,
 * among those the actor may see: {query, matches: [...]} with the
 * prefix or domain that matched. */
enum uc_status uc_system_match(struct uc_ctx *ctx, const char *type,
    const char *value, json_t **out, struct uc_error *err) UC_WUR;

/*
 * The index of every system in service, shared by the threads of this
 * process and rebuilt when the registry's generation (bumped by every
 * change, by any process) moved since it was built. Borrow it with
 * _get and hand it back with _release; it stays valid in between even
 * when a newer one replaces it.
 */
struct uc_system_index;
enum uc_status uc_system_index_get(struct uc_ctx *ctx,
    struct uc_system_index **out /* OUT */, struct uc_error *err) UC_WUR;
const struct uc_netindex *uc_system_index_net(
    const struct uc_system_index *h);
void uc_system_index_release(struct uc_system_index *h);

/*
 * For an incident's document (service/incident.c, before intake):
 * every systems[i] with a system_id takes its name, level in force and
 * national-critical flag from the registry (and its first domain and
 * IP when it names none), so the serious test reads the registered
 * level; and a report (Mẫu 03) gets the system block and the extra
 * block from the first registered system wherever it left them empty.
 * A system_id must be one the actor may see, unless cur (the stored
 * incident, or NULL) names it already. UC_EVALID naming
 * systems[i].system_id otherwise.
 */
enum uc_status uc_system_fill(struct uc_ctx *ctx, json_t *doc, json_t *cur,
    struct uc_error *err) UC_WUR;

/* levels.txt of a pack as JSON: {groups, criteria, dossier_parts,
 * phrases} (for GET /api/v1/rulepacks/{id}). */
json_t *uc_system_levels_json(const struct uc_rulepack *p);

#endif
