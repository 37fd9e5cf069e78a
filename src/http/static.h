/*
 * static.h - the web application's files, built into the binary.
 *
 * scripts/embed_web.py turns every file of web/ into uc_static_files[] at
 * build time (sorted by path); this module finds a file and answers a GET or
 * HEAD for it: ETag with If-None-Match (304), the gzip body when the
 * client accepts it (Vary: Accept-Encoding), and Cache-Control
 * "no-cache" (the names carry no hash, so a client revalidates: a 304
 * costs one round trip and no body). The Content-Security-Policy and
 * the other security headers come from server.c, as for every reply.
 */
#ifndef UC_STATIC_H
#define UC_STATIC_H

#include "http/request.h"

#include <stddef.h>

struct uc_static_file {
	const char *path;		/* relative to web/: "i18n/vi.json" */
	const char *type;		/* Content-Type */
	const char *etag;		/* quoted hash of the plain body */
	const unsigned char *body;	/* plain, NUL-terminated */
	size_t len;
	const unsigned char *gz;	/* gzip of body */
	size_t gz_len;
};

extern const struct uc_static_file uc_static_files[];
extern const size_t uc_static_count;

/* The file at path (relative to web/), or NULL (borrowed, static). */
const struct uc_static_file *uc_static_find(const char *path);
/* Reply with f: 200 (plain or gzip) or 304, and its caching headers. */
void uc_static_reply(struct uc_req *req, const struct uc_static_file *f);

#endif
