/*
 * owned.h - what the services of the records a unit keeps share:
 * drills, training sessions, equipment and licences. A record belongs
 * to one unit; the unit's scope decides (service/access.h): unit.read
 * to see it, the record's write permission to change it, 404 outside
 * the scope. These are the steps every such service takes alike: the
 * unit a new record goes to, a change opened at a version, a change
 * closed with its audit entry.
 */
#ifndef UC_SERVICE_OWNED_H
#define UC_SERVICE_OWNED_H

#include "core/status.h"
#include "domain/perm.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

struct uc_sql;
struct uc_stmt;

struct uc_owned {
	const char *type;	/* the audit's object type: "drill" */
	const char *name;	/* in messages: "the drill" */
	const char *plural;	/* "no unit 4 whose drills you may keep" */
	enum uc_perm write;	/* what changing one needs */
	/* the record as the API shows it, perm over its unit checked;
	 * UC_ENOTFOUND when it is out of sight */
	enum uc_status (*load)(struct uc_ctx *ctx, enum uc_perm perm,
	    int64_t id, json_t **out, struct uc_error *err);
	/* optional: what else the change does once its new state is read
	 * (a drill evaluated fulfils the calendar), before the audit */
	enum uc_status (*after)(struct uc_ctx *ctx, int64_t id, json_t *rec,
	    struct uc_error *err);
};

/*
 * Read one record: the row sql selects for id (one "?"), as row(s,
 * arg) makes it; perm over the unit whose path is in column path_col,
 * else UC_ENOTFOUND "no such <noun>" (out of sight and missing alike).
 */
enum uc_status uc_owned_read(struct uc_ctx *ctx, const char *sql,
    int64_t id, json_t *(*row)(struct uc_stmt *s, const void *arg),
    const void *arg, int path_col, enum uc_perm perm, const char *noun,
    json_t **out /* OUT */, struct uc_error *err) UC_WUR;

/*
 * Lists newest first by the day the record was held: uc_owned_seek adds
 * to q the rows after cursor ("<held_on>~<id>" of the last row shown;
 * NULL: from the start) of the table aliased `t`; uc_owned_page orders
 * and limits q, runs it (each row made by row), and gives the cursor of
 * the next page in *next (NULL at the end).
 */
enum uc_status uc_owned_seek(struct uc_ctx *ctx, struct uc_sql *q,
    const char *t, const char *cursor, struct uc_error *err) UC_WUR;
enum uc_status uc_owned_page(struct uc_ctx *ctx, struct uc_sql *q,
    const char *t, int limit, json_t *(*row)(struct uc_stmt *s,
    const void *arg), json_t **out /* OUT */, char **next /* OUT */,
    struct uc_error *err) UC_WUR;

/* The unit a new record goes to: in's unit_id, else the actor's own;
 * the write permission over it, a unit out of sight being a unit_id
 * field error. */
enum uc_status uc_owned_unit(struct uc_ctx *ctx, const struct uc_owned *o,
    json_t *in, int64_t *unit /* OUT */, struct uc_error *err) UC_WUR;

/* Open the transaction of a change of record id, read at version (412
 * otherwise); *cur gets it. The transaction is rolled back on failure. */
enum uc_status uc_owned_begin(struct uc_ctx *ctx, const struct uc_owned *o,
    int64_t id, int64_t version, json_t **cur /* OUT */,
    struct uc_error *err) UC_WUR;

/*
 * Close the change rc of record id: read its new state (out NULL: it
 * is gone, unit names its unit), run o->after, record the audit entry
 * `action` with before, commit. The transaction ends here whatever
 * happens; before is freed; *out gets the new state on success.
 */
enum uc_status uc_owned_end(struct uc_ctx *ctx, const struct uc_owned *o,
    int64_t id, int64_t unit, const char *action, json_t *before,
    enum uc_status rc, json_t **out, struct uc_error *err);

#endif
