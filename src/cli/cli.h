/*
 * cli.h - the command line: one table of commands (commands.c), a small
 * argument parser shared by them, and the context every command runs in
 * (the system actor, on its own connection).
 */
#ifndef UC_CLI_H
#define UC_CLI_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>

#define CLI_MAX 32

struct cli_args {
	int npos;
	char *pos[CLI_MAX];		/* positional arguments */
	int nopt;
	const char *opt[CLI_MAX];	/* command flag names (no --) */
	char *val[CLI_MAX];		/* their values ("" for switches) */
	int help;
};

struct cli_command {
	const char *name;		/* "user add" */
	int (*run)(struct cli_args *a);
	const char *usage;		/* arguments after the name */
	const char *summary;
	const char *const *flags;	/* accepted flags; "!x" = switch */
	const char *const *settings;	/* config settings it reads */
};

extern const struct cli_command uc_cli_commands[];

/* Run argv (without the program name); returns the exit code. */
int uc_cli_main(int argc, char **argv);

/* Value of --name (the last one given), or NULL. */
const char *uc_cli_opt(const struct cli_args *a, const char *name);
/* Open the store, check the schema, make a system-actor context. */
int uc_cli_open(struct uc_ctx *ctx, int check_schema);
/* uc_cli_open, then act as --as LOGIN (that user's grants) if given:
 * the same authorisation as the API; 0, or the exit code after saying
 * why. */
int uc_cli_open_as(const struct cli_args *a, struct uc_ctx *ctx);
/* The same, after checking there are exactly npos positional
 * arguments (exit code 2, said, when not). */
int uc_cli_open_args(const struct cli_args *a, struct uc_ctx *ctx,
    int npos);
void uc_cli_close(struct uc_ctx *ctx);
/* The --db URL without its password, for messages. */
const char *uc_cli_db(void);
/* Print err as "ungcuu: message (field: message)..." and return 1. */
int uc_cli_fail(const struct uc_error *err);
/* A password: env var if set, else read from the terminal, else NULL. */
char *uc_cli_password(const char *env, const char *prompt);
/* Print a JSON value as a table line per object in an array. */
void uc_cli_print(json_t *items, const char *const *cols);

int cli_init(struct cli_args *a);
int cli_serve(struct cli_args *a);
int cli_migrate(struct cli_args *a);
int cli_version(struct cli_args *a);
int cli_user_add(struct cli_args *a);
int cli_user_list(struct cli_args *a);
int cli_user_passwd(struct cli_args *a);
int cli_user_disable(struct cli_args *a);
int cli_user_role(struct cli_args *a);
int cli_token_create(struct cli_args *a);
int cli_token_revoke(struct cli_args *a);
int cli_unit_add(struct cli_args *a);
int cli_unit_list(struct cli_args *a);
int cli_unit_move(struct cli_args *a);
int cli_audit_verify(struct cli_args *a);
int cli_backup(struct cli_args *a);
int cli_incident_create(struct cli_args *a);
int cli_incident_list(struct cli_args *a);
int cli_incident_show(struct cli_args *a);
int cli_incident_update(struct cli_args *a);
int cli_incident_step(struct cli_args *a);
int cli_incident_decide(struct cli_args *a);
int cli_incident_close(struct cli_args *a);
int cli_incident_timeline(struct cli_args *a);
int cli_incident_task(struct cli_args *a);
int cli_incident_observable(struct cli_args *a);
int cli_incident_evidence(struct cli_args *a);
int cli_incident_send(struct cli_args *a);
int cli_report_draft(struct cli_args *a);
int cli_report_render(struct cli_args *a);
int cli_report_approve(struct cli_args *a);
int cli_report_send(struct cli_args *a);
int cli_report_ack(struct cli_args *a);
int cli_report_list(struct cli_args *a);
int cli_stats(struct cli_args *a);
int cli_stats_summary(struct cli_args *a);
int cli_party_list(struct cli_args *a);
int cli_party_bind(struct cli_args *a);
int cli_rulepack_list(struct cli_args *a);
int cli_rulepack_use(struct cli_args *a);
int cli_restore(struct cli_args *a);
int cli_system_add(struct cli_args *a);
int cli_system_list(struct cli_args *a);
int cli_system_show(struct cli_args *a);
int cli_system_match(struct cli_args *a);
int cli_team_list(struct cli_args *a);
int cli_oncall(struct cli_args *a);
int cli_drill_list(struct cli_args *a);
/* trainings and resources (cli/readiness.c) */
int cli_training_list(struct cli_args *a);
int cli_resource_list(struct cli_args *a);
/* assessments (cli/assessment.c) */
int cli_assessment_list(struct cli_args *a);
int cli_playbook_list(struct cli_args *a);
int cli_playbook_show(struct cli_args *a);
int cli_playbook_apply(struct cli_args *a);
int cli_outbox_list(struct cli_args *a);
int cli_outbox_retry(struct cli_args *a);
/* the compliance calendar (cli/calendar.c) */
int cli_calendar_remind(struct cli_args *a);
int cli_calendar_show(struct cli_args *a);
/* Start serve's reminder thread (UNGCUU_CALENDAR_REMIND_MS, 0: off);
 * 0, or 2 after saying what is wrong. */
int cli_calendar_start(void);
/* The outbox settings of `serve` from its flags and the environment
 * (cli/outbox.c); 0, or 2 after saying what is wrong. */
struct uc_outbox_config;
int cli_outbox_config(const struct cli_args *a, struct uc_outbox_config *c);

#endif
