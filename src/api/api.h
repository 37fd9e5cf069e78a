/*
 * api.h - the handlers of the route table (api/routes.c), one file per
 * resource. Each decodes the request, calls one service function and
 * encodes the reply; none decides a permission.
 */
#ifndef UC_API_H
#define UC_API_H

#include "http/request.h"

#define H(name) enum uc_status name(struct uc_req *req, struct uc_error *err)

H(api_root_get);
H(api_health_get);
H(api_metrics_get);
H(api_openapi_get);

H(api_session_create);
H(api_session_delete);
H(api_me_get);
H(api_me_password);
H(api_me_totp_begin);
H(api_me_totp_confirm);

H(api_token_list);
H(api_token_create);
H(api_token_delete);

H(api_unit_list);
H(api_unit_get);
H(api_unit_create);
H(api_unit_update);
H(api_unit_move);

H(api_user_list);
H(api_user_get);
H(api_user_create);
H(api_user_update);
H(api_user_disable);
H(api_user_roles);

H(api_audit_list);
H(api_audit_verify);

#undef H

#endif
