/*
 * validate.h - field rules shared by every path that writes: each
 * returns UC_OK or adds a field error to err and returns UC_EVALID.
 */
#ifndef UC_VALIDATE_H
#define UC_VALIDATE_H

#include "core/status.h"

#include <stddef.h>

/* Text of min..max code points, valid UTF-8, no control characters. */
enum uc_status uc_valid_text(const char *field, const char *s, long min,
    long max, struct uc_error *err) UC_WUR;
/* The same for text of several lines (comments, notes): tab, line feed
 * and carriage return allowed, other controls refused. */
enum uc_status uc_valid_lines(const char *field, const char *s, long min,
    long max, struct uc_error *err) UC_WUR;
/* Login: 3-64 of [a-z0-9._-], starting with a letter or digit. */
enum uc_status uc_valid_login(const char *field, const char *s,
    struct uc_error *err) UC_WUR;
/* Unit code: 2-32 of [A-Z0-9-]. */
enum uc_status uc_valid_unit_code(const char *field, const char *s,
    struct uc_error *err) UC_WUR;
/* Document symbol: 1-16 upper-case letters (Vietnamese too), digits,
 * '-'; empty allowed when allow_empty. */
enum uc_status uc_valid_symbol(const char *field, const char *s,
    int allow_empty, struct uc_error *err) UC_WUR;
/* Email: empty allowed when allow_empty; else local@domain.tld. */
enum uc_status uc_valid_email(const char *field, const char *s,
    int allow_empty, struct uc_error *err) UC_WUR;
/* Phone: empty or 3-32 of digits, spaces, + - ( ) . */
enum uc_status uc_valid_phone(const char *field, const char *s,
    struct uc_error *err) UC_WUR;

#endif
