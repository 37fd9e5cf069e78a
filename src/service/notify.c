/*
 * notify.c - see notify.h. An event (one change) becomes one message
 * per recipient and channel, each with a dedup key made of the event's
 * key, the channel and the recipient, so a transaction that runs again
 * never enqueues a message twice.
 */
#include "service/notify.h"
#include "core/arena.h"
#include "core/mem.h"
#include "core/time.h"
#include "service/clock.h"
#include "service/outbox.h"
#include "store/store.h"

#include <inttypes.h>
#include <string.h>

#define PEOPLE_MAX 256		/* recipients of one event */
#define HOOKS_MAX 64		/* unit webhooks of one event */

/* ---- kinds ---- */

struct kind {
	const char *kind;
	const char *vi, *en;	/* labels */
	int email, webhook;	/* defaults */
};

static const struct kind kinds[] = {
	{ "incident.serious", "Sự cố nghiêm trọng mới (điều phối, Ban Chỉ "
	  "đạo)", "A new serious incident (coordinators, steering board)",
	  1, 0 },
	{ "task.assigned", "Nhiệm vụ được giao cho tôi",
	  "A task assigned to me", 1, 0 },
	{ "obligation.due", "Nhắc hạn nghĩa vụ định kỳ của đơn vị",
	  "A periodic obligation of my unit coming due or overdue", 1, 0 },
	{ "contact.changed", "Đầu mối của đơn vị thay đổi: báo cáo cơ quan "
	  "điều phối trong 24 giờ", "My unit's contact point changed: tell "
	  "the national coordinator within 24 hours", 1, 0 },
	{ "incident.deadline", "Hạn báo cáo sự cố của đơn vị sắp đến, đã "
	  "quá", "A reporting deadline of my unit's incident coming due or "
	  "overdue", 1, 0 },
	{ "resource.expiring", "Trang thiết bị, bản quyền của đơn vị sắp hết "
	  "hạn", "Equipment or a licence of my unit expiring", 1, 0 },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

const char *const uc_notify_kinds[] = { "incident.serious",
	"task.assigned", "obligation.due", "contact.changed",
	"incident.deadline", "resource.expiring", NULL };

static const struct kind *
kind_of(const char *k)
{
	for (size_t i = 0; k != NULL && i < NKINDS; i++)
		if (strcmp(kinds[i].kind, k) == 0)
			return &kinds[i];
	return NULL;
}

int
uc_notify_kind_known(const char *kind)
{
	return kind_of(kind) != NULL;
}

json_t *
uc_notify_kinds_json(void)
{
	json_t *j_a = json_array();

	for (size_t i = 0; i < NKINDS; i++)
		json_array_append_new(j_a, json_pack("{ss ss ss sb sb}",
		    "kind", kinds[i].kind, "label", kinds[i].vi, "label_en",
		    kinds[i].en, "email", kinds[i].email, "webhook",
		    kinds[i].webhook));
	return j_a;
}

/* ---- links and text ---- */

static char *public_url;

void
uc_notify_set_public_url(const char *url)
{
	uc_free(public_url);
	public_url = url != NULL && *url != '\0' ? uc_xstrdup(url) : NULL;
}

/* The incident's page in the web application, or NULL. */
static const char *
page_link(struct uc_arena *a, const char *pid)
{
	const char *base = public_url ? public_url :
	    getenv("UNGCUU_PUBLIC_URL");
	size_t n = base ? strlen(base) : 0;

	if (n == 0)
		return NULL;
	while (n > 0 && base[n - 1] == '/')
		n--;
	return uc_arena_printf(a, "%.*s/#/incidents/%s", (int)n, base, pid);
}

static const char *
esc(struct uc_arena *a, const char *s)
{
	size_t n = 0;
	const char *p;
	char *out, *o;

	for (p = s; *p; p++)
		n += *p == '&' ? 5 : *p == '<' || *p == '>' ? 4 :
		    *p == '"' || *p == '\'' ? 6 : 1;
	o = out = uc_arena_alloc(a, n + 1);
	for (p = s; *p; p++) {
		const char *r = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" :
		    *p == '>' ? "&gt;" : *p == '"' ? "&quot;" : *p == '\'' ?
		    "&#39;" : NULL;

		if (r != NULL) {
			memcpy(o, r, strlen(r));
			o += strlen(r);
		} else {
			*o++ = *p;
		}
	}
	return out;
}

/* "dd/mm/yyyy HH:MM" in Asia/Ho_Chi_Minh of a stored instant. */
static const char *
local(struct uc_arena *a, const char *iso)
{
	char *b = uc_arena_alloc(a, UC_CLOCK_LOCAL_LEN + 1);
	int64_t ms;

	if (iso == NULL || uc_time_parse(iso, &ms) != UC_OK)
		return "chưa đặt";
	uc_clock_local(ms, b, UC_CLOCK_LOCAL_LEN + 1);
	return b;
}

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* ---- one event, its messages ---- */

/* What an event says to everyone; each person's greeting is added. */
struct event {
	const char *kind;
	const char *key;	/* the event's part of the dedup keys */
	int64_t unit_id, incident_id;
	const char *unit_path;
	int red;		/* TLP:RED: named people only */
	const char *subject, *text, *html;	/* bodies, no greeting */
	json_t *j_hook;		/* the webhooks' body */
	json_t *j_headers;	/* extra mail headers */
};

struct person {
	int64_t id;
	const char *name, *email;
	int by_email, by_webhook;
	int64_t webhook_id;	/* the person's own, or 0 */
	const char *webhook_url;
};

static const char *
footer_text(void)
{
	return "\n--\nThư này do hệ thống ungcuu (mạng lưới ứng cứu sự cố an"
	    " toàn thông tin mạng) gửi tự động; vui lòng không trả lời. Chọn"
	    " loại thông báo nhận qua thư tại trang Hồ sơ cá nhân.\n";
}

static enum uc_status
mail_to(struct uc_ctx *ctx, const struct event *ev, const struct person *p,
    struct uc_error *err)
{
	struct uc_outbox_msg m;

	memset(&m, 0, sizeof(m));
	m.channel = "email";
	m.kind = ev->kind;
	m.dedup_key = uc_arena_printf(ctx->arena, "%s:email:%" PRId64,
	    ev->key, p->id);
	m.recipient = p->email;
	m.recipient_name = p->name;
	m.user_id = p->id;
	m.unit_id = ev->unit_id;
	m.incident_id = ev->incident_id;
	m.subject = ev->subject;
	m.text = uc_arena_printf(ctx->arena, "Kính gửi %s,\n\n%s%s", p->name,
	    ev->text, footer_text());
	m.html = uc_arena_printf(ctx->arena, "<!DOCTYPE html><html lang=\"vi\">"
	    "<head><meta charset=\"utf-8\"><title>%s</title></head><body>"
	    "<p>Kính gửi %s,</p>%s<hr><p><small>%s</small></p></body></html>",
	    esc(ctx->arena, ev->subject), esc(ctx->arena, p->name), ev->html,
	    esc(ctx->arena, footer_text() + 4));
	m.headers = ev->j_headers;
	return uc_outbox_enqueue(ctx, &m, NULL, err);
}

static enum uc_status
hook_to(struct uc_ctx *ctx, const struct event *ev, int64_t webhook_id,
    const char *url, int64_t user_id, struct uc_error *err)
{
	struct uc_outbox_msg m;
	char *body = json_dumps(ev->j_hook, JSON_COMPACT);
	enum uc_status rc;

	memset(&m, 0, sizeof(m));
	m.channel = "webhook";
	m.kind = ev->kind;
	m.dedup_key = uc_arena_printf(ctx->arena, "%s:webhook:%" PRId64,
	    ev->key, webhook_id);
	m.recipient = url;
	m.user_id = user_id;
	m.webhook_id = webhook_id;
	m.unit_id = ev->unit_id;
	m.incident_id = ev->incident_id;
	m.subject = ev->subject;
	m.text = body ? body : "{}";
	rc = uc_outbox_enqueue(ctx, &m, NULL, err);
	uc_free(body);
	return rc;
}

static enum uc_status
to_person(struct uc_ctx *ctx, const struct event *ev, const struct person *p,
    struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	if (p->by_email && p->email != NULL && *p->email != '\0')
		rc = mail_to(ctx, ev, p, err);
	if (rc == UC_OK && p->by_webhook && p->webhook_id != 0)
		rc = hook_to(ctx, ev, p->webhook_id, p->webhook_url, p->id,
		    err);
	return rc;
}

/* ---- who ---- */

/* A person with their choice for the kind; the caller adds a WHERE. */
#define PEOPLE "SELECT DISTINCT u.id, u.full_name, u.email," \
	" COALESCE(p.email, ?), COALESCE(p.webhook, ?), w.id, w.url" \
	" FROM users u LEFT JOIN notify_prefs p ON p.user_id = u.id AND" \
	" p.kind = ? LEFT JOIN webhooks w ON w.user_id = u.id AND" \
	" w.active = 1"

static enum uc_status
people(struct uc_ctx *ctx, struct uc_sql *q, struct person *out, size_t *n,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct person *p;
	enum uc_status rc;
	int row = 0;

	*n = 0;
	rc = uc_store_query_sql(ctx->st, &s, err, q);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row && *n < PEOPLE_MAX) {
		p = &out[(*n)++];
		p->id = uc_stmt_i64(s, 0);
		p->name = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 1));
		p->email = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 2));
		p->by_email = uc_stmt_i64(s, 3) != 0;
		p->by_webhook = uc_stmt_i64(s, 4) != 0;
		p->webhook_id = uc_stmt_null(s, 5) ? 0 : uc_stmt_i64(s, 5);
		p->webhook_url = uc_stmt_null(s, 6) ? NULL :
		    uc_arena_strdup(ctx->arena, uc_stmt_text(s, 6));
	}
	uc_stmt_done(s);
	return rc;
}

static void
people_init(struct uc_sql *q, struct uc_ctx *ctx, const char *kind)
{
	const struct kind *k = kind_of(kind);

	uc_sql_init(q, ctx->arena, "");
	uc_sql_add(q, PEOPLE, "iis", (int64_t)k->email, (int64_t)k->webhook,
	    kind);
}

/* The unit webhooks that take the event's kind for its unit. */
static enum uc_status
unit_hooks(struct uc_ctx *ctx, const struct event *ev, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	int64_t id[HOOKS_MAX];
	const char *url[HOOKS_MAX];
	size_t i, n = 0;
	enum uc_status rc;
	int row = 0;

	if (ev->red)
		return UC_OK;
	rc = uc_store_query(ctx->st, &s, err, "SELECT w.id, w.url FROM"
	    " webhooks w JOIN units wu ON wu.id = w.unit_id JOIN webhook_kinds"
	    " k ON k.webhook_id = w.id AND k.kind = ? WHERE w.active = 1 AND"
	    " CAST(? AS TEXT) LIKE (wu.path || '%') ORDER BY w.id", "ss",
	    ev->kind, ev->unit_path);
	while (rc == UC_OK && (rc = uc_stmt_step(s, &row, err)) == UC_OK &&
	    row && n < HOOKS_MAX) {
		id[n] = uc_stmt_i64(s, 0);
		url[n++] = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 1));
	}
	uc_stmt_done(s);
	for (i = 0; rc == UC_OK && i < n; i++)
		rc = hook_to(ctx, ev, id[i], url[i], 0, err);
	return rc;
}

static enum uc_status
send_event(struct uc_ctx *ctx, const struct event *ev, struct uc_sql *q,
    struct uc_error *err)
{
	struct person *p = uc_arena_alloc(ctx->arena,
	    PEOPLE_MAX * sizeof(*p));
	size_t i, n = 0;
	enum uc_status rc;

	rc = people(ctx, q, p, &n, err);
	for (i = 0; rc == UC_OK && i < n; i++)
		rc = to_person(ctx, ev, &p[i], err);
	if (rc == UC_OK)
		rc = unit_hooks(ctx, ev, err);
	return rc;
}

/* ---- the incident an event is about ---- */

struct incident {
	int64_t id, unit_id;
	const char *pid, *title, *tlp, *unit_code, *unit_name, *path;
	const char *detected, *reasons, *decision, *note;
	int red;
	int exercise;		/* a drill's incident, not a real one */
};

static const char *
text_col(struct uc_arena *a, struct uc_stmt *s, int c)
{
	return uc_stmt_null(s, c) ? NULL : uc_arena_strdup(a,
	    uc_stmt_text(s, c));
}

static enum uc_status
incident(struct uc_ctx *ctx, int64_t id, struct incident *in,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	struct uc_arena *a = ctx->arena;
	enum uc_status rc;
	int row = 0;

	memset(in, 0, sizeof(*in));
	in->id = id;
	rc = uc_store_query(ctx->st, &s, err, "SELECT i.public_id, i.title,"
	    " i.tlp, i.unit_id, un.code, un.name, un.path, i.detected_at,"
	    " i.serious_reasons_vi, i.decision, i.decision_note, i.exercise"
	    " FROM"
	    " incidents i JOIN units un ON un.id = i.unit_id WHERE i.id = ?",
	    "i", id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		in->pid = text_col(a, s, 0);
		in->title = text_col(a, s, 1);
		in->tlp = text_col(a, s, 2);
		in->unit_id = uc_stmt_i64(s, 3);
		in->unit_code = text_col(a, s, 4);
		in->unit_name = text_col(a, s, 5);
		in->path = text_col(a, s, 6);
		in->detected = text_col(a, s, 7);
		in->reasons = text_col(a, s, 8);
		in->decision = text_col(a, s, 9);
		in->note = text_col(a, s, 10);
		in->red = strcmp(in->tlp, "RED") == 0;
		in->exercise = uc_stmt_i64(s, 11) != 0;
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such incident");
	return rc;
}

/* TLP:RED content stays on the server: the id and the link only. */
static const char *
title_of(const struct incident *in)
{
	return in->red ? "(TLP:RED: nội dung chỉ xem trên hệ thống)" :
	    in->title;
}

static json_t *
incident_json(struct uc_ctx *ctx, const struct incident *in)
{
	const char *url = page_link(ctx->arena, in->pid);

	return json_pack("{ss ss sI ss ss ss ss so sb}", "id", in->pid,
	    "title", title_of(in), "unit_id", (json_int_t)in->unit_id,
	    "unit_code", in->unit_code, "unit_name", in->unit_name,
	    "tlp", in->tlp, "detected_at", in->detected ? in->detected : "",
	    "url", url ? json_string(url) : json_null(), "exercise",
	    in->exercise);
}

static void
event_init(struct event *ev, const char *kind, const char *key,
    const struct incident *in)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->key = key;
	ev->unit_id = in->unit_id;
	ev->incident_id = in->id;
	ev->unit_path = in->path;
	ev->red = in->red;
	ev->j_headers = json_pack("{ss ss}", "X-Ungcuu-Kind", kind,
	    "X-Ungcuu-Incident", in->pid);
}

/* A drill's messages say so first: nobody takes them for real. */
static void
mark_drill(struct uc_ctx *ctx, const struct incident *in, struct event *ev)
{
	if (!in->exercise)
		return;
	ev->subject = uc_arena_printf(ctx->arena, "[DIỄN TẬP] %s",
	    ev->subject);
	ev->text = uc_arena_printf(ctx->arena, "DIỄN TẬP: sự cố này thuộc "
	    "một cuộc diễn tập, không phải sự cố thật.\n\n%s", ev->text);
	ev->html = uc_arena_printf(ctx->arena, "<p><strong>DIỄN TẬP:</strong>"
	    " sự cố này thuộc một cuộc diễn tập, không phải sự cố thật.</p>%s",
	    ev->html);
}

/* "Xem chi tiết: URL" lines, or nothing without a public URL. */
static void
add_link(struct uc_ctx *ctx, struct event *ev, const char *pid)
{
	const char *url = page_link(ctx->arena, pid);

	if (url == NULL)
		return;
	ev->text = uc_arena_printf(ctx->arena, "%s\nXem chi tiết: %s\n",
	    ev->text, url);
	ev->html = uc_arena_printf(ctx->arena, "%s<p><a href=\"%s\">Xem chi "
	    "tiết sự cố %s</a></p>", ev->html, esc(ctx->arena, url),
	    esc(ctx->arena, pid));
}

/* ---- incident.serious ---- */

static const char *
ground(struct uc_ctx *ctx, const struct incident *in)
{
	if (in->decision != NULL && strcmp(in->decision, "serious") == 0)
		return in->note && *in->note && !in->red ? uc_arena_printf(
		    ctx->arena, "quyết định của cơ quan điều phối (%s)",
		    in->note) : "quyết định của cơ quan điều phối";
	if (in->red || in->reasons == NULL || *in->reasons == '\0')
		return "kết quả đánh giá theo tiêu chí sự cố nghiêm trọng";
	return uc_arena_printf(ctx->arena, "kết quả đánh giá theo tiêu chí "
	    "sự cố nghiêm trọng: %s", in->reasons);
}

static void
compose_serious(struct uc_ctx *ctx, const struct incident *in,
    const char *since, struct event *ev)
{
	struct uc_arena *a = ctx->arena;
	const char *why = ground(ctx, in);

	ev->subject = uc_arena_printf(a, "[ungcuu] Sự cố nghiêm trọng %s: %s",
	    in->pid, title_of(in));
	ev->text = uc_arena_printf(a, "Sự cố %s \"%s\" của %s đã được xác "
	    "định là sự cố an toàn thông tin mạng nghiêm trọng.\n\n"
	    "Căn cứ: %s.\nPhát hiện lúc: %s (giờ Việt Nam)\nXác định nghiêm "
	    "trọng lúc: %s (giờ Việt Nam)\nMức chia sẻ thông tin: TLP:%s\n",
	    in->pid, title_of(in), in->unit_name, why, local(a, in->detected),
	    local(a, since), in->tlp);
	ev->html = uc_arena_printf(a, "<p>Sự cố <strong>%s</strong> "
	    "&ldquo;%s&rdquo; của %s đã được xác định là <strong>sự cố an toàn"
	    " thông tin mạng nghiêm trọng</strong>.</p><table>"
	    "<tr><th align=\"left\">Căn cứ</th><td>%s</td></tr>"
	    "<tr><th align=\"left\">Phát hiện lúc</th><td>%s</td></tr>"
	    "<tr><th align=\"left\">Xác định nghiêm trọng lúc</th><td>%s</td>"
	    "</tr><tr><th align=\"left\">Mức chia sẻ</th><td>TLP:%s</td></tr>"
	    "</table>", esc(a, in->pid), esc(a, title_of(in)),
	    esc(a, in->unit_name), esc(a, why), local(a, in->detected),
	    local(a, since), esc(a, in->tlp));
	add_link(ctx, ev, in->pid);
	mark_drill(ctx, in, ev);
	ev->j_hook = json_pack("{ss ss ss so}", "event", ev->kind,
	    "event_id", ev->key, "occurred_at", since, "incident",
	    incident_json(ctx, in));
	json_object_set_new(json_object_get(ev->j_hook, "incident"),
	    "severity", json_string("serious"));
}

enum uc_status
uc_notify_serious(struct uc_ctx *ctx, int64_t id, const char *since,
    struct uc_error *err)
{
	struct incident in;
	struct event ev;
	struct uc_sql q;
	enum uc_status rc;

	if ((rc = incident(ctx, id, &in, err)) != UC_OK)
		return rc;
	event_init(&ev, "incident.serious", uc_arena_printf(ctx->arena,
	    "incident.serious:%" PRId64 ":%s", id, since), &in);
	compose_serious(ctx, &in, since, &ev);
	people_init(&q, ctx, ev.kind);
	uc_sql_add(&q, " JOIN role_grants g ON g.user_id = u.id JOIN units gu"
	    " ON gu.id = g.unit_id WHERE g.role IN ('coordinator',"
	    " 'steering') AND u.disabled = 0 AND CAST(? AS TEXT) LIKE"
	    " (gu.path || '%')", "s", in.path);
	if (in.red)
		uc_sql_add(&q, " AND EXISTS (SELECT 1 FROM incident_people ip"
		    " WHERE ip.incident_id = ? AND ip.user_id = u.id)", "i",
		    id);
	uc_sql_add(&q, " ORDER BY u.id", "");
	rc = send_event(ctx, &ev, &q, err);
	json_decref(ev.j_hook);
	json_decref(ev.j_headers);
	return rc;
}

/* ---- task.assigned ---- */

/* Who assigned it, as the message names them. */
static enum uc_status
actor_name(struct uc_ctx *ctx, const char **out, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	*out = "Hệ thống";
	if (ctx->actor.user_id == 0)
		return UC_OK;
	rc = uc_store_query(ctx->st, &s, err, "SELECT full_name FROM users"
	    " WHERE id = ?", "i", ctx->actor.user_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row)
		*out = uc_arena_strdup(ctx->arena, uc_stmt_text(s, 0));
	uc_stmt_done(s);
	return rc;
}

static void
compose_task(struct uc_ctx *ctx, const struct incident *in, json_t *task,
    const char *by, struct event *ev)
{
	struct uc_arena *a = ctx->arena;
	const char *title = in->red ? "(TLP:RED: nội dung chỉ xem trên hệ "
	    "thống)" : str(task, "title");
	const char *due = local(a, str(task, "due_at"));

	ev->subject = uc_arena_printf(a, "[ungcuu] Nhiệm vụ mới: %s (%s)",
	    title, in->pid);
	ev->text = uc_arena_printf(a, "%s đã giao cho Ông/Bà một nhiệm vụ.\n\n"
	    "Nhiệm vụ: %s\nThuộc sự cố: %s \"%s\" của %s\nHạn hoàn thành: %s"
	    "%s\n", by, title, in->pid, title_of(in), in->unit_name, due,
	    str(task, "due_at") ? " (giờ Việt Nam)" : "");
	ev->html = uc_arena_printf(a, "<p>%s đã giao cho Ông/Bà một nhiệm "
	    "vụ.</p><table><tr><th align=\"left\">Nhiệm vụ</th><td>%s</td>"
	    "</tr><tr><th align=\"left\">Thuộc sự cố</th><td>%s &ldquo;%s"
	    "&rdquo; của %s</td></tr><tr><th align=\"left\">Hạn hoàn thành"
	    "</th><td>%s</td></tr></table>", esc(a, by), esc(a, title),
	    esc(a, in->pid), esc(a, title_of(in)), esc(a, in->unit_name),
	    esc(a, due));
	add_link(ctx, ev, in->pid);
	mark_drill(ctx, in, ev);
	ev->j_hook = json_pack("{ss ss ss s{sO ss sO sO ss} so}", "event",
	    ev->kind, "event_id", ev->key, "occurred_at", str(task,
	    "updated_at") ? str(task, "updated_at") : "", "task", "id",
	    json_object_get(task, "id"), "title", title, "due_at",
	    json_object_get(task, "due_at") ? json_object_get(task,
	    "due_at") : json_null(), "assignee_id", json_object_get(task,
	    "assignee_id"), "assigned_by", by, "incident",
	    incident_json(ctx, in));
}

enum uc_status
uc_notify_task(struct uc_ctx *ctx, int64_t id, json_t *task,
    struct uc_error *err)
{
	json_int_t who = json_integer_value(json_object_get(task,
	    "assignee_id"));
	const char *by = NULL, *st = str(task, "state");
	struct incident in;
	struct event ev;
	struct uc_sql q;
	enum uc_status rc;

	if (who == 0 || who == ctx->actor.user_id || st == NULL ||
	    strcmp(st, "open") != 0)
		return UC_OK;
	rc = incident(ctx, id, &in, err);
	if (rc == UC_OK)
		rc = actor_name(ctx, &by, err);
	if (rc != UC_OK)
		return rc;
	event_init(&ev, "task.assigned", uc_arena_printf(ctx->arena,
	    "task.assigned:%" JSON_INTEGER_FORMAT ":%" JSON_INTEGER_FORMAT
	    ":%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(task,
	    "id")), json_integer_value(json_object_get(task, "version")),
	    who), &in);
	compose_task(ctx, &in, task, by, &ev);
	people_init(&q, ctx, ev.kind);
	uc_sql_add(&q, " WHERE u.id = ? AND u.disabled = 0", "i",
	    (int64_t)who);
	rc = send_event(ctx, &ev, &q, err);
	json_decref(ev.j_hook);
	json_decref(ev.j_headers);
	return rc;
}

/* ---- incident.deadline ---- */

/* "Cơ quan điều phối quốc gia, UBND tỉnh": whom the report goes to. */
static const char *
recipients_vi(struct uc_arena *a, json_t *clock)
{
	json_t *to = json_object_get(clock, "to"), *r;
	const char *out = "";
	size_t i;

	json_array_foreach(to, i, r)
		out = uc_arena_printf(a, "%s%s%s", out, i ? ", " : "",
		    str(r, "label_vi") ? str(r, "label_vi") : "");
	return out;
}

static void
compose_deadline(struct uc_ctx *ctx, const struct incident *in,
    json_t *clock, const char *kind, struct event *ev)
{
	struct uc_arena *a = ctx->arena;
	int late = strcmp(kind, "overdue") == 0;
	const char *what = str(clock, "label_vi") ? str(clock, "label_vi") :
	    str(clock, "report");
	const char *due = str(clock, "due_local") ? str(clock, "due_local") :
	    "";
	const char *to = recipients_vi(a, clock);

	ev->subject = uc_arena_printf(a, "[ungcuu] %s: %s sự cố %s, hạn %s",
	    late ? "Quá hạn" : "Sắp đến hạn", what, in->pid, due);
	ev->text = uc_arena_printf(a, "%s của sự cố %s \"%s\" (%s)%s%s %s "
	    "%s (giờ Việt Nam).\nKhi đã gửi, ghi nhận trên hồ sơ sự cố để "
	    "đồng hồ dừng.\n", what, in->pid, title_of(in), in->unit_name,
	    *to ? ", gửi " : "", to, late ? "đã quá hạn lúc" : "đến hạn lúc",
	    due);
	ev->html = uc_arena_printf(a, "<p><strong>%s</strong> của sự cố %s "
	    "&ldquo;%s&rdquo; (%s)%s%s %s <strong>%s</strong> (giờ Việt Nam)."
	    "</p><p>Khi đã gửi, ghi nhận trên hồ sơ sự cố để đồng hồ dừng.</p>",
	    esc(a, what), esc(a, in->pid), esc(a, title_of(in)),
	    esc(a, in->unit_name), *to ? ", gửi " : "", esc(a, to),
	    late ? "đã quá hạn lúc" : "đến hạn lúc", esc(a, due));
	add_link(ctx, ev, in->pid);
	mark_drill(ctx, in, ev);
	ev->j_hook = json_pack("{ss ss ss s{ss ss sO} so}", "event", ev->kind,
	    "event_id", ev->key, "reminder", kind, "clock", "report",
	    str(clock, "report") ? str(clock, "report") : "", "due_at",
	    str(clock, "due_at") ? str(clock, "due_at") : "", "state",
	    json_object_get(clock, "state"), "incident",
	    incident_json(ctx, in));
}

enum uc_status
uc_notify_deadline(struct uc_ctx *ctx, int64_t id, json_t *clock,
    const char *kind, struct uc_error *err)
{
	struct incident in;
	struct event ev;
	struct uc_sql q;
	enum uc_status rc;

	if ((rc = incident(ctx, id, &in, err)) != UC_OK)
		return rc;
	event_init(&ev, "incident.deadline", uc_arena_printf(ctx->arena,
	    "incident.deadline:%" PRId64 ":%s:%s:%s", id, str(clock,
	    "report"), str(clock, "due_at"), kind), &in);
	compose_deadline(ctx, &in, clock, kind, &ev);
	/* the incident unit's own keepers; TLP:RED: those named on it */
	people_init(&q, ctx, ev.kind);
	uc_sql_add(&q, " WHERE EXISTS (SELECT 1 FROM role_grants g WHERE"
	    " g.user_id = u.id AND g.unit_id = ? AND g.role IN ('leader',"
	    " 'operator')) AND u.disabled = 0", "i", in.unit_id);
	if (in.red)
		uc_sql_add(&q, " AND EXISTS (SELECT 1 FROM incident_people ip"
		    " WHERE ip.incident_id = ? AND ip.user_id = u.id)", "i",
		    id);
	uc_sql_add(&q, " ORDER BY u.id", "");
	rc = send_event(ctx, &ev, &q, err);
	json_decref(ev.j_hook);
	json_decref(ev.j_headers);
	return rc;
}

/* ---- obligation.due ---- */

/* The unit a calendar item belongs to: its path and name. */
static enum uc_status
ob_unit(struct uc_ctx *ctx, int64_t unit_id, struct event *ev,
    const char **name, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT path, name FROM units"
	    " WHERE id = ?", "i", unit_id);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	if (rc == UC_OK && row) {
		ev->unit_path = text_col(ctx->arena, s, 0);
		*name = text_col(ctx->arena, s, 1);
	}
	uc_stmt_done(s);
	if (rc == UC_OK && !row)
		rc = uc_error_set(err, UC_ENOTFOUND, "no such unit");
	return rc;
}

static void
compose_obligation(struct uc_ctx *ctx, const struct uc_notify_obligation
    *ob, const char *unit, struct event *ev)
{
	struct uc_arena *a = ctx->arena;
	int late = strcmp(ob->reminder, "overdue") == 0;
	const char *what = ob->system_name ? uc_arena_printf(a, "%s (hệ "
	    "thống %s)", ob->title, ob->system_name) : ob->title;
	const char *due = local(a, ob->due_at);

	ev->subject = uc_arena_printf(a, "[ungcuu] %s: %s, kỳ %s",
	    late ? "Quá hạn" : "Sắp đến hạn", what, ob->period);
	ev->text = uc_arena_printf(a, "%s của %s, kỳ %s, %s %s (giờ Việt "
	    "Nam).\nCăn cứ: %s\nKhi hoàn thành, đánh dấu trên lịch tuân thủ "
	    "kèm minh chứng.\n", what, unit, ob->period, late ? "đã quá hạn "
	    "lúc" : "đến hạn lúc", due, ob->source);
	ev->html = uc_arena_printf(a, "<p><strong>%s</strong> của %s, kỳ %s, "
	    "%s <strong>%s</strong> (giờ Việt Nam).</p><p>Căn cứ: %s</p>",
	    esc(a, what), esc(a, unit), esc(a, ob->period), late ? "đã quá "
	    "hạn lúc" : "đến hạn lúc", esc(a, due), esc(a, ob->source));
	ev->j_hook = json_pack("{ss ss ss s{sI sI ss ss ss ss}}", "event",
	    ev->kind, "event_id", ev->key, "reminder", ob->reminder,
	    "obligation", "unit_id", (json_int_t)ob->unit_id, "system_id",
	    (json_int_t)ob->system_id, "code", ob->code, "title", ob->title,
	    "period", ob->period, "due_at", ob->due_at);
}

enum uc_status
uc_notify_obligation(struct uc_ctx *ctx,
    const struct uc_notify_obligation *ob, struct uc_error *err)
{
	const char *unit = NULL;
	struct event ev;
	struct uc_sql q;
	enum uc_status rc;

	memset(&ev, 0, sizeof(ev));
	ev.kind = "obligation.due";
	ev.key = uc_arena_printf(ctx->arena, "obligation.due:%" PRId64 ":%"
	    PRId64 ":%s:%s:%s", ob->unit_id, ob->system_id, ob->code,
	    ob->period, ob->reminder);
	ev.unit_id = ob->unit_id;
	if ((rc = ob_unit(ctx, ob->unit_id, &ev, &unit, err)) != UC_OK)
		return rc;
	ev.j_headers = json_pack("{ss}", "X-Ungcuu-Kind", ev.kind);
	compose_obligation(ctx, ob, unit, &ev);
	/* the unit's own keepers: its leaders and operators */
	people_init(&q, ctx, ev.kind);
	uc_sql_add(&q, " JOIN role_grants g ON g.user_id = u.id WHERE"
	    " g.unit_id = ? AND g.role IN ('leader', 'operator') AND"
	    " u.disabled = 0 ORDER BY u.id", "i", ob->unit_id);
	rc = send_event(ctx, &ev, &q, err);
	json_decref(ev.j_hook);
	json_decref(ev.j_headers);
	return rc;
}

static void
compose_contact(struct uc_ctx *ctx, int64_t clock, const char *detail,
    const char *due_at, const char *unit, struct event *ev)
{
	struct uc_arena *a = ctx->arena;
	const char *due = local(a, due_at);

	ev->subject = uc_arena_printf(a, "[ungcuu] Thay đổi đầu mối ứng cứu "
	    "sự cố của %s: báo cáo trước %s", unit, due);
	ev->text = uc_arena_printf(a, "%s của %s.\nTheo Thông tư 20/2017/"
	    "TT-BTTTT Điều 6.1.b, thay đổi đầu mối phải được thông báo cho cơ "
	    "quan điều phối quốc gia trong 24 giờ, hạn %s (giờ Việt Nam).\n"
	    "Khi đã thông báo, ghi nhận trên trang Đội ứng cứu.\n", detail,
	    unit, due);
	ev->html = uc_arena_printf(a, "<p>%s của %s.</p><p>Theo Thông tư "
	    "20/2017/TT-BTTTT Điều 6.1.b, thay đổi đầu mối phải được thông "
	    "báo cho cơ quan điều phối quốc gia trong 24 giờ, hạn <strong>%s"
	    "</strong> (giờ Việt Nam).</p>", esc(a, detail), esc(a, unit),
	    esc(a, due));
	ev->j_hook = json_pack("{ss ss s{sI sI ss ss}}", "event", ev->kind,
	    "event_id", ev->key, "clock", "unit_id", (json_int_t)ev->unit_id,
	    "id", (json_int_t)clock, "detail", detail, "due_at", due_at);
}

enum uc_status
uc_notify_contact(struct uc_ctx *ctx, int64_t unit_id, int64_t clock,
    const char *detail, const char *due_at, struct uc_error *err)
{
	const char *unit = NULL;
	struct event ev;
	struct uc_sql q;
	enum uc_status rc;

	memset(&ev, 0, sizeof(ev));
	ev.kind = "contact.changed";
	ev.key = uc_arena_printf(ctx->arena, "contact.changed:%" PRId64,
	    clock);
	ev.unit_id = unit_id;
	if ((rc = ob_unit(ctx, unit_id, &ev, &unit, err)) != UC_OK)
		return rc;
	ev.j_headers = json_pack("{ss}", "X-Ungcuu-Kind", ev.kind);
	compose_contact(ctx, clock, detail, due_at, unit, &ev);
	/* those who may record the notice: the unit's leaders and admins */
	people_init(&q, ctx, ev.kind);
	uc_sql_add(&q, " WHERE EXISTS (SELECT 1 FROM role_grants g WHERE"
	    " g.user_id = u.id AND g.unit_id = ? AND g.role IN ('leader',"
	    " 'admin')) AND u.disabled = 0 ORDER BY u.id", "i", unit_id);
	rc = send_event(ctx, &ev, &q, err);
	json_decref(ev.j_hook);
	json_decref(ev.j_headers);
	return rc;
}

/* ---- resource.expiring ---- */

/* "dd/mm/yyyy" of a yyyy-mm-dd date. */
static const char *
day_vn(struct uc_arena *a, const char *d)
{
	if (strlen(d) != 10)
		return d;
	return uc_arena_printf(a, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
}

static const char *
resource_kind_vn(const char *kind)
{
	static const char *const names[][2] = {
		{ "equipment", "Trang thiết bị" }, { "tool", "Công cụ" },
		{ "software", "Phần mềm" }, { "licence", "Bản quyền phần mềm" },
		{ "service", "Dịch vụ thuê ngoài" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i][0], kind) == 0)
			return names[i][1];
	return kind;
}

static void
compose_resource(struct uc_ctx *ctx, const struct uc_notify_resource *r,
    const char *unit, struct event *ev)
{
	struct uc_arena *a = ctx->arena;
	const char *what = uc_arena_printf(a, "%s \"%s\"",
	    resource_kind_vn(r->kind), r->name);
	const char *day = day_vn(a, r->expires_on);
	const char *when = r->days_left > 0 ? uc_arena_printf(a, "sẽ hết "
	    "hạn vào ngày %s (còn %" PRId64 " ngày)", day, r->days_left) :
	    r->days_left == 0 ? uc_arena_printf(a, "hết hạn hôm nay, ngày %s",
	    day) : uc_arena_printf(a, "đã hết hạn từ ngày %s", day);

	ev->subject = uc_arena_printf(a, "[ungcuu] %s: %s của %s",
	    r->days_left > 0 ? "Sắp hết hạn" : "Hết hạn", what, unit);
	ev->text = uc_arena_printf(a, "%s của %s %s.\nĐề nghị gia hạn, thay "
	    "thế, hoặc ghi nhận ngừng sử dụng trên trang Trang thiết bị, "
	    "công cụ của đơn vị.\n", what, unit, when);
	ev->html = uc_arena_printf(a, "<p><strong>%s</strong> của %s %s.</p>"
	    "<p>Đề nghị gia hạn, thay thế, hoặc ghi nhận ngừng sử dụng trên "
	    "trang Trang thiết bị, công cụ của đơn vị.</p>", esc(a, what),
	    esc(a, unit), esc(a, when));
	ev->j_hook = json_pack("{ss ss ss s{sI sI ss ss ss sI}}", "event",
	    ev->kind, "event_id", ev->key, "reminder", r->reminder,
	    "resource", "id", (json_int_t)r->resource_id, "unit_id",
	    (json_int_t)r->unit_id, "kind", r->kind, "name", r->name,
	    "expires_on", r->expires_on, "days_left",
	    (json_int_t)r->days_left);
}

enum uc_status
uc_notify_resource(struct uc_ctx *ctx, const struct uc_notify_resource *r,
    struct uc_error *err)
{
	const char *unit = NULL;
	struct event ev;
	struct uc_sql q;
	enum uc_status rc;

	memset(&ev, 0, sizeof(ev));
	ev.kind = "resource.expiring";
	ev.key = uc_arena_printf(ctx->arena, "resource.expiring:%" PRId64
	    ":%s:%s", r->resource_id, r->expires_on, r->reminder);
	ev.unit_id = r->unit_id;
	if ((rc = ob_unit(ctx, r->unit_id, &ev, &unit, err)) != UC_OK)
		return rc;
	ev.j_headers = json_pack("{ss}", "X-Ungcuu-Kind", ev.kind);
	compose_resource(ctx, r, unit, &ev);
	/* the unit's own keepers: its leaders and operators */
	people_init(&q, ctx, ev.kind);
	uc_sql_add(&q, " JOIN role_grants g ON g.user_id = u.id WHERE"
	    " g.unit_id = ? AND g.role IN ('leader', 'operator') AND"
	    " u.disabled = 0 ORDER BY u.id", "i", r->unit_id);
	rc = send_event(ctx, &ev, &q, err);
	json_decref(ev.j_hook);
	json_decref(ev.j_headers);
	return rc;
}
