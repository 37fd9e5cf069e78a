/*
 * routes.c - every HTTP route, as one table: method, pattern, handler,
 * the permission that guards it (decided in service/), and flags.
 */
#include "api/api.h"
#include "domain/perm.h"
#include "http/router.h"

const struct uc_route uc_routes[] = {
	{ "GET", "/", api_root_get, UC_PERM_NONE, UC_R_PUBLIC },
	{ "GET", "/healthz", api_health_get, UC_PERM_NONE, UC_R_PUBLIC },
	{ "GET", "/metrics", api_metrics_get, UC_PERM_NONE, UC_R_PUBLIC },
	{ "GET", "/api/v1/openapi.json", api_openapi_get, UC_PERM_NONE,
	  UC_R_PUBLIC },

	{ "POST", "/api/v1/session", api_session_create, UC_PERM_NONE,
	  UC_R_PUBLIC },
	{ "DELETE", "/api/v1/session", api_session_delete, UC_PERM_SELF,
	  UC_R_ENROL },
	{ "GET", "/api/v1/me", api_me_get, UC_PERM_SELF, UC_R_ENROL },
	{ "POST", "/api/v1/me/password", api_me_password, UC_PERM_SELF,
	  UC_R_ENROL },
	{ "POST", "/api/v1/me/totp", api_me_totp_begin, UC_PERM_SELF,
	  UC_R_ENROL },
	{ "POST", "/api/v1/me/totp/confirm", api_me_totp_confirm,
	  UC_PERM_SELF, UC_R_ENROL },

	{ "GET", "/api/v1/me/tokens", api_token_list, UC_PERM_SELF, 0 },
	/* no Idempotency-Key: a replay would have to store the token */
	{ "POST", "/api/v1/me/tokens", api_token_create, UC_PERM_SELF, 0 },
	{ "DELETE", "/api/v1/me/tokens/{id}", api_token_delete,
	  UC_PERM_SELF, 0 },

	{ "GET", "/api/v1/units", api_unit_list, UC_PERM_UNIT_READ, 0 },
	{ "POST", "/api/v1/units", api_unit_create, UC_PERM_UNIT_WRITE,
	  UC_R_CREATE },
	{ "GET", "/api/v1/units/{id}", api_unit_get, UC_PERM_UNIT_READ, 0 },
	{ "PATCH", "/api/v1/units/{id}", api_unit_update,
	  UC_PERM_UNIT_WRITE, 0 },
	{ "POST", "/api/v1/units/{id}/move", api_unit_move,
	  UC_PERM_UNIT_WRITE, 0 },

	{ "GET", "/api/v1/users", api_user_list, UC_PERM_USER_READ, 0 },
	{ "POST", "/api/v1/users", api_user_create, UC_PERM_USER_WRITE,
	  UC_R_CREATE },
	{ "GET", "/api/v1/users/{id}", api_user_get, UC_PERM_USER_READ, 0 },
	{ "PATCH", "/api/v1/users/{id}", api_user_update,
	  UC_PERM_USER_WRITE, 0 },
	{ "POST", "/api/v1/users/{id}/disable", api_user_disable,
	  UC_PERM_USER_WRITE, 0 },
	{ "PUT", "/api/v1/users/{id}/roles", api_user_roles,
	  UC_PERM_USER_WRITE, 0 },

	{ "GET", "/api/v1/audit", api_audit_list, UC_PERM_AUDIT_READ, 0 },
	{ "GET", "/api/v1/audit/verify", api_audit_verify,
	  UC_PERM_AUDIT_READ, 0 },
};

const size_t uc_nroutes = sizeof(uc_routes) / sizeof(uc_routes[0]);
