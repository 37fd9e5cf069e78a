/*
 * summary.h - the 6-month or annual summary of incident handling
 * (Báo cáo tổng hợp về hoạt động tiếp nhận và xử lý sự cố, Mẫu 05 of
 * TT 20/2017, regulation.md §3.3 E) as a document of render/doc.h, in
 * the NĐ 30/2020 layout.
 *
 * The input is the data object service/stats.c assembles
 * (docs/internals/statistics.md): header with the clerk's blanks,
 * Kính gửi, the period line, the organisation, the rows of the §1
 * table (a heading per cause group, a row per type, the total) with
 * their counts, notes, the helpers of §2 and §3, the signature. Layout
 * only here: no I/O, no rule, no figure computed.
 */
#ifndef UC_SUMMARY_H
#define UC_SUMMARY_H

#include "core/arena.h"
#include "core/status.h"
#include "render/doc.h"

#include <jansson.h>

/*
 * The document of data (form "summary05") in arena a. UC_EVALID for
 * another form or a data object without its header.
 */
enum uc_status uc_summary_build(struct uc_arena *a, json_t *data,
    struct uc_doc **out /* OUT */, struct uc_error *err) UC_WUR;

/* "1.234.567": an integer with the Vietnamese thousands separator. */
const char *uc_summary_number(struct uc_arena *a, long long v);

#endif
