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

/* ---- incidents ---- */

const struct uc_jfield uc_spec_impact[] = {
	{ "confidentiality", UC_JSTR, 0, 0, NULL },
	{ "integrity", UC_JSTR, 0, 0, NULL },
	{ "availability", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

const struct uc_jfield uc_spec_system[] = {
	{ "system_id", UC_JINT, 0, 1, NULL },
	{ "name", UC_JSTR, 0, 0, NULL },
	{ "level", UC_JINT, 0, 0, NULL },
	{ "national_critical", UC_JBOOL, 0, 0, NULL },
	{ "domain", UC_JSTR, 0, 0, NULL },
	{ "ip", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

/* Thong bao su co (regulation.md 3.3 A), from a third party. */
const struct uc_jfield uc_spec_notice[] = {
	{ "notifier_name", UC_JSTR, 1, 0, NULL },
	{ "notifier_address", UC_JSTR, 1, 0, NULL },
	{ "notifier_phone", UC_JSTR, 0, 0, NULL },
	{ "notifier_email", UC_JSTR, 0, 0, NULL },
	{ "operator_name", UC_JSTR, 0, 0, NULL },
	{ "owner_name", UC_JSTR, 0, 0, NULL },
	{ "result", UC_JSTR, 0, 0, NULL },
	{ "proposals", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield reporter[] = {
	{ "name", UC_JSTR, 1, 0, NULL },
	{ "address", UC_JSTR, 1, 0, NULL },
	{ "phone", UC_JSTR, 1, 0, NULL },
	{ "email", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield contact[] = {
	{ "full_name", UC_JSTR, 1, 0, NULL },
	{ "position", UC_JSTR, 0, 0, NULL },
	{ "phone", UC_JSTR, 1, 0, NULL },
	{ "email", UC_JSTR, 1, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield report_system[] = {
	{ "operator_name", UC_JSTR, 1, 0, NULL },
	{ "owner_name", UC_JSTR, 0, 0, NULL },
	{ "name", UC_JSTR, 0, 0, NULL },
	{ "level", UC_JINT, 0, 0, NULL },
	{ "security_provider", UC_JSTR, 0, 0, NULL },
	{ "upstream_provider", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct uc_jfield report_extra[] = {
	{ "os", UC_JSTR, 0, 0, NULL },
	{ "os_version", UC_JSTR, 0, 0, NULL },
	{ "services", UC_JARRAY, 0, 0, NULL },
	{ "controls", UC_JARRAY, 0, 0, NULL },
	{ "ips", UC_JARRAY, 0, 0, NULL },
	{ "domains", UC_JARRAY, 0, 0, NULL },
	{ "purpose", UC_JSTR, 0, 0, NULL },
	{ "attachments", UC_JARRAY, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

/* Bao cao ban dau su co, Mau 03 (regulation.md 3.3 B). */
const struct uc_jfield uc_spec_report[] = {
	{ "reporter", UC_JOBJ, 1, 0, reporter },
	{ "contact", UC_JOBJ, 1, 0, contact },
	{ "system", UC_JOBJ, 1, 0, report_system },
	{ "current_status", UC_JSTR, 1, 0, NULL },
	{ "detection_methods", UC_JARRAY, 1, 0, NULL },
	{ "notified", UC_JARRAY, 1, 0, NULL },
	{ "extra", UC_JOBJ, 0, 0, report_extra },
	{ "confidential", UC_JBOOL, 0, 0, NULL },
	{ "recommendations", UC_JSTR, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

/* Xu ly vi pham (III.4). */
const struct uc_jfield uc_spec_violation[] = {
	{ "finding", UC_JSTR, 1, 0, NULL },
	{ "referred_to_police", UC_JBOOL, 1, 0, NULL },
	{ "referred_at", UC_JSTR, 0, 1, NULL },
	{ NULL, 0, 0, 0, NULL }
};

const struct uc_jfield uc_spec_incident_create[] = {
	{ "unit_id", UC_JINT, 0, 0, NULL },
	{ "source", UC_JSTR, 0, 0, NULL },
	{ "title", UC_JSTR, 1, 0, NULL },
	{ "description", UC_JSTR, 1, 0, NULL },
	{ "detected_at", UC_JSTR, 1, 0, NULL },
	{ "reported_at", UC_JSTR, 0, 0, NULL },
	{ "types", UC_JARRAY, 0, 0, NULL },
	{ "tlp", UC_JSTR, 0, 0, NULL },
	{ "priority", UC_JSTR, 0, 0, NULL },
	{ "impact", UC_JOBJ, 0, 0, uc_spec_impact },
	{ "systems", UC_JARRAY, 0, 0, uc_spec_system },
	{ "harms", UC_JARRAY, 0, 0, NULL },
	{ "owner_cannot_handle", UC_JBOOL, 0, 0, NULL },
	{ "beyond_capacity", UC_JBOOL, 0, 0, NULL },
	{ "notice", UC_JOBJ, 0, 1, uc_spec_notice },
	{ "report", UC_JOBJ, 0, 1, uc_spec_report },
	{ NULL, 0, 0, 0, NULL }
};

/* PATCH: every field optional; the source and the unit stay. */
const struct uc_jfield uc_spec_incident_update[] = {
	{ "title", UC_JSTR, 0, 0, NULL },
	{ "description", UC_JSTR, 0, 0, NULL },
	{ "detected_at", UC_JSTR, 0, 0, NULL },
	{ "types", UC_JARRAY, 0, 0, NULL },
	{ "tlp", UC_JSTR, 0, 0, NULL },
	{ "priority", UC_JSTR, 0, 0, NULL },
	{ "impact", UC_JOBJ, 0, 0, uc_spec_impact },
	{ "systems", UC_JARRAY, 0, 0, uc_spec_system },
	{ "harms", UC_JARRAY, 0, 0, NULL },
	{ "owner_cannot_handle", UC_JBOOL, 0, 0, NULL },
	{ "beyond_capacity", UC_JBOOL, 0, 0, NULL },
	{ "notice", UC_JOBJ, 0, 1, uc_spec_notice },
	{ "report", UC_JOBJ, 0, 1, uc_spec_report },
	{ "violation", UC_JOBJ, 0, 1, uc_spec_violation },
	{ NULL, 0, 0, 0, NULL }
};
