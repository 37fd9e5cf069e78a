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

/* Incidents: POST and PATCH bodies and their parts. */
extern const struct uc_jfield uc_spec_incident_create[];
extern const struct uc_jfield uc_spec_incident_update[];
extern const struct uc_jfield uc_spec_impact[];
extern const struct uc_jfield uc_spec_system[];
extern const struct uc_jfield uc_spec_notice[];
extern const struct uc_jfield uc_spec_report[];
extern const struct uc_jfield uc_spec_violation[];

#endif
