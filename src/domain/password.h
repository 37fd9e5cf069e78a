/*
 * password.h - the password policy: at least 12 characters, not the
 * login, not a common password (a list shipped inside the binary).
 */
#ifndef UC_PASSWORD_H
#define UC_PASSWORD_H

#include "core/status.h"

#define UC_PASSWORD_MIN 12
#define UC_PASSWORD_MAX 256

/* UC_OK or UC_EVALID with a field error on `field`. */
enum uc_status uc_password_check(const char *login, const char *password,
    const char *field, struct uc_error *err) UC_WUR;

#endif
