/*
 * outbox.h - messages that must leave the server (email, webhooks),
 * durable before they are sent.
 *
 * A producer calls uc_outbox_enqueue inside the transaction of the
 * change that causes the message: the message exists exactly when the
 * change does, and a dedup key makes a second enqueue of the same
 * message a no-op. The worker (uc_outbox_start, one thread of `serve`)
 * claims due rows, sends each with no transaction open, and records the
 * outcome: delivered only once the receiver accepted it; else pending
 * again after a back-off doubling from backoff_ms up to backoff_max_ms,
 * or failed after max_attempts (or a permanent refusal). A claim is a
 * lease: rows a killed worker held come back when it expires. With
 * PostgreSQL the claim skips rows another process holds (FOR UPDATE
 * SKIP LOCKED), so any number of processes share one outbox.
 * docs/internals/outbox.md tells the whole story.
 */
#ifndef UC_OUTBOX_H
#define UC_OUTBOX_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* One message to one recipient. Strings are borrowed. */
struct uc_outbox_msg {
	const char *channel;	/* "email" or "webhook" */
	const char *kind;	/* "incident.serious", "task.assigned" */
	const char *dedup_key;	/* the same message: the same key */
	const char *recipient;	/* address, or the webhook's URL */
	const char *recipient_name;	/* email: display name, or NULL */
	int64_t user_id;	/* the person it is for, or 0 */
	int64_t webhook_id;	/* the webhook it goes to, or 0 */
	int64_t unit_id;	/* the unit it concerns (admin view) */
	int64_t incident_id;	/* or 0 */
	const char *subject;	/* email */
	const char *text;	/* email: plain text; webhook: JSON body */
	const char *html;	/* email, or NULL */
	json_t *headers;	/* email: extra headers {name: value}, or
				 * NULL; borrowed */
};

/* Inside the caller's transaction. *id (may be NULL) gets the new row's
 * id, or 0 when the dedup key was enqueued already. */
enum uc_status uc_outbox_enqueue(struct uc_ctx *ctx,
    const struct uc_outbox_msg *m, int64_t *id /* OUT */,
    struct uc_error *err) UC_WUR;

/* The admin view: rows about units where the actor holds unit.write,
 * newest first. state: NULL or pending, sending, delivered, failed. */
struct uc_outbox_filter {
	const char *state;
	const char *kind;
	const char *cursor;	/* from the previous page */
	int limit;
};

enum uc_status uc_outbox_list(struct uc_ctx *ctx,
    const struct uc_outbox_filter *f, json_t **out, char **next,
    struct uc_error *err) UC_WUR;
enum uc_status uc_outbox_get(struct uc_ctx *ctx, int64_t id, json_t **out,
    struct uc_error *err) UC_WUR;
/* Send a failed (or waiting) message again now, with a fresh count of
 * attempts; UC_ECONFLICT when it is delivered or being sent. */
enum uc_status uc_outbox_retry(struct uc_ctx *ctx, int64_t id,
    json_t **out, struct uc_error *err) UC_WUR;

/* ---- the worker ---- */

struct uc_outbox_config {
	int worker;		/* 0: start no worker (rows wait) */
	const char *smtp_url;	/* NULL or "": email rows wait */
	const char *smtp_user;
	const char *smtp_password;
	int smtp_tls_required;	/* else STARTTLS when offered */
	const char *ca_file;	/* SMTP and webhooks; NULL: system */
	const char *mail_from;
	const char *mail_from_name;
	int64_t backoff_ms;	/* first wait after a failure */
	int64_t backoff_max_ms;	/* the longest wait */
	int64_t max_attempts;	/* then failed */
	int64_t poll_ms;	/* look for due rows this often */
	int64_t lease_ms;	/* a claim expires after this */
	int64_t timeout_ms;	/* one send */
	int64_t batch;		/* rows per claim */
};

/* The defaults: 1 min x 2^n up to 6 h, 12 attempts, poll every 1 s. */
void uc_outbox_defaults(struct uc_outbox_config *cfg);

/* Claim what is due on st and send it; *handled gets how many rows
 * were tried. For the worker, and for tests. */
enum uc_status uc_outbox_run_once(struct uc_store *st,
    const struct uc_outbox_config *cfg, int *handled /* OUT */,
    struct uc_error *err) UC_WUR;

/* Start the worker thread (copies cfg); uc_outbox_stop ends it after
 * the message it is sending. Call both from the main thread, start
 * before any other thread exists (libcurl's global set-up). */
enum uc_status uc_outbox_start(const struct uc_outbox_config *cfg,
    struct uc_error *err) UC_WUR;
void uc_outbox_stop(void);

#endif
