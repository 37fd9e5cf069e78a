/*
 * notify.h - who receives which message, by which channel, and what it
 * says (in Vietnamese).
 *
 * The producers call in here inside their own transaction; each
 * recipient's message is put in the outbox (service/outbox.h), never
 * sent from the request. Kinds of message:
 *
 *   incident.serious  an incident became serious (the coordinator's
 *                     decision or the computed test): to the
 *                     coordinators and steering board members whose
 *                     grants cover its unit
 *   task.assigned     a task was assigned to someone (not by themself)
 *   incident.deadline a reporting clock of an incident turns due soon,
 *                     then overdue: to its unit's leaders and operators
 *   obligation.due    a compliance calendar item of the unit comes due
 *                     or is overdue: to the unit's leaders and operators
 *   contact.changed   a contact point of the unit's response team
 *                     changed (the 24-hour notice is owed): to the
 *                     unit's leaders and admins
 *   resource.expiring equipment, a tool, software, a licence or a
 *                     service of the unit expires in 30 days or has
 *                     expired: to the unit's leaders and operators
 *
 * Each person chooses per kind whether it comes by email (to the
 * address on their account) and by their own webhook; without a choice
 * both kinds come by email. A unit's webhook subscriptions
 * (service/subscription.h) receive the kinds they name for the
 * incidents of the unit and the units below it. TLP:RED incidents go
 * only to the people named on them, and to no unit webhook.
 */
#ifndef UC_NOTIFY_H
#define UC_NOTIFY_H

#include "core/status.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdint.h>

/* Is kind one this server produces? */
int uc_notify_kind_known(const char *kind);
/* The kinds, NULL-terminated (for error messages and the API). */
extern const char *const uc_notify_kinds[];

/* The address links in messages start with ("https://ungcuu.example"),
 * set once at start-up; else UNGCUU_PUBLIC_URL; else no links. */
void uc_notify_set_public_url(const char *url);

/* Incident id became serious at `since` (ISO): enqueue its messages. */
enum uc_status uc_notify_serious(struct uc_ctx *ctx, int64_t id,
    const char *since, struct uc_error *err) UC_WUR;
/* A task of incident id, as service/task.c returns it, was created or
 * changed with a new assignee: enqueue the assignee's messages. */
enum uc_status uc_notify_task(struct uc_ctx *ctx, int64_t id, json_t *task,
    struct uc_error *err) UC_WUR;

/* Clock (one object of service/clock.h's array) of incident id is due
 * soon (kind "ahead") or overdue ("overdue"): enqueue its warnings. */
enum uc_status uc_notify_deadline(struct uc_ctx *ctx, int64_t id,
    json_t *clock, const char *kind, struct uc_error *err) UC_WUR;

/* A reminder of a compliance calendar item (service/calendar.h).
 * Strings are borrowed. */
struct uc_notify_obligation {
	int64_t unit_id;
	int64_t system_id;	/* or 0: the unit's own */
	const char *system_name;	/* or NULL */
	const char *code;	/* the obligation's code */
	const char *title;	/* its Vietnamese title */
	const char *source;	/* its legal anchor */
	const char *period;	/* 2026-H1 ... */
	const char *due_at;	/* ISO */
	const char *reminder;	/* "ahead" or "overdue" */
};
/* Enqueue obligation.due messages to the unit's leaders and operators
 * and the unit webhooks taking the kind; once per item and reminder. */
enum uc_status uc_notify_obligation(struct uc_ctx *ctx,
    const struct uc_notify_obligation *ob, struct uc_error *err) UC_WUR;

/* Enqueue contact.changed messages for clock (a contact-point change,
 * service/team.h) to the unit's leaders and admins and the unit
 * webhooks taking the kind; detail says who is now the contact. */
enum uc_status uc_notify_contact(struct uc_ctx *ctx, int64_t unit_id,
    int64_t clock, const char *detail, const char *due_at,
    struct uc_error *err) UC_WUR;

/* An expiry reminder of a unit's resource (service/resource.h).
 * Strings are borrowed. */
struct uc_notify_resource {
	int64_t unit_id;
	int64_t resource_id;
	const char *kind;	/* equipment, tool, software, licence ... */
	const char *name;
	const char *expires_on;	/* yyyy-mm-dd */
	int64_t days_left;	/* from the reminder's day; <= 0: expired */
	const char *reminder;	/* "ahead" or "expired" */
};
/* Enqueue resource.expiring messages to the unit's leaders and
 * operators and the unit webhooks taking the kind; once per resource,
 * expiry date and reminder. */
enum uc_status uc_notify_resource(struct uc_ctx *ctx,
    const struct uc_notify_resource *r, struct uc_error *err) UC_WUR;

/* The kinds as the API lists them: [{kind, label, label_en, email,
 * webhook}], the defaults. */
json_t *uc_notify_kinds_json(void);

/*
 * The actor's choices: {email, kinds: [{kind, label, label_en, email,
 * webhook}], webhook_url, version}. Put applies in: kinds (only those
 * named change), webhook_url ("" removes the person's webhook),
 * webhook_secret; version is the If-Match. A secret the server made is
 * in the reply once, as webhook_secret.
 */
enum uc_status uc_notify_prefs_get(struct uc_ctx *ctx, json_t **out,
    struct uc_error *err) UC_WUR;
enum uc_status uc_notify_prefs_put(struct uc_ctx *ctx, int64_t version,
    json_t *in, json_t **out, struct uc_error *err) UC_WUR;

#endif
