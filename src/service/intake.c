/*
 * intake.c - see intake.h. Each part of the document has one checker;
 * they all run (so the reply names every bad field at once) and return
 * UC_EVALID through err when any failed.
 */
#include "service/intake.h"
#include "core/time.h"
#include "domain/observable.h"
#include "domain/rulepack.h"
#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* A part of the document, or NULL when absent or JSON null (a stored
 * incident without a notice, report or violation reads back null). */
static json_t *
part(json_t *doc, const char *k)
{
	json_t *v = json_object_get(doc, k);

	return json_is_null(v) ? NULL : v;
}

/* A string member that is present and not empty. */
static int
filled(json_t *o, const char *k)
{
	const char *v = str(o, k);

	return v != NULL && *v != '\0';
}

/* Text that is not only spaces (a title of blanks says nothing). */
static int
not_blank(json_t *o, const char *k, const char *path, struct uc_error *err)
{
	const char *v = str(o, k);

	if (v == NULL || v[strspn(v, " \t\r\n")] != '\0')
		return 1;
	return uc_error_field(err, path, "required", "%s is blank", path), 0;
}

static void
default_str(json_t *o, const char *k, const char *v)
{
	if (json_object_get(o, k) == NULL)
		json_object_set_new(o, k, json_string(v));
}

/* A text field of o: optional unless min > 0. */
static int
text(json_t *o, const char *k, const char *path, long min, long max,
    struct uc_error *err)
{
	const char *v = str(o, k);

	if (v == NULL && min == 0)
		return 1;
	return uc_valid_text(path, v ? v : "", min, max, err) == UC_OK;
}

static int
option(const struct uc_rulepack *pack, const char *list, const char *v,
    const char *path, struct uc_error *err)
{
	if (v != NULL && uc_rulepack_option(pack, list, v) != NULL)
		return 1;
	uc_error_field(err, path, "enum", "%s: '%s' is not in the list %s "
	    "of the rule pack", path, v ? v : "", list);
	return 0;
}

static int
option_array(const struct uc_rulepack *pack, json_t *o, const char *k,
    const char *list, const char *path, int min, struct uc_error *err)
{
	json_t *a = json_object_get(o, k), *v;
	size_t i;
	int ok = 1;
	char sub[96];

	if (a == NULL)
		return min == 0 || (uc_error_field(err, path, "required",
		    "%s is required", path), 0);
	if (json_array_size(a) < (size_t)min)
		return uc_error_field(err, path, "required", "%s needs at "
		    "least %d item", path, min), 0;
	json_array_foreach(a, i, v) {
		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		if (!option(pack, list, json_string_value(v), sub, err))
			ok = 0;
	}
	return ok;
}

/* Parse an ISO instant field; *ms untouched when absent. */
static int
instant(json_t *o, const char *k, int64_t now, int64_t *ms,
    struct uc_error *err)
{
	const char *v = str(o, k);
	char iso[UC_TIME_ISO_LEN + 1];

	if (v == NULL)
		return 1;
	if (uc_time_parse(v, ms) != UC_OK)
		return uc_error_field(err, k, "format", "%s is not an ISO "
		    "8601 time (2026-11-21T08:30:00+07:00)", k), 0;
	if (*ms > now + UC_INTAKE_SKEW_MS)
		return uc_error_field(err, k, "future", "%s is in the future",
		    k), 0;
	uc_time_format(*ms, iso, sizeof(iso));
	json_object_set_new(o, k, json_string(iso));
	return 1;
}

static int
times(json_t *doc, int64_t now, struct uc_error *err)
{
	int64_t detected = 0, reported = now;
	char iso[UC_TIME_ISO_LEN + 1];
	int ok = instant(doc, "detected_at", now, &detected, err);

	if (str(doc, "reported_at") == NULL) {
		uc_time_format(now, iso, sizeof(iso));
		json_object_set_new(doc, "reported_at", json_string(iso));
	}
	ok &= instant(doc, "reported_at", now, &reported, err);
	if (ok && detected > reported)
		return uc_error_field(err, "detected_at", "order",
		    "detected_at is after reported_at: detection comes "
		    "first"), 0;
	return ok;
}

static int
types(const struct uc_rulepack *pack, json_t *doc, struct uc_error *err)
{
	json_t *a = json_object_get(doc, "types"), *v;
	const struct uc_rp_type *t, *multi = NULL;
	size_t i, j;
	char sub[32];
	int ok = 1;

	if (a == NULL)
		json_object_set_new(doc, "types", a = json_array());
	if (json_array_size(a) > UC_INTAKE_MAX_TYPES)
		return uc_error_field(err, "types", "range", "at most %d "
		    "types", UC_INTAKE_MAX_TYPES), 0;
	json_array_foreach(a, i, v) {
		snprintf(sub, sizeof(sub), "types[%zu]", i);
		t = json_is_string(v) ? uc_rulepack_type(pack,
		    json_string_value(v)) : NULL;
		if (t == NULL) {
			ok = uc_error_field(err, sub, "enum", "%s is not a type"
			    " of the taxonomy (TC01 ... TH)", sub) && 0;
			continue;
		}
		for (j = 0; j < i; j++)
			if (json_equal(v, json_array_get(a, j)))
				ok = uc_error_field(err, sub, "duplicate",
				    "%s repeats %s", sub, t->code) && 0;
		if (t->multi_label)
			multi = t;
	}
	if (ok && multi != NULL && json_array_size(a) < 2)
		ok = uc_error_field(err, "types", "combined", "%s (a combined "
		    "attack) needs the types it combines too", multi->code) &&
		    0;
	return ok;
}

/* o[k] from `list`; when absent, the list's default (options.txt).
 * A list without a default makes the field required. */
static int
one_of_list(const struct uc_rulepack *pack, json_t *o, const char *k,
    const char *list, const char *path, struct uc_error *err)
{
	const struct uc_rp_optlist *l = uc_rulepack_options(pack, list);

	if (l != NULL && *l->default_code != '\0')
		default_str(o, k, l->default_code);
	return option(pack, list, str(o, k), path, err);
}

static int
impact(const struct uc_rulepack *pack, json_t *doc, struct uc_error *err)
{
	static const char *const keys[] = { "confidentiality", "integrity",
	    "availability" };
	json_t *o = json_object_get(doc, "impact");
	char path[40];
	int ok = 1;

	if (o == NULL)
		json_object_set_new(doc, "impact", o = json_object());
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "impact.%s", keys[i]);
		ok &= one_of_list(pack, o, keys[i], "impact", path, err);
	}
	return ok;
}

/* Normalise o[k] as an observable of `type` (domain, ipv4/ipv6). */
static int
normal_value(json_t *o, const char *k, const char *path,
    struct uc_error *err)
{
	char out[UC_OBSERVABLE_MAX];
	const char *v = str(o, k), *type;
	struct uc_error e2;

	if (v == NULL || *v == '\0')
		return 1;
	type = strcmp(k, "domain") == 0 ? "domain" :
	    strchr(v, ':') ? "ipv6" : "ipv4";
	uc_error_clear(&e2);
	if (uc_observable_normalise(type, v, out, sizeof(out), &e2) !=
	    UC_OK)
		return uc_error_field(err, path, "format", "%s: %s", path,
		    e2.nfields ? e2.fields[0].message : e2.message), 0;
	json_object_set_new(o, k, json_string(out));
	return 1;
}

static int
system_one(json_t *s, size_t i, int notice, struct uc_error *err)
{
	char path[48], sub[64];
	json_int_t level = json_integer_value(json_object_get(s, "level"));
	int ok = 1;

	snprintf(path, sizeof(path), "systems[%zu]", i);
	snprintf(sub, sizeof(sub), "%s.name", path);
	ok &= text(s, "name", sub, 0, 200, err);
	snprintf(sub, sizeof(sub), "%s.domain", path);
	ok &= normal_value(s, "domain", sub, err);
	snprintf(sub, sizeof(sub), "%s.ip", path);
	ok &= normal_value(s, "ip", sub, err);
	snprintf(sub, sizeof(sub), "%s.level", path);
	if (level < 0 || level > 5)
		ok = uc_error_field(err, sub, "range", "%s is 0 (not known) "
		    "or 1 to 5", sub) && 0;
	/* a notice may know only the domain or the IP (3.3 A) */
	if (ok && !filled(s, "name") && (!notice || (!filled(s, "domain") &&
	    !filled(s, "ip"))))
		ok = uc_error_field(err, path, "required", "%s needs a name%s",
		    path, notice ? ", a domain or an IP" : "") && 0;
	return ok;
}

static int
systems(json_t *doc, int notice, struct uc_error *err)
{
	json_t *a = json_object_get(doc, "systems"), *v;
	size_t i;
	int ok = 1;

	if (a == NULL)
		json_object_set_new(doc, "systems", a = json_array());
	if (json_array_size(a) > UC_INTAKE_MAX_SYSTEMS)
		return uc_error_field(err, "systems", "range", "at most %d "
		    "systems", UC_INTAKE_MAX_SYSTEMS), 0;
	if (notice && json_array_size(a) == 0)
		return uc_error_field(err, "systems", "required", "a notice "
		    "names the affected system (name, domain or IP)"), 0;
	json_array_foreach(a, i, v)
		ok &= system_one(v, i, notice, err);
	return ok;
}

static int
harms(const struct uc_rulepack *pack, json_t *doc, struct uc_error *err)
{
	json_t *a = json_object_get(doc, "harms"), *v;
	size_t i;
	char sub[32];
	int ok = 1;

	if (a == NULL)
		json_object_set_new(doc, "harms", a = json_array());
	json_array_foreach(a, i, v) {
		snprintf(sub, sizeof(sub), "harms[%zu]", i);
		if (!json_is_string(v) || uc_rulepack_harm(pack,
		    json_string_value(v)) == NULL)
			ok = uc_error_field(err, sub, "enum", "%s is not a harm"
			    " of the serious test (a, b, c, d, đ)", sub) && 0;
		for (size_t j = 0; j < i; j++)
			if (json_equal(v, json_array_get(a, j)))
				ok = uc_error_field(err, sub, "duplicate",
				    "%s repeats an earlier harm", sub) && 0;
	}
	return ok;
}

static int
notice(json_t *doc, int required, struct uc_error *err)
{
	json_t *n = part(doc, "notice");
	int ok = 1;

	if (n == NULL)
		return !required || (uc_error_field(err, "notice", "required",
		    "a third party's notice needs the notifier's name and "
		    "address (notice)"), 0);
	ok &= text(n, "notifier_name", "notice.notifier_name", 1, 200, err);
	ok &= text(n, "notifier_address", "notice.notifier_address", 1, 300,
	    err);
	ok &= uc_valid_phone("notice.notifier_phone", str(n,
	    "notifier_phone") ? str(n, "notifier_phone") : "", err) == UC_OK;
	ok &= uc_valid_email("notice.notifier_email", str(n,
	    "notifier_email"), 1, err) == UC_OK;
	ok &= text(n, "operator_name", "notice.operator_name", 0, 200, err);
	ok &= text(n, "owner_name", "notice.owner_name", 0, 200, err);
	ok &= text(n, "result", "notice.result", 0, 5000, err);
	ok &= text(n, "proposals", "notice.proposals", 0, 5000, err);
	return ok;
}

/* A required telephone number. */
static int
phone(json_t *o, const char *path, struct uc_error *err)
{
	const char *v = str(o, "phone");

	if (v == NULL || *v == '\0')
		return uc_error_field(err, path, "required", "%s is required",
		    path), 0;
	return uc_valid_phone(path, v, err) == UC_OK;
}

static int
report_people(json_t *r, struct uc_error *err)
{
	json_t *p = json_object_get(r, "reporter");
	json_t *c = json_object_get(r, "contact");
	int ok = 1;

	ok &= text(p, "name", "report.reporter.name", 1, 200, err);
	ok &= text(p, "address", "report.reporter.address", 1, 300, err);
	ok &= phone(p, "report.reporter.phone", err);
	ok &= uc_valid_email("report.reporter.email", str(p, "email"), 0,
	    err) == UC_OK;
	ok &= text(c, "full_name", "report.contact.full_name", 1, 200, err);
	ok &= text(c, "position", "report.contact.position", 0, 200, err);
	ok &= phone(c, "report.contact.phone", err);
	ok &= uc_valid_email("report.contact.email", str(c, "email"), 0,
	    err) == UC_OK;
	return ok;
}

static int
report_system(json_t *r, struct uc_error *err)
{
	json_t *s = json_object_get(r, "system");
	json_int_t level = json_integer_value(json_object_get(s, "level"));
	int ok = 1;

	ok &= text(s, "operator_name", "report.system.operator_name", 1, 200,
	    err);
	ok &= text(s, "owner_name", "report.system.owner_name", 0, 200, err);
	ok &= text(s, "name", "report.system.name", 0, 200, err);
	ok &= text(s, "security_provider", "report.system.security_provider",
	    0, 200, err);
	ok &= text(s, "upstream_provider", "report.system.upstream_provider",
	    0, 200, err);
	if (level < 0 || level > 5)
		ok = uc_error_field(err, "report.system.level", "range",
		    "report.system.level is 0 (not known) or 1 to 5") && 0;
	return ok;
}

/* The public IPs and domains of the report's extra block. */
static int
report_addresses(json_t *x, const char *k, struct uc_error *err)
{
	json_t *a = json_object_get(x, k), *v;
	size_t i;
	char path[48];
	int ok = 1;

	json_array_foreach(a, i, v) {
		json_t *tmp = json_pack("{sO}", strcmp(k, "ips") == 0 ? "ip" :
		    "domain", v);

		snprintf(path, sizeof(path), "report.extra.%s[%zu]", k, i);
		if (!json_is_string(v))
			ok = uc_error_field(err, path, "type", "%s must be a "
			    "string", path) && 0;
		else if (*json_string_value(v) == '\0')
			ok = uc_error_field(err, path, "required", "%s is "
			    "empty", path) && 0;
		else if (normal_value(tmp, strcmp(k, "ips") == 0 ? "ip" :
		    "domain", path, err))
			json_array_set(a, i, json_object_get(tmp, strcmp(k,
			    "ips") == 0 ? "ip" : "domain"));
		else
			ok = 0;
		json_decref(tmp);
	}
	return ok;
}

static int
report_extra(const struct uc_rulepack *pack, json_t *r,
    struct uc_error *err)
{
	json_t *x = json_object_get(r, "extra");
	int ok = 1;

	if (x == NULL)
		return 1;
	ok &= text(x, "os", "report.extra.os", 0, 100, err);
	ok &= text(x, "os_version", "report.extra.os_version", 0, 100, err);
	ok &= text(x, "purpose", "report.extra.purpose", 0, 1000, err);
	ok &= option_array(pack, x, "services", "service",
	    "report.extra.services", 0, err);
	ok &= option_array(pack, x, "controls", "control",
	    "report.extra.controls", 0, err);
	ok &= option_array(pack, x, "attachments", "attachment",
	    "report.extra.attachments", 0, err);
	ok &= report_addresses(x, "ips", err);
	ok &= report_addresses(x, "domains", err);
	return ok;
}

static int
report(const struct uc_rulepack *pack, json_t *doc, struct uc_error *err)
{
	json_t *r = part(doc, "report");
	int ok = 1;

	if (r == NULL)
		return 1;
	ok &= report_people(r, err);
	ok &= report_system(r, err);
	ok &= option(pack, "current_status", str(r, "current_status"),
	    "report.current_status", err);
	ok &= option_array(pack, r, "detection_methods", "detection_method",
	    "report.detection_methods", 1, err);
	ok &= option_array(pack, r, "notified", "notified",
	    "report.notified", 1, err);
	ok &= report_extra(pack, r, err);
	ok &= text(r, "recommendations", "report.recommendations", 0, 5000,
	    err);
	return ok;
}

static int
violation(json_t *doc, int64_t now, struct uc_error *err)
{
	json_t *v = part(doc, "violation");
	int64_t at = 0;
	int ok = 1;

	if (v == NULL)
		return 1;
	ok &= text(v, "finding", "violation.finding", 1, 5000, err);
	if (str(v, "referred_at") != NULL && !instant(v, "referred_at", now,
	    &at, err))
		ok = 0;
	return ok;
}

enum uc_status
uc_intake_check(const struct uc_rulepack *pack, json_t *doc, int is_notice,
    int64_t now, struct uc_error *err)
{
	int ok = 1;

	ok &= text(doc, "title", "title", 1, 200, err) &&
	    not_blank(doc, "title", "title", err);
	ok &= not_blank(doc, "description", "description", err);
	ok &= uc_valid_lines("description", str(doc, "description"), 1,
	    20000, err) == UC_OK;
	ok &= times(doc, now, err);
	ok &= types(pack, doc, err);
	ok &= one_of_list(pack, doc, "tlp", "tlp", "tlp", err);
	ok &= one_of_list(pack, doc, "priority", "priority", "priority",
	    err);
	ok &= impact(pack, doc, err);
	ok &= systems(doc, is_notice, err);
	ok &= harms(pack, doc, err);
	ok &= notice(doc, is_notice, err);
	ok &= report(pack, doc, err);
	ok &= violation(doc, now, err);
	if (ok)
		return UC_OK;
	if (err != NULL && err->code == UC_OK)
		err->code = UC_EVALID;
	return UC_EVALID;
}
