/*
 * report.c - `ungcuu report ...`: official reports from a terminal
 * (service/report.h), with the conventions of cli/incident.c: the
 * local operator by default, --as LOGIN to act as a user with their
 * roles, --json for the service's JSON. Without --version, a change
 * applies to the report as it stands.
 *
 *   ungcuu report draft SC-2026-0007 --form 03
 *   ungcuu report draft SC-2026-0007 --form final
 *   ungcuu report draft --form member_profile --unit SNV
 *   ungcuu report draft --form 05 --unit SNV --from 2026-01-01 --to 2026-07-01
 *   ungcuu report render SC-2026-0007 --form 03 --format pdf -o bc.pdf
 *   ungcuu report render --unit SNV --format docx -o mau01.docx
 *   ungcuu report approve BC-2026-0001 --as lanhdao.snv
 */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/parse.h"
#include "service/access.h"
#include "service/report.h"
#include "service/unit.h"
#include "service/user.h"

#include <stdio.h>
#include <string.h>

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* Become --as LOGIN when given (as cli/incident.c). */
static int
open_as(struct cli_args *a, struct uc_ctx *ctx)
{
	if (a->npos < 1 && uc_cli_opt(a, "unit") == NULL) {
		fprintf(stderr, "ungcuu: name the report, the incident or "
		    "--unit CODE (see --help)\n");
		return 2;
	}
	return uc_cli_open_as(a, ctx);
}

static int
done(struct cli_args *a, struct uc_ctx *ctx, enum uc_status rc, json_t *j,
    const struct uc_error *err)
{
	static const char *const cols[] = { "id", "form", "edition",
		"status", "number", "sent_at", NULL };
	char *s;
	int ret = 0;

	if (rc != UC_OK) {
		ret = uc_cli_fail(err);
	} else if (uc_cli_opt(a, "json") != NULL) {
		s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
		puts(s ? s : "null");
		uc_free(s);
	} else if (json_is_array(j)) {
		uc_cli_print(j, cols);
	} else {
		printf("%s  %s  %s  %s\n", str(j, "id"), str(j, "form"),
		    str(j, "status"), str(j, "number") ? str(j, "number") :
		    "(chưa có số)");
	}
	json_decref(j);
	uc_cli_close(ctx);
	return ret;
}

/* --form: the rule pack's code, or the form's number (01 the member
 * profile, 03 the initial report, 04 the final one, 05 the 6-month or
 * annual summary; TB the notice). */
static const char *
form_opt(struct cli_args *a)
{
	const char *f = uc_cli_opt(a, "form");

	if (f == NULL)
		return uc_cli_opt(a, "unit") ? "member_profile" : NULL;
	if (strcmp(f, "03") == 0 || strcmp(f, "BC") == 0)
		return "initial";
	if (strcmp(f, "04") == 0)
		return "final";
	if (strcmp(f, "01") == 0)
		return "member_profile";
	if (strcmp(f, "05") == 0)
		return "summary";
	if (strcmp(f, "TB") == 0)
		return "notice";
	return f;
}

/* --unit CODE as a unit id. */
static enum uc_status
unit_opt(struct cli_args *a, struct uc_ctx *ctx, int64_t *id,
    struct uc_error *err)
{
	*id = 0;
	return uc_unit_find(ctx, uc_cli_opt(a, "unit"), id, err);
}

/* The reports pos[0] or --unit names: an incident's or a unit's. */
static enum uc_status
list_of(struct cli_args *a, struct uc_ctx *ctx, json_t **out,
    struct uc_error *err)
{
	int64_t unit = 0;
	enum uc_status rc;

	*out = NULL;
	if (uc_cli_opt(a, "unit") == NULL)
		return uc_report_list(ctx, a->pos[0], out, err);
	rc = unit_opt(a, ctx, &unit, err);
	if (rc == UC_OK)
		rc = uc_report_list_unit(ctx, unit, out, err);
	return rc;
}

/* The report named by pos[0]: a BC-... id, or the newest report of
 * --form of incident SC-... or of --unit CODE. */
static enum uc_status
resolve(struct cli_args *a, struct uc_ctx *ctx, const char **rid,
    struct uc_error *err)
{
	const char *form = form_opt(a);
	json_t *j_items = NULL, *v;
	enum uc_status rc;
	size_t i;

	*rid = a->npos > 0 ? a->pos[0] : NULL;
	if (*rid != NULL && strncmp(*rid, "BC-", 3) == 0)
		return UC_OK;
	rc = list_of(a, ctx, &j_items, err);
	*rid = NULL;
	json_array_foreach(j_items, i, v)
		if (*rid == NULL && (form == NULL || strcmp(str(v, "form"),
		    form) == 0))
			*rid = uc_arena_strdup(ctx->arena, str(v, "id"));
	json_decref(j_items);
	if (rc == UC_OK && *rid == NULL)
		rc = uc_error_set(err, UC_ENOTFOUND, "%s has no report%s%s",
		    a->npos > 0 ? a->pos[0] : uc_cli_opt(a, "unit"), form ?
		    " of form " : "", form ? form : "");
	return rc;
}

/* --version, else the report's current version. */
static enum uc_status
version(struct cli_args *a, struct uc_ctx *ctx, const char *rid,
    int64_t *v, struct uc_error *err)
{
	json_t *j = NULL;
	enum uc_status rc;

	if (uc_cli_opt(a, "version") != NULL)
		return uc_parse_i64_str(uc_cli_opt(a, "version"), 1,
		    INT64_MAX, v) == UC_OK ? UC_OK : uc_error_field(err,
		    "version", "format", "--version is a number");
	rc = uc_report_get(ctx, rid, &j, err);
	*v = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	return rc;
}

int
cli_report_draft(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_in, *j_out = NULL;
	enum uc_status rc;
	int ret;

	if ((ret = open_as(a, &ctx)) != 0)
		return ret;
	j_in = json_object();
	if (uc_cli_opt(a, "unit") != NULL) {
		int64_t unit = 0;

		if ((rc = unit_opt(a, &ctx, &unit, &err)) != UC_OK) {
			json_decref(j_in);
			return done(a, &ctx, rc, NULL, &err);
		}
		json_object_set_new(j_in, "unit_id", json_integer(unit));
	} else {
		json_object_set_new(j_in, "incident", json_string(a->pos[0]));
	}
	if (form_opt(a) != NULL)
		json_object_set_new(j_in, "form", json_string(form_opt(a)));
	if (uc_cli_opt(a, "replaces") != NULL)
		json_object_set_new(j_in, "replaces", json_string(uc_cli_opt(
		    a, "replaces")));
	/* the period of a summary: the API's from and to, as given */
	if (uc_cli_opt(a, "from") != NULL)
		json_object_set_new(j_in, "from", json_string(uc_cli_opt(a,
		    "from")));
	if (uc_cli_opt(a, "to") != NULL)
		json_object_set_new(j_in, "to", json_string(uc_cli_opt(a,
		    "to")));
	rc = uc_report_create(&ctx, j_in, &j_out, &err);
	json_decref(j_in);
	return done(a, &ctx, rc, j_out, &err);
}

int
cli_report_list(struct cli_args *a)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	json_t *j_out = NULL;
	enum uc_status rc;
	int ret;

	if ((ret = open_as(a, &ctx)) != 0)
		return ret;
	rc = list_of(a, &ctx, &j_out, &err);
	return done(a, &ctx, rc, j_out, &err);
}

/* The output file: -o FILE or --output FILE (default: the name the
 * service gives). */
static const char *
output(struct cli_args *a, const char *dflt)
{
	int i;

	for (i = 0; i + 1 < a->npos; i++)
		if (strcmp(a->pos[i], "-o") == 0)
			return a->pos[i + 1];
	return uc_cli_opt(a, "output") ? uc_cli_opt(a, "output") : dflt;
}

static enum uc_status
write_file(const char *path, const struct uc_buf *b, struct uc_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	int ok;

	if (f == NULL)
		return uc_error_set(err, UC_EIO, "%s: cannot write", path);
	ok = fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
	if (f != stdout)
		ok &= fclose(f) == 0;
	return ok ? UC_OK : uc_error_set(err, UC_EIO, "%s: write failed",
	    path);
}

int
cli_report_render(struct cli_args *a)
{
	struct uc_report_file f;
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	const char *rid = NULL, *fmt = uc_cli_opt(a, "format");
	enum uc_status rc;
	int ret;

	memset(&f, 0, sizeof(f));
	if ((ret = open_as(a, &ctx)) != 0)
		return ret;
	rc = resolve(a, &ctx, &rid, &err);
	if (rc == UC_OK)
		rc = uc_report_render(&ctx, rid, fmt ? fmt : "pdf", &f, &err);
	if (rc == UC_OK)
		rc = write_file(output(a, f.filename), &f.body, &err);
	uc_buf_cleanup(&f.body);
	if (rc == UC_OK && strcmp(output(a, f.filename), "-") != 0)
		printf("%s\n", output(a, f.filename));
	ret = rc == UC_OK ? 0 : uc_cli_fail(&err);
	uc_cli_close(&ctx);
	return ret;
}

/* approve, send, ack: resolve, version, then the service. */
typedef enum uc_status (*change_fn)(struct uc_ctx *ctx, const char *rid,
    int64_t version, json_t *in, json_t **out, struct uc_error *err);

static int
run_change(struct cli_args *a, json_t *j_in, change_fn fn)
{
	struct uc_ctx ctx;
	struct uc_error err = { 0 };
	const char *rid = NULL;
	json_t *j_out = NULL;
	int64_t v = 0;
	enum uc_status rc;
	int ret;

	if ((ret = open_as(a, &ctx)) != 0) {
		json_decref(j_in);
		return ret;
	}
	rc = resolve(a, &ctx, &rid, &err);
	if (rc == UC_OK)
		rc = version(a, &ctx, rid, &v, &err);
	if (rc == UC_OK)
		rc = fn(&ctx, rid, v, j_in, &j_out, &err);
	json_decref(j_in);
	return done(a, &ctx, rc, j_out, &err);
}

static enum uc_status
approve(struct uc_ctx *ctx, const char *rid, int64_t version, json_t *in,
    json_t **out, struct uc_error *err)
{
	(void)in;
	return uc_report_approve(ctx, rid, version, out, err);
}

int
cli_report_approve(struct cli_args *a)
{
	return run_change(a, NULL, approve);
}

int
cli_report_send(struct cli_args *a)
{
	json_t *j = json_pack("{s[]}", "recipients");

	for (int i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i], "to") == 0)
			json_array_append_new(json_object_get(j, "recipients"),
			    json_string(a->val[i]));
	if (uc_cli_opt(a, "channel") != NULL)
		json_object_set_new(j, "channel", json_string(uc_cli_opt(a,
		    "channel")));
	if (uc_cli_opt(a, "sent") != NULL)
		json_object_set_new(j, "sent_at", json_string(uc_cli_opt(a,
		    "sent")));
	return run_change(a, j, uc_report_send);
}

int
cli_report_ack(struct cli_args *a)
{
	json_t *j = json_object();

	if (uc_cli_opt(a, "acked") != NULL)
		json_object_set_new(j, "acked_at", json_string(uc_cli_opt(a,
		    "acked")));
	return run_change(a, j, uc_report_ack);
}
