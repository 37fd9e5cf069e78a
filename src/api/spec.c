/*
 * spec.c - see spec.h. Depends on nothing but http/json.h, so the
 * fuzzers can link it without the services.
 */
#include "api/spec.h"

const struct uc_jfield uc_spec_grant[] = {
	{ "role", UC_JSTR, 1, 0, NULL },
	{ "unit_id", UC_JINT, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

const struct uc_jfield uc_spec_user_create[] = {
	{ "login", UC_JSTR, 1, 0, NULL },
	{ "full_name", UC_JSTR, 1, 0, NULL },
	{ "email", UC_JSTR, 0, 0, NULL },
	{ "phone", UC_JSTR, 0, 0, NULL },
	{ "unit_id", UC_JINT, 1, 0, NULL },
	{ "password", UC_JSTR, 1, 0, NULL },
	{ "roles", UC_JARRAY, 0, 0, uc_spec_grant },
	{ NULL, 0, 0, 0, NULL }
};
