/*
 * status.c - filling struct uc_error.
 */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum uc_status
uc_error_set(struct uc_error *err, enum uc_status code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

enum uc_status
uc_error_field(struct uc_error *err, const char *field, const char *code,
    const char *fmt, ...)
{
	struct uc_field_error *fe;
	va_list ap;

	if (err == NULL)
		return UC_EVALID;
	if (err->code == UC_OK) {
		err->code = UC_EVALID;
		snprintf(err->message, sizeof(err->message),
		    "the request has invalid fields");
	}
	if (err->nfields >= UC_ERROR_FIELDS)
		return err->code;
	fe = &err->fields[err->nfields++];
	snprintf(fe->field, sizeof(fe->field), "%s", field);
	snprintf(fe->code, sizeof(fe->code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(fe->message, sizeof(fe->message), fmt, ap);
	va_end(ap);
	return err->code;
}

void
uc_error_clear(struct uc_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof(*err));
}

const char *
uc_status_name(enum uc_status st)
{
	static const char *names[] = {
		"ok", "invalid", "validation", "unauthenticated",
		"invalid-credentials", "totp-required", "forbidden",
		"not-found", "method-not-allowed", "conflict",
		"precondition-failed", "precondition-required",
		"payload-too-large", "unsupported-media-type",
		"too-many-requests", "database", "io", "version",
		"internal"
	};

	if ((size_t)st >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[st];
}
