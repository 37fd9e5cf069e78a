/*
 * incident.c - `ungcuu incident ...`: run an incident from a terminal.
 *
 * Each command calls the same service function as the API. By default
 * it acts as the local operator (the system actor, recorded as
 * cli:<user>); with --as LOGIN it acts as that user, with their roles,
 * so what they may not do through the API they may not do here either.
 * --json prints the service's JSON for scripts.
 */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/parse.h"
#include "core/time.h"
#include "service/access.h"
#include "service/evidence.h"
#include "service/observable.h"
#include "service/send.h"
#include "service/task.h"
#include "service/incident.h"
#include "service/step.h"
#include "service/timeline.h"
#include "service/unit.h"
#include "service/user.h"

#include <stdio.h>
#include <string.h>
static void
print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);

	puts(s ? s : "null");
	uc_free(s);
}

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
print_incident(json_t *j)
{
	json_t *v;
	size_t i;

	printf("%s  %s\n  %s · %s · %s · TLP:%s · %s\n  phát hiện %s\n",
	    str(j, "id"), str(j, "title"), str(j, "unit_name"),
	    str(j, "status"), str(j, "severity"), str(j, "tlp"),
	    str(j, "priority"), str(j, "detected_at"));
	json_array_foreach(json_object_get(j, "steps"), i, v)
		printf("  [%-14s] %-6s %s\n", str(v, "state"), str(v, "code"),
		    str(v, "title_vi"));
	json_array_foreach(json_object_get(j, "clocks"), i, v)
		printf("  clock %-16s %-10s due %s\n", str(v, "report"),
		    str(v, "state"), str(v, "due_at") ? str(v, "due_at") : "-");
}

/* Print the result (or the error) and close: the end of each command. */
static int
done(struct cli_args *a, struct uc_ctx *ctx, enum uc_status rc, json_t *j,
    const struct uc_error *err)
{
	int ret = 0;

	if (rc != UC_OK)
		ret = uc_cli_fail(err);
	else if (uc_cli_opt(a, "json") != NULL)
		print_json(j);
	else if (json_is_array(j))
		uc_cli_print(j, (const char *const[]){ "id", "status",
		    "severity", "priority", "tlp", "detected_at", "title",
		    NULL });
	else
		print_incident(j);
	json_decref(j);
	uc_cli_close(ctx);
	return ret;
}

/* A command's work: what it makes goes to *out. */
typedef enum uc_status (*cmd_fn)(struct cli_args *a, struct uc_ctx *ctx,
    json_t **out, struct uc_error *err);

/* Open (npos arguments, --as), run fn, print what it made and close. */
static int
run(struct cli_args *a, int npos, cmd_fn fn)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_out = NULL;
	enum uc_status rc;
	int ret;

	if ((ret = uc_cli_open_args(a, &ctx, npos)) != 0)
		return ret;
	rc = fn(a, &ctx, &j_out, &err);
	return done(a, &ctx, rc, j_out, &err);
}

/* A JSON body from --file F ("-": standard input), or a new object. */
static enum uc_status
body(struct cli_args *a, json_t **out, struct uc_error *err)
{
	const char *f = uc_cli_opt(a, "file");
	json_error_t je;

	*out = NULL;
	if (f == NULL) {
		*out = json_object();
		return UC_OK;
	}
	*out = strcmp(f, "-") == 0 ? json_loadf(stdin, JSON_REJECT_DUPLICATES,
	    &je) : json_load_file(f, JSON_REJECT_DUPLICATES, &je);
	if (*out == NULL || !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return uc_error_set(err, UC_EINVAL, "%s: line %d: %s", f,
		    je.line, *je.text ? je.text : "not a JSON object");
	}
	return UC_OK;
}

static void
set_opt(struct cli_args *a, json_t *j, const char *flag, const char *key)
{
	if (uc_cli_opt(a, flag) != NULL)
		json_object_set_new(j, key, json_string(uc_cli_opt(a, flag)));
}

/* Every --type given, in order. */
static void
set_types(struct cli_args *a, json_t *j)
{
	json_t *t = json_array();

	for (int i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i], "type") == 0)
			json_array_append_new(t, json_string(a->val[i]));
	if (json_array_size(t) > 0)
		json_object_set_new(j, "types", t);
	else
		json_decref(t);
}

static enum uc_status
unit_opt(struct cli_args *a, struct uc_ctx *ctx, json_t *j,
    struct uc_error *err)
{
	int64_t id = 0;
	enum uc_status rc;

	if (uc_cli_opt(a, "unit") == NULL)
		return UC_OK;
	rc = uc_unit_find(ctx, uc_cli_opt(a, "unit"), &id, err);
	if (rc == UC_OK)
		json_object_set_new(j, "unit_id", json_integer(id));
	return rc;
}

static enum uc_status
do_create(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	json_t *j_in = NULL;
	enum uc_status rc = body(a, &j_in, err);

	if (rc == UC_OK)
		rc = unit_opt(a, ctx, j_in, err);
	if (rc == UC_OK) {
		set_opt(a, j_in, "title", "title");
		set_opt(a, j_in, "description", "description");
		set_opt(a, j_in, "detected", "detected_at");
		set_opt(a, j_in, "tlp", "tlp");
		set_opt(a, j_in, "priority", "priority");
		set_types(a, j_in);
		rc = uc_incident_create(ctx, j_in, out, err);
	}
	json_decref(j_in);
	return rc;
}

int
cli_incident_create(struct cli_args *a)
{
	return run(a, 0, do_create);
}

static enum uc_status
do_list(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	struct uc_incident_filter f;
	json_t *j_u = json_object();
	char *next = NULL;
	enum uc_status rc;

	memset(&f, 0, sizeof(f));
	f.limit = 1000;
	f.status = uc_cli_opt(a, "status");
	f.type = uc_cli_opt(a, "type");
	f.q = uc_cli_opt(a, "search");
	f.overdue = uc_cli_opt(a, "overdue") != NULL;
	f.open = uc_cli_opt(a, "open") != NULL;
	rc = unit_opt(a, ctx, j_u, err);
	f.unit_id = json_integer_value(json_object_get(j_u, "unit_id"));
	json_decref(j_u);
	if (rc == UC_OK)
		rc = uc_incident_list(ctx, &f, out, &next, err);
	return rc;
}

int
cli_incident_list(struct cli_args *a)
{
	return run(a, 0, do_list);
}

static enum uc_status
do_show(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	return uc_incident_get(ctx, a->pos[0], out, err);
}

int
cli_incident_show(struct cli_args *a)
{
	return run(a, 1, do_show);
}

/* The version to change: --version, else the current one (the terminal
 * reads and writes in one go). */
static enum uc_status
version_of(struct cli_args *a, struct uc_ctx *ctx, int64_t *v,
    struct uc_error *err)
{
	json_t *j = NULL;
	const char *s = uc_cli_opt(a, "version");
	enum uc_status rc;

	if (s != NULL) {
		if (uc_parse_i64(&s, 1, INT64_MAX, v) != UC_OK || *s != '\0')
			return uc_error_set(err, UC_EINVAL, "--version is a "
			    "number");
		return UC_OK;
	}
	rc = uc_incident_get(ctx, a->pos[0], &j, err);
	*v = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	return rc;
}

/* The version of step code of incident a->pos[0]. */
static enum uc_status
step_version(struct cli_args *a, struct uc_ctx *ctx, const char *code,
    int64_t *v, struct uc_error *err)
{
	json_t *j = NULL, *s;
	size_t i;
	enum uc_status rc = uc_incident_get(ctx, a->pos[0], &j, err);

	*v = 0;
	json_array_foreach(json_object_get(j, "steps"), i, s)
		if (strcmp(str(s, "code"), code) == 0)
			*v = json_integer_value(json_object_get(s, "version"));
	json_decref(j);
	return rc;
}

static enum uc_status
do_update(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	json_t *j_in = NULL;
	int64_t v = 0;
	enum uc_status rc = body(a, &j_in, err);

	if (rc == UC_OK) {
		set_opt(a, j_in, "title", "title");
		set_opt(a, j_in, "description", "description");
		set_opt(a, j_in, "tlp", "tlp");
		set_opt(a, j_in, "priority", "priority");
		set_types(a, j_in);
		rc = version_of(a, ctx, &v, err);
	}
	if (rc == UC_OK)
		rc = uc_incident_update(ctx, a->pos[0], v, j_in, out, err);
	json_decref(j_in);
	return rc;
}

int
cli_incident_update(struct cli_args *a)
{
	return run(a, 1, do_update);
}

static enum uc_status
do_step(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	json_t *j_in = json_object();
	int64_t v = 0;
	enum uc_status rc;

	set_opt(a, j_in, "state", "state");
	set_opt(a, j_in, "reason", "reason");
	set_opt(a, j_in, "note", "note");
	if (uc_cli_opt(a, "failed") != NULL)
		json_object_set_new(j_in, "failed", json_true());
	rc = step_version(a, ctx, a->pos[1], &v, err);
	if (rc == UC_OK)
		rc = uc_step_change(ctx, a->pos[0], a->pos[1], v, j_in, out,
		    err);
	json_decref(j_in);
	return rc;
}

int
cli_incident_step(struct cli_args *a)
{
	return run(a, 2, do_step);
}

static enum uc_status
do_decide(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	int64_t v = 0;
	enum uc_status rc = version_of(a, ctx, &v, err);

	if (rc == UC_OK)
		rc = uc_incident_decide(ctx, a->pos[0], v, a->pos[1],
		    uc_cli_opt(a, "note"), out, err);
	return rc;
}

int
cli_incident_decide(struct cli_args *a)
{
	return run(a, 2, do_decide);
}

static enum uc_status
do_close(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	json_t *j_in = json_object();
	int64_t v = 0;
	enum uc_status rc;

	set_opt(a, j_in, "root-cause", "root_cause");
	set_opt(a, j_in, "damage", "damage_estimate");
	set_opt(a, j_in, "lessons", "lessons_learned");
	rc = version_of(a, ctx, &v, err);
	if (rc == UC_OK)
		rc = uc_incident_close(ctx, a->pos[0], v, j_in, out, err);
	json_decref(j_in);
	return rc;
}

int
cli_incident_close(struct cli_args *a)
{
	return run(a, 1, do_close);
}

int
cli_incident_timeline(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_out = NULL;
	enum uc_status rc;
	int ret;

	if ((ret = uc_cli_open_args(a, &ctx, 1)) != 0)
		return ret;
	rc = uc_timeline_list(&ctx, a->pos[0], &j_out, &err);
	if (rc == UC_OK && uc_cli_opt(a, "json") == NULL) {
		uc_cli_print(j_out, (const char *const[]){ "at", "actor",
		    "kind", "summary", NULL });
		json_decref(j_out);
		uc_cli_close(&ctx);
		return 0;
	}
	return done(a, &ctx, rc, j_out, &err);
}

/* ---- the parts: tasks, observables, evidence, reports sent ---- */

/* Print a part's JSON (--json) or a one-line confirmation. */
static int
part_done(struct cli_args *a, struct uc_ctx *ctx, enum uc_status rc,
    json_t *j, const char *what, const struct uc_error *err)
{
	int ret = 0;

	if (rc != UC_OK)
		ret = uc_cli_fail(err);
	else if (uc_cli_opt(a, "json") != NULL || json_is_array(j))
		print_json(j);
	else
		printf("ungcuu: %s added to %s\n", what, a->pos[0]);
	json_decref(j);
	uc_cli_close(ctx);
	return ret;
}

/* A part command: with its key option, a new part made from the
 * options by fill; without, the list. */
struct part_cmd {
	const char *what;	/* "task", for the confirmation */
	const char *key;	/* the option that makes it an add */
	enum uc_status (*fill)(struct cli_args *a, struct uc_ctx *ctx,
	    json_t *in, struct uc_error *err);
	enum uc_status (*list)(struct uc_ctx *ctx, const char *pid,
	    json_t **out, struct uc_error *err);
	enum uc_status (*add)(struct uc_ctx *ctx, const char *pid,
	    json_t *in, json_t **out, struct uc_error *err);
};

static int
run_part(struct cli_args *a, const struct part_cmd *c)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_in, *j_out = NULL;
	enum uc_status rc;
	int ret;

	if ((ret = uc_cli_open_args(a, &ctx, 1)) != 0)
		return ret;
	j_in = json_object();
	rc = c->fill(a, &ctx, j_in, &err);
	if (rc == UC_OK && uc_cli_opt(a, c->key) == NULL)
		rc = c->list(&ctx, a->pos[0], &j_out, &err);
	else if (rc == UC_OK)
		rc = c->add(&ctx, a->pos[0], j_in, &j_out, &err);
	json_decref(j_in);
	return part_done(a, &ctx, rc, j_out, c->what, &err);
}

/* The assignee's login to an id; only a name lookup, so it runs as the
 * system: the task service decides whether they may be assigned. */
static enum uc_status
assignee(struct uc_ctx *ctx, const char *login, json_t *j,
    struct uc_error *err)
{
	struct uc_actor me = ctx->actor;
	int64_t uid = 0;
	enum uc_status rc;

	ctx->actor.system = 1;
	rc = uc_user_find(ctx, login, &uid, err);
	ctx->actor = me;
	json_object_set_new(j, "assignee_id", json_integer(uid));
	return rc;
}

static enum uc_status
task_fill(struct cli_args *a, struct uc_ctx *ctx, json_t *in,
    struct uc_error *err)
{
	set_opt(a, in, "title", "title");
	set_opt(a, in, "due", "due_at");
	if (uc_cli_opt(a, "assignee") != NULL)
		return assignee(ctx, uc_cli_opt(a, "assignee"), in, err);
	return UC_OK;
}

int
cli_incident_task(struct cli_args *a)
{
	static const struct part_cmd c = { "task", "title", task_fill,
	    uc_task_list, uc_task_create };

	return run_part(a, &c);
}

static enum uc_status
observable_fill(struct cli_args *a, struct uc_ctx *ctx, json_t *in,
    struct uc_error *err)
{
	set_opt(a, in, "type", "type");
	set_opt(a, in, "value", "value");
	set_opt(a, in, "tlp", "tlp");
	if (uc_cli_opt(a, "indicator") != NULL)
		json_object_set_new(in, "is_indicator", json_true());
	(void)ctx;
	(void)err;
	return UC_OK;
}

int
cli_incident_observable(struct cli_args *a)
{
	static const struct part_cmd c = { "observable", "value",
	    observable_fill, uc_observable_list, uc_observable_add };

	return run_part(a, &c);
}

int
cli_incident_evidence(struct cli_args *a)
{
	struct uc_evidence_meta meta = { 0 };
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_out = NULL;
	char *next = NULL;
	enum uc_status rc;
	int ret;

	/* one argument lists; a second is a file to add */
	if ((ret = uc_cli_open_args(a, &ctx, a->npos == 1 ? 1 : 2)) != 0)
		return ret;
	if (a->npos == 1) {
		rc = uc_evidence_list(&ctx, a->pos[0], NULL, 200, &j_out,
		    &next, &err);
		return part_done(a, &ctx, rc, j_out, "evidence", &err);
	}
	meta.filename = a->pos[1];
	meta.description = uc_cli_opt(a, "description");
	meta.collected_by = uc_cli_opt(a, "collected-by");
	meta.collected_at = uc_cli_opt(a, "collected-at");
	meta.collected_from = uc_cli_opt(a, "collected-from");
	rc = uc_evidence_add_file(&ctx, a->pos[0], a->pos[1], &meta, &j_out,
	    &err);
	return part_done(a, &ctx, rc, j_out, "evidence", &err);
}

static enum uc_status
send_fill(struct cli_args *a, struct uc_ctx *ctx, json_t *in,
    struct uc_error *err)
{
	json_t *j_to = json_array();

	for (int i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i], "to") == 0)
			json_array_append_new(j_to, json_string(a->val[i]));
	json_object_set_new(in, "recipients", j_to);
	set_opt(a, in, "report", "report");
	set_opt(a, in, "channel", "channel");
	set_opt(a, in, "reference", "reference");
	set_opt(a, in, "sent", "sent_at");
	if (uc_cli_opt(a, "sent") == NULL) {
		char now[UC_TIME_ISO_LEN + 1];

		uc_time_format(ctx->now, now, sizeof(now));
		json_object_set_new(in, "sent_at", json_string(now));
	}
	(void)err;
	return UC_OK;
}

int
cli_incident_send(struct cli_args *a)
{
	static const struct part_cmd c = { "report sent", "report",
	    send_fill, uc_send_list, uc_send_create };

	return run_part(a, &c);
}
