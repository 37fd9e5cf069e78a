/*
 * forms.h - the official reports filled from the register, as
 * documents of render/doc.h: the incident notice (Thông báo sự cố,
 * regulation.md §3.3 A) and the initial report (Báo cáo ban đầu sự
 * cố, Mẫu 03, §3.3 B).
 *
 * The input is the report's data: one JSON object that service/report.c
 * assembles from the incident, its unit's settings, the party bindings
 * and the operator's free fields, with everything already decided
 * (number or its blank, the place-and-date line, local times, option
 * lists with their ticks). The same object is the JSON format of the
 * report, and, once approved, is frozen, so a frozen report renders to
 * the same bytes for ever. Layout only here: no I/O, no rule.
 */
#ifndef UC_FORMS_H
#define UC_FORMS_H

#include "core/arena.h"
#include "core/status.h"
#include "render/doc.h"

#include <jansson.h>

/* The forms built here, by the rule pack's report code. */
int uc_forms_known(const char *form);

/*
 * The document of data (form "notice" or "initial"), in arena a.
 * UC_EVALID for another form or a data object without its unit.
 */
enum uc_status uc_forms_build(struct uc_arena *a, json_t *data,
    struct uc_doc **out /* OUT */, struct uc_error *err) UC_WUR;

#endif
