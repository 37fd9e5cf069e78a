/*
 * web.c - the web application's pages and assets (web/ in the source
 * tree, built into the binary): "/" is web/index.html, and
 * "/assets/<path>" is web/<path>. The pages route on location.hash, so
 * no other path needs the shell.
 */
#include "api/api.h"
#include "http/static.h"

#include <string.h>

#define ASSETS "/assets/"

enum uc_status
api_web_get(struct uc_req *req, struct uc_error *err)
{
	const struct uc_static_file *f = NULL;

	if (strcmp(req->path, "/") == 0)
		f = uc_static_find("index.html");
	else if (strncmp(req->path, ASSETS, strlen(ASSETS)) == 0)
		f = uc_static_find(req->path + strlen(ASSETS));
	if (f == NULL)
		return uc_error_set(err, UC_ENOTFOUND, "no resource at %s",
		    req->path);
	uc_static_reply(req, f);
	return UC_OK;
}
