/*
 * static.c - see static.h.
 */
#include "http/static.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
by_path(const void *key, const void *elem)
{
	const struct uc_static_file *f = elem;

	return strcmp(key, f->path);
}

const struct uc_static_file *
uc_static_find(const char *path)
{
	if (uc_static_count == 0)
		return NULL;
	return bsearch(path, uc_static_files, uc_static_count,
	    sizeof(uc_static_files[0]), by_path);
}

/* Does the comma-separated list hold token, without ";q=0"? */
static int
accepts(const char *list, const char *token)
{
	size_t n = strlen(token);
	const char *p = list;

	while (p != NULL && *p != '\0') {
		p += strspn(p, " \t,");
		if (strncasecmp(p, token, n) == 0 && strchr(" \t;,",
		    p[n] != '\0' ? p[n] : ',') != NULL) {
			const char *q = strstr(p + n, "q=");
			const char *end = strchr(p, ',');

			return q == NULL || (end != NULL && q > end) ||
			    strtod(q + 2, NULL) > 0;
		}
		p = strchr(p, ',');
	}
	return 0;
}

/* If-None-Match: "*" or a list naming the ETag (W/ prefix or not). */
static int
not_modified(struct uc_req *req, const struct uc_static_file *f)
{
	const char *inm = uc_req_header(req, "If-None-Match");

	if (inm == NULL)
		return 0;
	return strcmp(inm, "*") == 0 || strstr(inm, f->etag) != NULL;
}

void
uc_static_reply(struct uc_req *req, const struct uc_static_file *f)
{
	const char *ae = uc_req_header(req, "Accept-Encoding");
	int gz = ae != NULL && accepts(ae, "gzip");

	req->content_type = f->type;
	uc_req_set_header(req, "ETag", f->etag);
	uc_req_set_header(req, "Cache-Control", "no-cache");
	uc_req_set_header(req, "Vary", "Accept-Encoding");
	if (not_modified(req, f)) {
		req->status = 304;
		return;
	}
	req->status = 200;
	if (gz)
		uc_req_set_header(req, "Content-Encoding", "gzip");
	req->text = (const char *)(gz ? f->gz : f->body);
	req->text_len = gz ? f->gz_len : f->len;
}
