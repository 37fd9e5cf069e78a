/*
 * upload.c - see upload.h.
 *
 * The handler runs when the headers are in: it installs the sink
 * first (so that cleanup runs whatever happens), opens the form's
 * state (the access checks), the parser and checks a declared length.
 * The multipart parser then takes the body chunk by chunk, the file
 * part going straight to the form's store and the text fields into
 * one capped buffer.
 */
#include "api/upload.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/parse.h"
#include "http/multipart.h"

#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#define FIELD_MAX (16 * 1024)	/* bytes of one text field */
#define PARTS_MAX 8		/* the file and the text fields, with room */
/* What a body may hold besides the file: every part's headers and
 * delimiters, and the text fields. */
#define SLACK ((int64_t)PARTS_MAX * (UC_MULTIPART_HEADER_MAX + \
	FIELD_MAX + 2 * UC_MULTIPART_BOUNDARY_MAX + 64))

#define CUR_NONE (-2)
#define CUR_FILE (-1)

/* One upload in flight (arena; owned pointers freed by cleanup). */
struct upload {
	struct uc_req *req;
	const struct uc_upload_form *form;
	void *state;		/* the form's (owned) */
	struct uc_multipart *mp;	/* owned */
	struct uc_buf text;	/* the text field being read */
	int cur;		/* its index, CUR_FILE or CUR_NONE */
	int have_file;
	struct uc_upload_values v;
};

/* ---- the multipart callbacks ---- */

static int
field_index(const struct uc_upload_form *f, const char *name)
{
	int i;

	for (i = 0; f->fields[i] != NULL; i++)
		if (strcmp(f->fields[i], name) == 0)
			return i;
	return -1;
}

static enum uc_status
too_long(const struct uc_upload_form *f, struct uc_error *err)
{
	return uc_error_field(err, "file", "too_long", "the file may have "
	    "at most %" PRId64 " bytes", *f->file_max);
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
	if ((rc = u->form->file(u->state, err)) != UC_OK)
		return rc;
	u->have_file = 1;
	u->cur = CUR_FILE;
	u->v.filename = uc_arena_strdup(u->req->arena, part->filename);
	u->v.content_type = uc_arena_strdup(u->req->arena,
	    part->content_type);
	return UC_OK;
}

/* "file, description, ...": the names an unknown field is told. */
static const char *
field_list(struct uc_arena *a, const struct uc_upload_form *f)
{
	const char *s = "file";
	int i;

	for (i = 0; f->fields[i] != NULL; i++)
		s = uc_arena_printf(a, "%s, %s", s, f->fields[i]);
	return s;
}

static enum uc_status
on_begin(void *arg, const struct uc_multipart_part *part,
    struct uc_error *err)
{
	struct upload *u = arg;
	int i;

	if (strcmp(part->name, "file") == 0)
		return begin_file(u, part, err);
	if ((i = field_index(u->form, part->name)) < 0)
		return uc_error_field(err, part->name, "unknown_field",
		    "unknown field; the upload takes %s",
		    field_list(u->req->arena, u->form));
	if (part->is_file)
		return uc_error_field(err, part->name, "type", "%s is a text "
		    "field, not a file", part->name);
	if (u->v.values[i] != NULL)
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
		    u->form->fields[u->cur]);
	rc = u->form->write(u->state, p, n, err);
	if (rc == UC_ETOOBIG)
		too_long(u->form, err);
	return rc;
}

static enum uc_status
on_end(void *arg, struct uc_error *err)
{
	struct upload *u = arg;
	const char *name;
	int i = u->cur;

	u->cur = CUR_NONE;
	if (i < 0)
		return UC_OK;
	name = u->form->fields[i];
	if (u->text.len > 0 && memchr(u->text.data, '\0', u->text.len))
		return uc_error_field(err, name, "format",
		    "%s contains control characters", name);
	u->v.values[i] = uc_arena_strndup(u->req->arena, u->text.len ?
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
upload_finish(struct uc_req *req, struct uc_error *err)
{
	struct upload *u = req->sink_arg;
	json_t *j = NULL;
	enum uc_status rc;

	if ((rc = uc_multipart_finish(u->mp, err)) != UC_OK)
		return rc;
	if (!u->have_file) {
		uc_error_set(err, u->form->no_file, "the upload has no file "
		    "part");
		uc_error_field(err, "file", "required", "send %s as a file "
		    "part named 'file'", u->form->what);
		return u->form->no_file;
	}
	rc = u->form->finish(req, u->state, &u->v, &j, err);
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
	if (u->state != NULL)
		u->form->free(u->state);	/* removes an unstored file */
	uc_buf_cleanup(&u->text);
	u->mp = NULL;
	u->state = NULL;
}

static const struct uc_req_sink upload_sink = {
	upload_data, upload_finish, upload_cleanup
};

/* A declared length that cannot fit is refused before the body. */
static enum uc_status
check_length(struct uc_req *req, const struct uc_upload_form *f,
    struct uc_error *err)
{
	const char *cl = uc_req_header(req, "Content-Length");
	int64_t n;

	if (cl == NULL || uc_parse_i64_str(cl, 0, INT64_MAX, &n) != UC_OK ||
	    n <= req->body_max)
		return UC_OK;
	uc_error_set(err, UC_ETOOBIG, "the upload is larger than the server "
	    "accepts");
	too_long(f, err);
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
uc_upload_start(struct uc_req *req, const struct uc_upload_form *form,
    struct uc_error *err)
{
	struct upload *u = uc_arena_alloc(req->arena, sizeof(*u));
	enum uc_status rc;

	memset(u, 0, sizeof(*u));
	u->req = req;
	u->form = form;
	u->cur = CUR_NONE;
	uc_buf_init(&u->text, FIELD_MAX);
	req->sink = &upload_sink;	/* cleanup runs whatever happens */
	req->sink_arg = u;
	req->body_max = *form->file_max + SLACK;
	rc = form->open(req, &u->state, err);
	if (rc == UC_OK)
		rc = open_parser(req, u, err);
	if (rc == UC_OK)
		rc = check_length(req, form, err);
	return rc;
}

/* ---- downloads ---- */

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

void
uc_upload_serve(struct uc_req *req, int fd, int64_t size, json_t *meta)
{
	const char *name = json_string_value(json_object_get(meta,
	    "filename"));
	const char *d = repr_digest(req->arena, json_string_value(
	    json_object_get(meta, "sha256")));

	/* never the uploader's type: the browser must not render it */
	uc_req_file(req, fd, size, "application/octet-stream");
	uc_req_set_header(req, "Content-Disposition", disposition(
	    req->arena, name ? name : "unnamed"));
	if (d != NULL)
		uc_req_set_header(req, "Repr-Digest", d);
}
