/*
 * intake.h - the rules an incident's editable fields obey, checked on
 * the whole document after every create and patch, so an incident can
 * never hold what intake would refuse.
 *
 * The document is the JSON of the create body (api/spec.c has its
 * shape): title, description, detected_at, reported_at, types, tlp,
 * priority, impact, systems, harms, owner_cannot_handle, notice, report,
 * violation. Validation normalises in place (domains lower-cased, IPs
 * canonical, defaults filled) and names every offending field.
 */
#ifndef UC_INTAKE_H
#define UC_INTAKE_H

#include "core/status.h"

#include <jansson.h>
#include <stdint.h>

struct uc_rulepack;

#define UC_INTAKE_MAX_SYSTEMS 20
#define UC_INTAKE_MAX_TYPES 10
#define UC_INTAKE_SKEW_MS (5 * 60 * 1000)	/* clocks of clients */

/* Fill defaults, normalise and check doc against the pack at `now`;
 * notice = 1 for a third party's thong bao su co. */
enum uc_status uc_intake_check(const struct uc_rulepack *pack, json_t *doc,
    int notice, int64_t now, struct uc_error *err) UC_WUR;

#endif
