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
H(api_web_get);
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

H(api_incident_list);
H(api_incident_count);
H(api_incident_create);
H(api_incident_get);
H(api_incident_update);
H(api_incident_propose);
H(api_incident_decide);
H(api_incident_acknowledge);
H(api_incident_close);
H(api_incident_step);
H(api_incident_step_units);
H(api_incident_timeline);
H(api_incident_event);

H(api_evidence_list);
H(api_evidence_upload);
H(api_evidence_get);
H(api_evidence_content);
H(api_evidence_transfer);

H(api_rulepack_list);
H(api_rulepack_get);

H(api_task_list);
H(api_task_create);
H(api_task_update);
H(api_task_find);
H(api_comment_list);
H(api_comment_create);
H(api_link_list);
H(api_link_create);
H(api_link_delete);
H(api_observable_list);
H(api_observable_create);
H(api_observable_bulk);
H(api_observable_delete);
H(api_direction_list);
H(api_direction_create);
H(api_direction_update);
H(api_send_list);
H(api_send_create);
H(api_send_ack);
H(api_person_list);
H(api_person_add);
H(api_person_remove);

H(api_report_list);
H(api_report_create);
H(api_report_get);
H(api_report_update);
H(api_report_approve);
H(api_report_send);
H(api_report_ack);
H(api_report_document);
H(api_report_forms);

H(api_stats_get);
H(api_stats_summary);

/* notifications and the outbox (api/notify.c) */
H(api_notify_get);
H(api_notify_put);
H(api_webhook_list);
H(api_webhook_create);
H(api_webhook_get);
H(api_webhook_update);
H(api_webhook_delete);
H(api_outbox_list);
H(api_outbox_retry);

/* information systems (api/system.c) */
H(api_system_list);
H(api_system_create);
H(api_system_get);
H(api_system_update);
H(api_system_retire);
H(api_system_level);
H(api_system_match);
H(api_system_dossier);
H(api_system_dossier_status);
H(api_system_file_upload);
H(api_system_file_list);
H(api_system_file_content);
H(api_system_file_remove);

/* the compliance calendar (api/calendar.c) */
H(api_calendar_items);
H(api_calendar_standing);
H(api_calendar_fulfil);

/* readiness: team roster, on-call rota, drills (api/team.c) */
H(api_team_roster);
H(api_team_create);
H(api_team_get);
H(api_team_update);
H(api_team_delete);
H(api_team_notice);
H(api_team_confirm);
H(api_rota_list);
H(api_rota_add);
H(api_rota_remove);
H(api_oncall_get);
H(api_drill_list);
H(api_drill_create);
H(api_drill_get);
H(api_drill_update);
H(api_drill_inject);

/* readiness: trainings and resources (api/readiness.c) */
H(api_training_list);
H(api_training_create);
H(api_training_get);
H(api_training_update);
H(api_training_delete);
H(api_resource_list);
H(api_resource_create);
H(api_resource_get);
H(api_resource_update);
H(api_resource_delete);

/* security assessments (api/assessment.c) */
H(api_assessment_list);
H(api_assessment_create);
H(api_assessment_get);
H(api_assessment_update);
H(api_assessment_delete);

/* playbooks and applying them (api/playbook.c) */
H(api_playbook_list);
H(api_playbook_get);
H(api_playbook_create);
H(api_playbook_update);
H(api_incident_playbook_list);
H(api_incident_playbook_apply);
H(api_incident_checklist_update);

#undef H

#endif
