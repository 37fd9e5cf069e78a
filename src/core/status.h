/*
 * status.h - the one error convention of ungcuu.
 *
 * Every function that can fail returns enum uc_status (0 = UC_OK) and,
 * when the caller passes one, fills a struct uc_error with a message and
 * the offending fields. The HTTP mapping lives in http/reply.c only.
 */
#ifndef UC_STATUS_H
#define UC_STATUS_H

#include <stddef.h>

#define UC_WUR __attribute__((warn_unused_result))
#define UC_PRINTF(a, b) __attribute__((format(printf, a, b)))

enum uc_status {
	UC_OK = 0,
	UC_EINVAL,	/* malformed request: bad JSON, bad syntax */
	UC_EVALID,	/* well-formed but a field breaks a rule */
	UC_EAUTH,	/* not authenticated */
	UC_ECREDS,	/* login refused: wrong login or password */
	UC_ETOTP,	/* second factor needed */
	UC_EPERM,	/* authenticated but not allowed */
	UC_ENOTFOUND,	/* no such object, or not in scope */
	UC_EMETHOD,	/* method not allowed on the resource */
	UC_ECONFLICT,	/* unique key taken, state conflict */
	UC_EPRECOND,	/* If-Match does not match */
	UC_ENEEDMATCH,	/* If-Match missing */
	UC_ETOOBIG,	/* body over its cap */
	UC_EMEDIA,	/* unsupported media type */
	UC_ETHROTTLE,	/* too many attempts */
	UC_EDB,		/* database failure */
	UC_EIO,		/* file or network failure */
	UC_EVERSION,	/* database newer than the binary */
	UC_EINTERNAL	/* invariant broken */
};

#define UC_ERROR_FIELDS 8

struct uc_field_error {
	char field[64];		/* JSON field name, header or "body" */
	char code[24];		/* machine code: required, format, ... */
	char message[160];	/* English text for people */
};

struct uc_error {
	enum uc_status code;
	char message[256];
	int retry_after;	/* seconds, for UC_ETHROTTLE */
	size_t nfields;
	struct uc_field_error fields[UC_ERROR_FIELDS];
};

/* Set code and message; returns code so callers can `return uc_error_set`. */
enum uc_status uc_error_set(struct uc_error *err, enum uc_status code,
    const char *fmt, ...) UC_PRINTF(3, 4);

/* Add a field error (ignored past UC_ERROR_FIELDS); returns UC_EVALID
 * unless err->code is already set to something else. */
enum uc_status uc_error_field(struct uc_error *err, const char *field,
    const char *code, const char *fmt, ...) UC_PRINTF(4, 5);

/* Reset to UC_OK with no message and no fields. */
void uc_error_clear(struct uc_error *err);

/* Short English name of a status, for logs. */
const char *uc_status_name(enum uc_status st);

#endif
