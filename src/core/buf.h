/*
 * buf.h - a growable byte buffer with a hard cap.
 *
 * The cap is set when the buffer is made; appending past it fails with
 * UC_ETOOBIG and leaves the buffer as it was. The data is always
 * NUL-terminated. _init/_cleanup work on a caller-owned struct; _take
 * hands the bytes to the caller.
 */
#ifndef UC_BUF_H
#define UC_BUF_H

#include "core/status.h"

#include <stddef.h>

struct uc_buf {
	char *data;	/* NUL-terminated, NULL until first append */
	size_t len;	/* bytes used, without the NUL */
	size_t cap;	/* bytes allocated */
	size_t max;	/* hard cap on len */
};

void uc_buf_init(struct uc_buf *b, size_t max);
void uc_buf_cleanup(struct uc_buf *b);
enum uc_status uc_buf_append(struct uc_buf *b, const void *p, size_t n)
    UC_WUR;
enum uc_status uc_buf_appends(struct uc_buf *b, const char *s) UC_WUR;
enum uc_status uc_buf_appendf(struct uc_buf *b, const char *fmt, ...)
    UC_WUR UC_PRINTF(2, 3);
/* Caller owns the returned string (uc_free); the buffer is left empty. */
char *uc_buf_take(struct uc_buf *b);

#endif
