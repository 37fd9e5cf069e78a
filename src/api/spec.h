/*
 * spec.h - request body specs shared beyond their handler: the fuzzer
 * and the unit tests check exactly what the API accepts.
 */
#ifndef UC_API_SPEC_H
#define UC_API_SPEC_H

#include "http/json.h"

/* POST /api/v1/users (roles: an array of {role, unit_id}). */
extern const struct uc_jfield uc_spec_user_create[];
/* One role grant. */
extern const struct uc_jfield uc_spec_grant[];

#endif
