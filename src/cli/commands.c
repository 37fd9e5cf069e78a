/*
 * commands.c - every command of `ungcuu`, as one table, and the
 * argument parsing they share.
 */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/mem.h"
#include "core/time.h"
#include "service/access.h"
#include "service/user.h"
#include "store/store.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char *const db_only[] = { "db", "busy-timeout", NULL };
static const char *const db_data[] = { "db", "data-dir", "busy-timeout",
	"evidence-max", NULL };
static const char *const serve_settings[] = { "db", "listen", "data-dir",
	"tls-cert", "tls-key", "threads", "max-body", "max-depth",
	"max-array", "session-idle", "session-absolute", "lock-account",
	"lock-address", "lock-window", "lock-seconds", "busy-timeout", NULL };

/* the outbox (cli/outbox.c); each also read from UNGCUU_<NAME> */
static const char *const f_serve[] = { "smtp-url", "smtp-user",
	"smtp-password", "smtp-tls", "smtp-ca", "mail-from", "public-url",
	"outbox-worker", "outbox-backoff-ms", "outbox-max-attempts",
	"outbox-poll-ms", "outbox-lease-ms", NULL };
static const char *const f_outbox[] = { "state", "kind", "!json", NULL };
static const char *const f_cal_remind[] = { "at", NULL };
static const char *const f_cal_show[] = { "from", "to", "!json", NULL };
static const char *const f_init[] = { "!sample", "root-name", NULL };
static const char *const f_user_add[] = { "unit", "name", "email",
	"phone", "role", NULL };
static const char *const f_role[] = { "grant", "revoke", NULL };
static const char *const f_token[] = { "user", "name", "expires", NULL };
static const char *const f_unit_add[] = { "parent", "name", "kind",
	"symbol", NULL };
static const char *const f_unit_move[] = { "parent", NULL };
static const char *const f_none[] = { NULL };
static const char *const f_inc[] = { "as", "!json", NULL };
static const char *const f_inc_create[] = { "as", "!json", "file", "unit",
	"title", "description", "detected", "type", "tlp", "priority", NULL };
static const char *const f_inc_list[] = { "as", "!json", "unit", "status",
	"type", "search", "!overdue", "!open", NULL };
static const char *const f_inc_update[] = { "as", "!json", "file",
	"version", "title", "description", "type", "tlp", "priority", NULL };
static const char *const f_inc_step[] = { "as", "!json", "state",
	"reason", "note", "!failed", NULL };
static const char *const f_inc_decide[] = { "as", "!json", "version",
	"note", NULL };
static const char *const f_inc_task[] = { "as", "!json", "title",
	"assignee", "due", NULL };
static const char *const f_inc_obs[] = { "as", "!json", "type", "value",
	"tlp", "!indicator", NULL };
static const char *const f_inc_ev[] = { "as", "!json", "description",
	"collected-by", "collected-at", "collected-from", NULL };
static const char *const f_inc_send[] = { "as", "!json", "report", "to",
	"channel", "reference", "sent", NULL };
static const char *const f_inc_close[] = { "as", "!json", "version",
	"root-cause", "damage", "lessons", NULL };

static const char *const f_sys_add[] = { "as", "!json", "file", "unit",
	"purpose", "address", "domain", "criterion", "!critical", NULL };
static const char *const f_sys_list[] = { "as", "!json", "unit", "search",
	"level", "!retired", NULL };
static const char *const f_sys[] = { "as", "!json", NULL };
/* readiness (cli/team.c) */
static const char *const f_team[] = { "as", "!json", NULL };
static const char *const f_oncall[] = { "as", "!json", "at", NULL };
static const char *const f_drills[] = { "as", "!json", "unit", NULL };
/* trainings and resources (cli/readiness.c) */
static const char *const f_trainings[] = { "as", "!json", "unit", NULL };
/* assessments (cli/assessment.c) */
static const char *const f_assessments[] = { "as", "!json", "unit", NULL };
static const char *const f_resources[] = { "as", "!json", "unit",
	"expiring", NULL };
/* playbooks (cli/playbook.c) */
static const char *const f_pb_list[] = { "as", "!json", "scenario",
	"unit", "!default", NULL };
static const char *const f_pb[] = { "as", "!json", "version", NULL };
static const char *const f_report[] = { "as", "!json", "form", "format",
	"output", "version", "replaces", "to", "channel", "sent", "acked",
	"unit", "from", NULL };
static const char *const f_stats[] = { "as", "unit", "from", "to",
	"format", "table", "output", NULL };

const struct cli_command uc_cli_commands[] = {
	{ "init", cli_init, "[--sample] [--root-name NAME]",
	  "create the database, the administrator and (--sample) a sample "
	  "unit tree", f_init, db_only },
	{ "serve", cli_serve, "[--smtp-url smtp://HOST:PORT] [--smtp-user U]"
	  " [--smtp-tls try|required] [--smtp-ca FILE] [--mail-from ADDR] "
	  "[--public-url URL] [--outbox-worker on|off] [--outbox-backoff-ms "
	  "N] [--outbox-max-attempts N] [--outbox-poll-ms N] "
	  "[--outbox-lease-ms N] (password: UNGCUU_SMTP_PASSWORD)",
	  "serve the web application and the API", f_serve, serve_settings },
	{ "migrate", cli_migrate, "", "apply pending schema migrations",
	  f_none, db_only },
	{ "user add", cli_user_add, "LOGIN --unit CODE --name NAME [--email E]"
	  " [--phone P] [--role ROLE@CODE]...", "create a user (password from "
	  "UNGCUU_PASSWORD or asked)", f_user_add, db_only },
	{ "user list", cli_user_list, "", "list users", f_none, db_only },
	{ "user passwd", cli_user_passwd, "LOGIN", "set a user's password "
	  "(from UNGCUU_PASSWORD or asked)", f_none, db_only },
	{ "user disable", cli_user_disable, "LOGIN", "disable a user and end "
	  "their sessions", f_none, db_only },
	{ "user role", cli_user_role, "LOGIN (--grant|--revoke) ROLE@CODE",
	  "grant or revoke a role on a unit", f_role, db_only },
	{ "unit add", cli_unit_add, "CODE --parent CODE --name NAME [--kind K]"
	  " [--symbol S]", "add a unit", f_unit_add, db_only },
	{ "unit list", cli_unit_list, "", "list the unit tree", f_none,
	  db_only },
	{ "unit move", cli_unit_move, "CODE --parent CODE", "move a unit "
	  "under another", f_unit_move, db_only },
	{ "token create", cli_token_create, "--user LOGIN [--name NAME] "
	  "[--expires ISO-TIME]", "create an API token (printed once, last "
	  "line)", f_token, db_only },
	{ "token revoke", cli_token_revoke, "ID", "revoke an API token",
	  f_none, db_only },
	{ "audit verify", cli_audit_verify, "", "check the audit log's hash "
	  "chain; names the first bad entry", f_none, db_only },
	{ "incident create", cli_incident_create, "[--file BODY.json|-] "
	  "[--unit CODE] [--title T] [--description D] [--detected ISO] "
	  "[--type CODE]... [--tlp T] [--priority P]", "report an incident "
	  "(the API's JSON body, flags override)", f_inc_create, db_only },
	{ "incident list", cli_incident_list, "[--unit CODE] [--status S] "
	  "[--type CODE] [--search TEXT] [--overdue] [--open]", "list "
	  "incidents", f_inc_list, db_only },
	{ "incident show", cli_incident_show, "SC-YYYY-NNNN", "an incident "
	  "with its steps and clocks", f_inc, db_only },
	{ "incident update", cli_incident_update, "SC-YYYY-NNNN [--file "
	  "PATCH.json|-] [--title T] ...", "change an incident's fields",
	  f_inc_update, db_only },
	{ "incident step", cli_incident_step, "SC-YYYY-NNNN CODE [--state S] "
	  "[--reason R] [--note N] [--failed]", "move a step of the "
	  "procedure", f_inc_step, db_only },
	{ "incident decide", cli_incident_decide, "SC-YYYY-NNNN "
	  "serious|normal [--note N]", "record the coordinator's decision on "
	  "severity", f_inc_decide, db_only },
	{ "incident close", cli_incident_close, "SC-YYYY-NNNN --root-cause T "
	  "--damage T --lessons T", "close an incident", f_inc_close,
	  db_only },
	{ "incident task", cli_incident_task, "SC-YYYY-NNNN [--title T "
	  "[--assignee LOGIN] [--due ISO]]", "add a task (no --title: list "
	  "them)", f_inc_task, db_only },
	{ "incident observable", cli_incident_observable, "SC-YYYY-NNNN "
	  "[--type T --value V [--tlp T] [--indicator]]", "add an observable "
	  "(no --value: list them)", f_inc_obs, db_only },
	{ "incident evidence", cli_incident_evidence, "SC-YYYY-NNNN [FILE] "
	  "[--description D] [--collected-by N] [--collected-at ISO] "
	  "[--collected-from W]", "store a file as evidence (no FILE: list "
	  "them)", f_inc_ev, db_data },
	{ "incident send", cli_incident_send, "SC-YYYY-NNNN [--report CODE "
	  "--to R... --channel C [--reference R] [--sent ISO]]", "record a "
	  "report as sent (no --report: list them)", f_inc_send, db_only },
	{ "incident timeline", cli_incident_timeline, "SC-YYYY-NNNN", "what "
	  "happened, in order", f_inc, db_only },
	{ "report draft", cli_report_draft, "SC-YYYY-NNNN --form "
	  "notice|03|04|progress|plan|direction_request|support_request "
	  "[--replaces BC-...] | --form 01 --unit CODE | --form 05 --unit "
	  "CODE --from DAY --to DAY", "draft a report from an incident, or "
	  "a unit's Mẫu 01 or Mẫu 05", f_report, db_only },
	{ "report render", cli_report_render, "BC-...|SC-...|--unit CODE "
	  "[--form 03] [--format pdf|docx|json] [-o FILE]", "write a "
	  "report's document", f_report, db_only },
	{ "report approve", cli_report_approve, "BC-...|SC-... [--form F] "
	  "[--version N]", "approve (leader): number and freeze", f_report,
	  db_only },
	{ "report send", cli_report_send, "BC-... --to NAME... --channel C "
	  "[--sent ISO]", "mark an approved report sent", f_report, db_only },
	{ "report ack", cli_report_ack, "BC-... [--acked ISO]", "record the "
	  "receiver's acknowledgement", f_report, db_only },
	{ "report list", cli_report_list, "SC-YYYY-NNNN|--unit CODE", "an "
	  "incident's or a unit's reports", f_report, db_only },
	/* before "stats": the two-word name must match first */
	{ "stats summary05", cli_stats_summary, "[--unit CODE] --from "
	  "dd/mm/yyyy --to dd/mm/yyyy [--format pdf|docx|json] [-o FILE] "
	  "[--as LOGIN]",
	  "the Mẫu 05 summary of a period (--to: the day after the last)",
	  f_stats, db_only },
	{ "stats", cli_stats, "[--unit CODE] --from dd/mm/yyyy --to "
	  "dd/mm/yyyy [--format json|csv|xlsx] [--table T] [-o FILE] "
	  "[--as LOGIN]",
	  "statistics of a period (--to: the day after the last)", f_stats,
	  db_only },
	{ "system add", cli_system_add, "NAME [--unit CODE] [--file BODY.json"
	  "|-] [--purpose P] [--address IP|CIDR]... [--domain D]... "
	  "[--criterion CODE]... [--critical]", "register an information "
	  "system (the API's JSON body, flags override)", f_sys_add,
	  db_only },
	{ "system list", cli_system_list, "[--unit CODE] [--search TEXT] "
	  "[--level N] [--retired]", "list the information systems",
	  f_sys_list, db_only },
	{ "system show", cli_system_show, "ID", "a system with its level, "
	  "the reasons and its dossier", f_sys, db_only },
	{ "system match", cli_system_match, "IP|DOMAIN", "the systems an "
	  "address or a domain belongs to", f_sys, db_only },
	{ "team list", cli_team_list, "UNIT", "a unit's response team, "
	  "contact points and unmet contact-change clocks", f_team, db_only },
	{ "oncall", cli_oncall, "[--at ISO]", "who is on duty now and next "
	  "in the units in scope (trực 24/7)", f_oncall, db_only },
	{ "drill list", cli_drill_list, "[--unit CODE]", "drills (diễn tập)"
	  ", newest first", f_drills, db_only },
	{ "training list", cli_training_list, "[--unit ID|CODE]", "training "
	  "and awareness sessions (tuyên truyền, đào tạo), newest first",
	  f_trainings, db_only },
	{ "assessment list", cli_assessment_list, "[--unit ID|CODE]",
	  "security assessments (kiểm tra, đánh giá an toàn thông tin), "
	  "newest first", f_assessments, db_only },
	{ "resource list", cli_resource_list, "[--unit ID|CODE] [--expiring "
	  "DAYS]", "equipment, tools, software, licences and services in "
	  "service, soonest expiry first", f_resources, db_only },
	{ "playbook list", cli_playbook_list, "[--scenario CODE] [--unit "
	  "CODE] [--default]", "the response playbooks: defaults and units' "
	  "copies", f_pb_list, db_only },
	{ "playbook show", cli_playbook_show, "ID [--version N]", "a "
	  "playbook's text and its versions", f_pb, db_only },
	{ "playbook apply", cli_playbook_apply, "SC-YYYY-NNNN ID [--version "
	  "N]", "apply a playbook to an incident: its tasks and checklists",
	  f_pb, db_only },
	{ "party list", cli_party_list, "", "the rule pack's parties and the "
	  "units bound to them", f_none, db_only },
	{ "party bind", cli_party_bind, "PARTY [UNIT-CODE]", "bind a party "
	  "to a unit (no unit: unbind)", f_none, db_only },
	{ "rulepack list", cli_rulepack_list, "", "the rule packs this "
	  "binary carries", f_none, NULL },
	{ "rulepack use", cli_rulepack_use, "ID", "run rule pack ID for new "
	  "incidents", f_none, db_only },
	{ "backup", cli_backup, "FILE", "copy the live database to FILE",
	  f_none, db_only },
	{ "restore", cli_restore, "FILE", "replace the database with a "
	  "backup (stop the server first)", f_none, db_only },
	{ "outbox list", cli_outbox_list, "[--state pending|sending|"
	  "delivered|failed] [--kind K] [--json]", "messages waiting, sent "
	  "and failed (email, webhooks)", f_outbox, db_only },
	{ "outbox retry", cli_outbox_retry, "ID", "send a failed message "
	  "again", f_none, db_only },
	{ "calendar remind", cli_calendar_remind, "[--at ISO]", "enqueue "
	  "the compliance calendar's reminders (ahead and overdue)",
	  f_cal_remind, db_only },
	{ "calendar show", cli_calendar_show, "UNIT-ID [--from ISO] [--to "
	  "ISO] [--json]", "a unit's compliance calendar", f_cal_show,
	  db_only },
	{ "version", cli_version, "", "print the version", f_none, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};

static void
usage_all(FILE *fp)
{
	const struct cli_command *c;

	fprintf(fp, "usage: ungcuu COMMAND [ARGS] [--db URL]\n\n"
	    "ungcuu: mạng lưới ứng cứu sự cố an toàn thông tin mạng / "
	    "cyber-security incident response network\n\ncommands:\n");
	for (c = uc_cli_commands; c->name != NULL; c++)
		fprintf(fp, "  %-14s %s\n", c->name, c->summary);
	fprintf(fp, "\n'ungcuu COMMAND --help' describes one command.\n");
}

static void
usage_one(FILE *fp, const struct cli_command *c)
{
	fprintf(fp, "usage: ungcuu %s %s\n\n%s\n", c->name, c->usage,
	    c->summary);
	if (c->settings != NULL) {
		fprintf(fp, "\nsettings:\n");
		uc_config_usage(fp, c->settings);
	}
}

static const struct cli_command *
find(int argc, char **argv, int *used)
{
	const struct cli_command *c;
	char name[64];

	for (c = uc_cli_commands; c->name != NULL; c++) {
		if (argc >= 2)
			snprintf(name, sizeof(name), "%s %s", argv[0], argv[1]);
		if (argc >= 2 && strcmp(c->name, name) == 0) {
			*used = 2;
			return c;
		}
		if (strcmp(c->name, argv[0]) == 0) {
			*used = 1;
			return c;
		}
	}
	return NULL;
}

static int
flag_index(const struct cli_command *c, const char *arg, int *is_switch)
{
	int i;

	for (i = 0; c->flags[i] != NULL; i++) {
		const char *f = c->flags[i];

		*is_switch = f[0] == '!';
		if (strcmp(f + *is_switch, arg) == 0)
			return i;
	}
	return -1;
}

static int
setting_allowed(const struct cli_command *c, const char *arg)
{
	int i;
	size_t n = strcspn(arg + 2, "=");

	for (i = 0; c->settings != NULL && c->settings[i] != NULL; i++)
		if (strlen(c->settings[i]) == n &&
		    strncmp(c->settings[i], arg + 2, n) == 0)
			return 1;
	return 0;
}

static int
parse_flag(const struct cli_command *c, int argc, char **argv,
    struct cli_args *a, int *used)
{
	struct uc_error err = { 0 };
	int sw = 0, i = flag_index(c, argv[0] + 2, &sw);

	*used = 1;
	if (i >= 0 && a->nopt < CLI_MAX) {
		if (!sw && argc < 2) {
			fprintf(stderr, "ungcuu: %s needs a value\n", argv[0]);
			return -1;
		}
		a->opt[a->nopt] = c->flags[i] + sw;
		a->val[a->nopt++] = sw ? "" : argv[1];
		*used = sw ? 1 : 2;
		return 0;
	}
	if (setting_allowed(c, argv[0]) &&
	    uc_config_flag(argc, argv, used, &err) == UC_OK)
		return 0;
	if (err.code != UC_OK)
		fprintf(stderr, "ungcuu: %s\n", err.message);
	else
		fprintf(stderr, "ungcuu %s: unknown option %s (see --help)\n",
		    c->name, argv[0]);
	return -1;
}

static int
parse(const struct cli_command *c, int argc, char **argv,
    struct cli_args *a)
{
	int i = 0, used;

	memset(a, 0, sizeof(*a));
	while (i < argc) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") ==
		    0) {
			a->help = 1;
			i++;
		} else if (strncmp(argv[i], "--", 2) == 0) {
			if (parse_flag(c, argc - i, argv + i, a, &used) != 0)
				return -1;
			i += used;
		} else if (a->npos < CLI_MAX) {
			a->pos[a->npos++] = argv[i++];
		} else {
			fprintf(stderr, "ungcuu: too many arguments\n");
			return -1;
		}
	}
	return 0;
}

int
uc_cli_main(int argc, char **argv)
{
	const struct cli_command *c;
	struct cli_args a;
	struct uc_error err = { 0 };
	int used = 0;

	if (argc < 1 || strcmp(argv[0], "--help") == 0 ||
	    strcmp(argv[0], "help") == 0) {
		usage_all(argc < 1 ? stderr : stdout);
		return argc < 1 ? 2 : 0;
	}
	if ((c = find(argc, argv, &used)) == NULL) {
		fprintf(stderr, "ungcuu: unknown command '%s'\n", argv[0]);
		usage_all(stderr);
		return 2;
	}
	if (uc_config_load_env(&err) != UC_OK)
		return uc_cli_fail(&err);
	if (parse(c, argc - used, argv + used, &a) != 0)
		return 2;
	if (a.help) {
		usage_one(stdout, c);
		return 0;
	}
	return c->run(&a);
}

const char *
uc_cli_opt(const struct cli_args *a, const char *name)
{
	const char *v = NULL;
	int i;

	for (i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i], name) == 0)
			v = a->val[i];
	return v;
}

const char *
uc_cli_db(void)
{
	static char buf[512];

	return uc_store_redact(uc_cfg.db, buf, sizeof(buf));
}

int
uc_cli_fail(const struct uc_error *err)
{
	size_t i;

	fprintf(stderr, "ungcuu: %s\n", err->message[0] ? err->message :
	    uc_status_name(err->code));
	for (i = 0; i < err->nfields; i++)
		fprintf(stderr, "  %s: %s\n", err->fields[i].field,
		    err->fields[i].message);
	return 1;
}

int
uc_cli_open(struct uc_ctx *ctx, int check_schema)
{
	struct uc_error err = { 0 };
	struct passwd *pw = getpwuid(getuid());
	enum uc_status rc;

	memset(ctx, 0, sizeof(*ctx));
	ctx->arena = uc_arena_new();
	ctx->now = uc_time_now_ms();
	ctx->source = "cli";
	uc_access_system(ctx, uc_arena_printf(ctx->arena, "cli:%s",
	    pw ? pw->pw_name : "?"));
	rc = uc_store_open(uc_cfg.db, &ctx->st, &err);
	if (rc == UC_OK && check_schema)
		rc = uc_store_check_schema(ctx->st, &err);
	if (rc != UC_OK) {
		uc_cli_close(ctx);
		return uc_cli_fail(&err);
	}
	return 0;
}

int
uc_cli_open_as(const struct cli_args *a, struct uc_ctx *ctx)
{
	struct uc_error err = { 0 };
	const char *login = uc_cli_opt(a, "as");
	int64_t id = 0;
	int ret;

	if ((ret = uc_cli_open(ctx, 1)) != 0 || login == NULL)
		return ret;
	if (uc_user_find(ctx, login, &id, &err) == UC_OK) {
		memset(&ctx->actor, 0, sizeof(ctx->actor));
		ctx->actor.user_id = id;
		ctx->actor.login = login;
		if (uc_access_load(ctx, &err) == UC_OK)
			return 0;
	}
	uc_cli_close(ctx);
	return uc_cli_fail(&err);
}

int
uc_cli_open_args(const struct cli_args *a, struct uc_ctx *ctx, int npos)
{
	if (a->npos != npos) {
		fprintf(stderr, "ungcuu: expected %d argument%s (see --help)\n",
		    npos, npos == 1 ? "" : "s");
		return 2;
	}
	return uc_cli_open_as(a, ctx);
}

void
uc_cli_close(struct uc_ctx *ctx)
{
	uc_store_free(ctx->st);
	uc_arena_free(ctx->arena);
	ctx->st = NULL;
	ctx->arena = NULL;
}

static char *
read_hidden(const char *prompt)
{
	struct termios old, quiet;
	char line[512];
	int tty = isatty(STDIN_FILENO);

	if (!tty)
		return NULL;
	fprintf(stderr, "%s", prompt);
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	if (fgets(line, sizeof(line), stdin) == NULL)
		line[0] = '\0';
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fprintf(stderr, "\n");
	line[strcspn(line, "\r\n")] = '\0';
	return line[0] ? uc_xstrdup(line) : NULL;
}

char *
uc_cli_password(const char *env, const char *prompt)
{
	const char *v = getenv(env);

	if (v != NULL && *v != '\0')
		return uc_xstrdup(v);
	return read_hidden(prompt);
}

void
uc_cli_print(json_t *items, const char *const *cols)
{
	json_t *j_row;
	size_t i, c;

	for (c = 0; cols[c] != NULL; c++)
		printf("%s%s", c ? "\t" : "", cols[c]);
	printf("\n");
	json_array_foreach(items, i, j_row) {
		for (c = 0; cols[c] != NULL; c++) {
			json_t *v = json_object_get(j_row, cols[c]);
			char *s = json_is_string(v) ? NULL : json_dumps(v,
			    JSON_ENCODE_ANY | JSON_COMPACT);

			printf("%s%s", c ? "\t" : "", s ? s :
			    json_string_value(v));
			free(s);	/* jansson's allocation */
		}
		printf("\n");
	}
}
