/*
 * evidence.c - /api/v1/incidents/{pid}/evidence.
 *
 * The upload is a streamed route (UC_R_STREAM): api_evidence_upload
 * runs when the headers are in, checks the incident and the framing
 * and installs a sink; the multipart parser then takes the body chunk
 * by chunk, the file part going straight to the evidence store and
 * the few text fields into small capped buffers. Downloads are served
 * from the verified descriptor as application/octet-stream, never as
 * the type the uploader claimed.
 */
#include "api/api.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/parse.h"
#include "http/json.h"
#include "http/multipart.h"
#include "service/evidence.h"

#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#define FIELD_MAX (16 * 1024)	/* bytes of one text field */
#define PARTS_MAX 8		/* the file and the text fields, with room */
/* What a body may hold besides the file: every part's headers and
 * delimiters, and the text fields. */
#define SLACK ((int64_t)PARTS_MAX * (UC_MULTIPART_HEADER_MAX + \
	FIELD_MAX + 2 * UC_MULTIPART_BOUNDARY_MAX + 64))

enum { F_DESCRIPTION, F_COLLECTED_BY, F_COLLECTED_AT, F_COLLECTED_FROM,
	F_STEP, NFIELDS };

static const char *const field_names[NFIELDS] = {
	"description", "collected_by", "collected_at", "collected_from",
	"step"
};

#define CUR_NONE (-2)
#define CUR_FILE (-1)

/* One upload in flight (arena; owned pointers freed by cleanup). */
struct upload {
	struct uc_req *req;
	struct uc_multipart *mp;	/* owned */
	struct uc_evidence_upload *up;	/* owned */
	struct uc_buf text;	/* the text field being read */
	int cur;		/* its index, CUR_FILE or CUR_NONE */
	int have_file;
	const char *filename;	/* as the part said (arena) */
	const char *content_type;
	const char *values[NFIELDS];	/* text fields (arena) */
};

static const struct uc_jfield transfer_spec[] = {
	{ "to", UC_JSTR, 1, 0, NULL },
	{ "reason", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

/* ---- the multipart callbacks ---- */

static int
field_index(const char *name)
{
	int i;

	for (i = 0; i < NFIELDS; i++)
		if (strcmp(field_names[i], name) == 0)
			return i;
	return -1;
}

static enum uc_status
begin_file(struct upload *u, const struct uc_multipart_part *part,
    struct uc_error *err)
{
	enum uc_status rc;

	if (!part->is_file)
		return uc_error_field(err, "file", "type", "'file' must be a "
		    "file part (with a filename)");
	if (u->have_file)
		return uc_error_field(err, "file", "duplicate", "send one "
		    "file per upload");
	if ((rc = uc_evidence_upload_file(u->up, err)) != UC_OK)
		return rc;
	u->have_file = 1;
	u->cur = CUR_FILE;
	u->filename = uc_arena_strdup(u->req->arena, part->filename);
	u->content_type = uc_arena_strdup(u->req->arena,
	    part->content_type);
	return UC_OK;
}

static enum uc_status
on_begin(void *arg, const struct uc_multipart_part *part,
    struct uc_error *err)
{
	struct upload *u = arg;
	int i;

	if (strcmp(part->name, "file") == 0)
		return begin_file(u, part, err);
	if ((i = field_index(part->name)) < 0)
		return uc_error_field(err, part->name, "unknown_field",
		    "unknown field; the upload takes file, description, "
		    "collected_by, collected_at, collected_from, step");
	if (part->is_file)
		return uc_error_field(err, part->name, "type", "%s is a text "
		    "field, not a file", part->name);
	if (u->values[i] != NULL)
		return uc_error_field(err, part->name, "duplicate", "%s is "
		    "sent twice", part->name);
	u->cur = i;
	u->text.len = 0;
	return UC_OK;
}

static enum uc_status
on_data(void *arg, const char *p, size_t n, struct uc_error *err)
{
	struct upload *u = arg;
	enum uc_status rc;

	if (u->cur != CUR_FILE)
		return uc_buf_append(&u->text, p, n) == UC_OK ? UC_OK :
		    uc_error_set(err, UC_ETOOBIG, "the field %s is too long",
		    field_names[u->cur]);
	rc = uc_evidence_upload_write(u->up, p, n, err);
	if (rc == UC_ETOOBIG)
		uc_error_field(err, "file", "too_long", "the file may have "
		    "at most %" PRId64 " bytes", uc_cfg.evidence_max);
	return rc;
}

static enum uc_status
on_end(void *arg, struct uc_error *err)
{
	struct upload *u = arg;
	int i = u->cur;

	u->cur = CUR_NONE;
	if (i < 0)
		return UC_OK;
	if (u->text.len > 0 && memchr(u->text.data, '\0', u->text.len))
		return uc_error_field(err, field_names[i], "format",
		    "%s contains control characters", field_names[i]);
	u->values[i] = uc_arena_strndup(u->req->arena, u->text.len ?
	    u->text.data : "", u->text.len);
	return UC_OK;
}

/* ---- the sink ---- */

static enum uc_status
upload_data(struct uc_req *req, const char *p, size_t n,
    struct uc_error *err)
{
	struct upload *u = req->sink_arg;

	return uc_multipart_feed(u->mp, p, n, err);
}

static enum uc_status
no_file(struct uc_error *err)
{
	uc_error_set(err, UC_EINVAL, "the upload has no file part");
	uc_error_field(err, "file", "required", "send the evidence as a "
	    "file part named 'file'");
	return UC_EINVAL;
}

static enum uc_status
upload_finish(struct uc_req *req, struct uc_error *err)
{
	struct upload *u = req->sink_arg;
	struct uc_evidence_meta m;
	json_t *j = NULL;
	enum uc_status rc;

	if ((rc = uc_multipart_finish(u->mp, err)) != UC_OK)
		return rc;
	if (!u->have_file)
		return no_file(err);
	m.filename = u->filename;
	m.content_type = u->content_type;
	m.description = u->values[F_DESCRIPTION];
	m.collected_by = u->values[F_COLLECTED_BY];
	m.collected_at = u->values[F_COLLECTED_AT];
	m.collected_from = u->values[F_COLLECTED_FROM];
	m.step = u->values[F_STEP];
	rc = uc_evidence_upload_finish(&req->ctx, u->up, &m, &j, err);
	if (rc != UC_OK)
		return rc;
	uc_req_set_header(req, "Location", uc_arena_printf(req->arena,
	    "%s/%" PRId64, req->path, (int64_t)json_integer_value(
	    json_object_get(j, "id"))));
	uc_req_json(req, 201, j);
	return UC_OK;
}

static void
upload_cleanup(struct uc_req *req)
{
	struct upload *u = req->sink_arg;

	uc_multipart_free(u->mp);
	uc_evidence_upload_free(u->up);	/* removes an unstored file */
	uc_buf_cleanup(&u->text);
	u->mp = NULL;
	u->up = NULL;
}

static const struct uc_req_sink upload_sink = {
	upload_data, upload_finish, upload_cleanup
};

/* A declared length that cannot fit is refused before the body. */
static enum uc_status
check_length(struct uc_req *req, struct uc_error *err)
{
	const char *cl = uc_req_header(req, "Content-Length");
	int64_t n;

	if (cl == NULL || uc_parse_i64_str(cl, 0, INT64_MAX, &n) != UC_OK ||
	    n <= req->body_max)
		return UC_OK;
	uc_error_set(err, UC_ETOOBIG, "the upload is larger than the server "
	    "accepts");
	uc_error_field(err, "file", "too_long", "the file may have at most "
	    "%" PRId64 " bytes", uc_cfg.evidence_max);
	return UC_ETOOBIG;
}

static enum uc_status
open_parser(struct uc_req *req, struct upload *u, struct uc_error *err)
{
	static const struct uc_multipart_caps caps = { 0, PARTS_MAX,
		FIELD_MAX };
	const struct uc_multipart_cb cb = { on_begin, on_data, on_end, u };
	enum uc_status rc;

	rc = uc_multipart_new(uc_req_header(req, "Content-Type"), &caps, &cb,
	    &u->mp, err);
	if (rc != UC_OK)
		uc_error_field(err, "Content-Type", "format", "expected "
		    "multipart/form-data with a boundary");
	return rc;
}

enum uc_status
api_evidence_upload(struct uc_req *req, struct uc_error *err)
{
	struct upload *u = uc_arena_alloc(req->arena, sizeof(*u));
	enum uc_status rc;

	u->req = req;
	u->cur = CUR_NONE;
	uc_buf_init(&u->text, FIELD_MAX);
	req->sink = &upload_sink;	/* cleanup runs whatever happens */
	req->sink_arg = u;
	req->body_max = uc_cfg.evidence_max + SLACK;
	rc = uc_evidence_upload_new(&req->ctx, req->params[0], &u->up, err);
	if (rc == UC_OK)
		rc = open_parser(req, u, err);
	if (rc == UC_OK)
		rc = check_length(req, err);
	return rc;
}

/* ---- the other routes ---- */

enum uc_status
api_evidence_list(struct uc_req *req, struct uc_error *err)
{
	json_t *j_items = NULL;
	const char *cursor = NULL;
	char *next = NULL;
	int limit = 50;
	enum uc_status rc = uc_req_page(req, NULL, &limit, &cursor, err);

	if (rc == UC_OK)
		rc = uc_evidence_list(&req->ctx, req->params[0], cursor, limit,
		    &j_items, &next, err);
	if (rc == UC_OK)
		uc_req_list(req, j_items, next);
	return rc;
}

enum uc_status
api_evidence_get(struct uc_req *req, struct uc_error *err)
{
	json_t *j = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = uc_evidence_get(&req->ctx, req->params[0], id, &j, err);
	if (rc == UC_OK)
		uc_req_json(req, 200, j);
	return rc;
}

static int
attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c) != NULL;
}

/* attachment; filename="<ASCII stand-in>"; filename*=UTF-8''<RFC 5987> */
static const char *
disposition(struct uc_arena *a, const char *name)
{
	size_t n = strlen(name), i, o = 0;
	char *ascii = uc_arena_alloc(a, n + 1);
	char *pct = uc_arena_alloc(a, 3 * n + 1);
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)name[i];
		ascii[i] = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ?
		    (char)c : '_';
		if (attr_char(c)) {
			pct[o++] = (char)c;
			continue;
		}
		pct[o++] = '%';
		pct[o++] = "0123456789ABCDEF"[c >> 4];
		pct[o++] = "0123456789ABCDEF"[c & 15];
	}
	return uc_arena_printf(a, "attachment; filename=\"%s\"; "
	    "filename*=UTF-8''%s", ascii, pct);
}

/* Repr-Digest (RFC 9530) from the hex name. */
static const char *
repr_digest(struct uc_arena *a, const char *hex)
{
	unsigned char md[32];
	char b64[sodium_base64_ENCODED_LEN(32,
	    sodium_base64_VARIANT_ORIGINAL)];

	if (hex == NULL || sodium_hex2bin(md, sizeof(md), hex, strlen(hex),
	    NULL, NULL, NULL) != 0)
		return NULL;
	sodium_bin2base64(b64, sizeof(b64), md, sizeof(md),
	    sodium_base64_VARIANT_ORIGINAL);
	return uc_arena_printf(a, "sha-256=:%s:", b64);
}

static void
file_headers(struct uc_req *req, json_t *meta)
{
	const char *d = repr_digest(req->arena, json_string_value(
	    json_object_get(meta, "sha256")));

	uc_req_set_header(req, "Content-Disposition", disposition(
	    req->arena, json_string_value(json_object_get(meta,
	    "filename"))));
	if (d != NULL)
		uc_req_set_header(req, "Repr-Digest", d);
}

enum uc_status
api_evidence_content(struct uc_req *req, struct uc_error *err)
{
	json_t *j_meta = NULL;
	int64_t id, size = 0;
	int fd = -1;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = uc_evidence_download(&req->ctx, req->params[0], id, &fd,
		    &size, &j_meta, err);
	if (rc != UC_OK)
		return rc;
	/* never the uploader's type: the browser must not render it */
	uc_req_file(req, fd, size, "application/octet-stream");
	file_headers(req, j_meta);
	json_decref(j_meta);
	return UC_OK;
}

enum uc_status
api_evidence_transfer(struct uc_req *req, struct uc_error *err)
{
	json_t *j_in = NULL, *j = NULL;
	int64_t id;
	enum uc_status rc = uc_req_id(req, 1, &id, err);

	if (rc == UC_OK)
		rc = uc_req_body(req, transfer_spec, &j_in, err);
	if (rc == UC_OK)
		rc = uc_evidence_transfer(&req->ctx, req->params[0], id,
		    json_string_value(json_object_get(j_in, "to")),
		    json_string_value(json_object_get(j_in, "reason")), &j,
		    err);
	json_decref(j_in);
	if (rc == UC_OK)
		uc_req_json(req, 200, j);
	return rc;
}
