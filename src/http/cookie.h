/*
 * cookie.h - credentials in request headers: the session cookie and the
 * Authorization bearer token.
 */
#ifndef UC_COOKIE_H
#define UC_COOKIE_H

#include "core/status.h"

#include <stddef.h>

#define UC_COOKIE_NAME "uc_session"
#define UC_CREDENTIAL_MAX 128

/* Find cookie `name` in a Cookie header; copies its value into out.
 * UC_ENOTFOUND when absent, UC_EINVAL when the value is malformed. */
enum uc_status uc_cookie_find(const char *header, const char *name,
    char *out, size_t len) UC_WUR;
/* Parse "Bearer <token>" (scheme case-insensitive). UC_ENOTFOUND when
 * the header is another scheme, UC_EINVAL when malformed. */
enum uc_status uc_cookie_bearer(const char *header, char *out, size_t len)
    UC_WUR;

#endif
