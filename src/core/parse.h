/*
 * parse.h - bounded parsing helpers that advance a pointer.
 *
 * Each returns UC_OK and moves *p past what it read, or UC_EINVAL and
 * leaves *p where it was. No helper reads past a NUL.
 */
#ifndef UC_PARSE_H
#define UC_PARSE_H

#include "core/status.h"

#include <stddef.h>
#include <stdint.h>

/* Exactly `width` decimal digits with a value in [min, max]. */
enum uc_status uc_parse_digits(const char **p, int width, int64_t min,
    int64_t max, int64_t *out) UC_WUR;
/* A decimal integer (optional '-') in [min, max], up to 19 digits. */
enum uc_status uc_parse_i64(const char **p, int64_t min, int64_t max,
    int64_t *out) UC_WUR;
/* The whole string must be a decimal integer in [min, max]. */
enum uc_status uc_parse_i64_str(const char *s, int64_t min, int64_t max,
    int64_t *out) UC_WUR;
/* The value of the hex digit c (either case), or -1. */
int uc_hex_digit(char c);
/* Count UTF-8 code points; returns -1 when the bytes are not UTF-8. */
long uc_utf8_len(const char *s, size_t n);
/* Constant-time comparison of two NUL-terminated strings. */
int uc_str_equal_ct(const char *a, const char *b);

#endif
