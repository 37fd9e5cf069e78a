/*
 * access.h - the one place that decides a permission.
 *
 * Every service function asks here before it reads or writes. Objects
 * outside the actor's scope answer UC_ENOTFOUND (their existence does not
 * leak); objects in scope that the actor may not touch answer UC_EPERM.
 */
#ifndef UC_ACCESS_H
#define UC_ACCESS_H

#include "core/status.h"
#include "domain/perm.h"
#include "service/ctx.h"

struct uc_sql;

/* Load the role grants of ctx->actor.user_id (with their unit paths). */
enum uc_status uc_access_load(struct uc_ctx *ctx, struct uc_error *err)
    UC_WUR;
/* Make ctx->actor the command-line operator. */
void uc_access_system(struct uc_ctx *ctx, const char *login);
/* May the actor use `perm` on the unit with this path? */
enum uc_status uc_access_path(struct uc_ctx *ctx, enum uc_perm perm,
    const char *path, struct uc_error *err) UC_WUR;
/* Same, for a unit id (looks the path up; UC_ENOTFOUND when absent). */
enum uc_status uc_access_unit(struct uc_ctx *ctx, enum uc_perm perm,
    int64_t unit_id, struct uc_error *err) UC_WUR;
/* Boolean form for filtering lists. */
int uc_access_allows(struct uc_ctx *ctx, enum uc_perm perm,
    const char *path);
/* The unit paths over which the actor holds `perm` (arena memory);
 * a system actor gets the single path "/". */
size_t uc_access_scopes(struct uc_ctx *ctx, enum uc_perm perm,
    const char ***paths);
/* Appends " AND (<col> LIKE '/1/4/%' OR ...)" for the units over which
 * the actor holds perm (" AND 1 = 0" for none; nothing for the system
 * actor): a list of records units keep, in SQL. col names the owning
 * unit's path column ("un.path"). */
void uc_access_unit_filter(struct uc_ctx *ctx, enum uc_perm perm,
    const char *col, struct uc_sql *q);
/* UC_OK unless the session is restricted to TOTP enrolment. */
enum uc_status uc_access_unrestricted(struct uc_ctx *ctx,
    struct uc_error *err) UC_WUR;

/*
 * An incident, by internal id: UC_ENOTFOUND when the actor may not see
 * it (out of scope, or TLP:RED without being named on it), UC_EPERM
 * when they see it but `perm` is not theirs. The rule: access.c.
 */
enum uc_status uc_access_incident(struct uc_ctx *ctx, enum uc_perm perm,
    int64_t id, struct uc_error *err) UC_WUR;
/* Append the same visibility rule to a query over "incidents i JOIN
 * units un ON un.id = i.unit_id" (" AND (...)"). */
void uc_access_incident_filter(struct uc_ctx *ctx, struct uc_sql *q);

#endif
