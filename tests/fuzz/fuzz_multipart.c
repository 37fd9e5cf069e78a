/*
 * fuzz_multipart.c - multipart/form-data bodies: the same body fed
 * whole, cut in two and one byte at a time must give the same parts,
 * the same content bytes and the same verdict, within the caps.
 *
 * Input: byte 0 picks the caps (bit 0: small or default) and where to
 * cut (the other bits); then, when a newline comes within 128 bytes,
 * the Content-Type header up to it; the rest is the body.
 */
#include "fuzz.h"

#include "core/mem.h"
#include "core/parse.h"
#include "http/multipart.h"

#include <sodium.h>
#include <string.h>

#define DEFAULT_CT "multipart/form-data; boundary=XyZ"
#define CT_MAX 128
#define BYTEWISE_MAX 8192	/* longer bodies skip the 1-byte run */

static const struct uc_multipart_caps small = { 256, 4, 64 };

struct run {
	const struct uc_multipart_caps *caps;
	size_t body_len;
	crypto_hash_sha256_state hs;	/* every event, chunking aside */
	int in_part, is_file;
	size_t parts, part_len, total;
	enum uc_status rc;
	struct uc_error err;
	unsigned char md[crypto_hash_sha256_BYTES];
};

static void
check_text(const char *s)
{
	size_t i, n = strlen(s);

	fuzz_check(uc_utf8_len(s, n) >= 0);
	for (i = 0; i < n; i++)
		fuzz_check((unsigned char)s[i] >= 0x20 && s[i] != 0x7f);
}

static void
hash_str(struct run *r, const char *s)
{
	crypto_hash_sha256_update(&r->hs, (const unsigned char *)s,
	    strlen(s) + 1);
}

static enum uc_status
on_begin(void *arg, const struct uc_multipart_part *p, struct uc_error *err)
{
	struct run *r = arg;
	size_t cap = r->caps ? r->caps->parts_max : UC_MULTIPART_PARTS_MAX;

	(void)err;
	fuzz_check(!r->in_part);
	fuzz_check(p->index == r->parts && r->parts < cap);
	fuzz_check(p->name != NULL && p->name[0] != '\0');
	fuzz_check(p->content_type != NULL && p->content_type[0] != '\0');
	fuzz_check(p->is_file == (p->filename != NULL));
	check_text(p->name);
	check_text(p->content_type);
	if (p->filename != NULL)
		check_text(p->filename);
	r->in_part = 1;
	r->is_file = p->is_file;
	r->part_len = 0;
	r->parts++;
	crypto_hash_sha256_update(&r->hs, (const unsigned char *)"B", 1);
	hash_str(r, p->name);
	hash_str(r, p->filename ? p->filename : "");
	hash_str(r, p->content_type);
	hash_str(r, p->is_file ? "f" : "t");
	return UC_OK;
}

static enum uc_status
on_data(void *arg, const char *p, size_t n, struct uc_error *err)
{
	struct run *r = arg;

	(void)err;
	fuzz_check(r->in_part && n > 0);
	r->part_len += n;
	fuzz_check(r->is_file || r->part_len <= (r->caps ?
	    r->caps->field_max : UC_MULTIPART_FIELD_MAX));
	r->total += n;
	fuzz_check(r->total <= r->body_len);
	crypto_hash_sha256_update(&r->hs, (const unsigned char *)p, n);
	return UC_OK;
}

static enum uc_status
on_end(void *arg, struct uc_error *err)
{
	struct run *r = arg;
	unsigned char len[8];
	size_t i;

	(void)err;
	fuzz_check(r->in_part);
	r->in_part = 0;
	for (i = 0; i < sizeof(len); i++)
		len[i] = (unsigned char)(r->part_len >> (8 * i));
	crypto_hash_sha256_update(&r->hs, (const unsigned char *)"E", 1);
	crypto_hash_sha256_update(&r->hs, len, sizeof(len));
	return UC_OK;
}

/* Feed body in pieces: cut > 0 cuts once there, cut == 0 whole,
 * bytewise one byte at a time. */
static void
run(struct run *r, const char *ct, const char *body, size_t len,
    size_t cut, int bytewise)
{
	struct uc_multipart_cb cb = { on_begin, on_data, on_end, r };
	struct uc_multipart *mp = NULL;
	size_t off = 0, n;

	crypto_hash_sha256_init(&r->hs);
	r->body_len = len;
	r->rc = uc_multipart_new(ct, r->caps, &cb, &mp, &r->err);
	while (r->rc == UC_OK && off < len) {
		n = bytewise ? 1 : cut > off ? cut - off : len - off;
		r->rc = uc_multipart_feed(mp, body + off, n, &r->err);
		off += n;
	}
	if (r->rc == UC_OK)
		r->rc = uc_multipart_finish(mp, &r->err);
	if (r->rc == UC_OK)
		fuzz_check(!r->in_part);
	crypto_hash_sha256_final(&r->hs, r->md);
	uc_multipart_free(mp);
}

static void
same(const struct run *a, const struct run *b)
{
	fuzz_check(a->rc == b->rc);
	fuzz_check(strcmp(a->err.message, b->err.message) == 0);
	if (a->rc != UC_OK)
		return;
	fuzz_check(a->parts == b->parts && a->total == b->total);
	fuzz_check(memcmp(a->md, b->md, sizeof(a->md)) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run *r = uc_xcalloc(3, sizeof(*r));
	const char *nl, *body;
	char ct[CT_MAX + 1] = DEFAULT_CT;
	size_t len;

	if (size == 0)
		goto out;
	body = (const char *)data + 1;
	len = size - 1;
	nl = memchr(body, '\n', len < CT_MAX ? len : CT_MAX);
	if (nl != NULL) {
		memcpy(ct, body, (size_t)(nl - body));
		ct[nl - body] = '\0';
		len -= (size_t)(nl - body) + 1;
		body = nl + 1;
	}
	r[0].caps = r[1].caps = r[2].caps = data[0] & 1 ? NULL : &small;
	run(&r[0], ct, body, len, 0, 0);
	run(&r[1], ct, body, len, len * (data[0] >> 1) / 128, 0);
	same(&r[0], &r[1]);
	if (len <= BYTEWISE_MAX) {
		run(&r[2], ct, body, len, 0, 1);
		same(&r[0], &r[2]);
	}
out:
	uc_free(r);
	return 0;
}
