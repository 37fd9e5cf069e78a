/*
 * serious.h - the serious-incident test (sự cố an toàn thông tin mạng
 * nghiêm trọng) of QĐ 05/2017 Điều 9, and its explanation.
 *
 *	serious = (an affected system has a qualifying level, or is on
 *	           the national critical list)
 *	      and (at least one harm a-đ is ticked)
 *	      and (the owner cannot handle the incident)
 *
 * The qualifying levels, whether the national critical list counts, the
 * harm codes and every phrase of the explanation come from the rule
 * pack's harms.txt; nothing here is a regulation constant. The result
 * is the legal test only: a unit's proposal to upgrade (TT 20/2017
 * Điều 10.1.c) and an internal priority are kept apart by the caller.
 * Pure: no I/O, no allocation.
 */
#ifndef UC_SERIOUS_H
#define UC_SERIOUS_H

#include "core/status.h"
#include "domain/rulepack.h"

#include <stddef.h>

#define UC_SERIOUS_MAX_LEVEL 5	/* NĐ 85/2016: levels 1-5 */
#define UC_SERIOUS_TEXT 1024	/* bytes of one explanation */

struct uc_serious_system {
	int level;		/* 0 = not known yet, 1-5 */
	int national_critical;	/* on the national critical list */
};

struct uc_serious_input {
	const struct uc_serious_system *systems;	/* affected systems */
	size_t nsystems;
	const char *const *harms;	/* ticked harm codes ("a" ... "đ") */
	size_t nharms;
	int owner_cannot_handle;	/* Điều 9.2 */
};

struct uc_serious_result {
	int serious;		/* all three criteria met */
	int system_met;		/* a qualifying system is affected */
	int harm_met;		/* at least one harm */
	int owner_met;		/* the owner cannot handle it */
	char vi[UC_SERIOUS_TEXT];	/* why (not), in Vietnamese */
	char en[UC_SERIOUS_TEXT];	/* the same in English */
};

/*
 * Run the test. The explanation, when serious, names the highest
 * qualifying system and the harms (in the pack's order) and says the
 * owner cannot handle it: "Hệ thống cấp độ 4 bị gián đoạn dịch vụ; chủ
 * quản không đủ khả năng xử lý". When not serious it gives every unmet
 * criterion, joined by "; ": the system (a system of unknown level is
 * named before the highest known level, since knowing it may change
 * the answer), "chưa có thiệt hại nào theo Điều 9", "chủ quản tự xử lý
 * được". UC_EVALID with a field error ("harms", "systems[i].level")
 * for a harm code the pack does not know or a level outside 0-5; *out
 * is then cleared.
 */
enum uc_status uc_serious_eval(const struct uc_rulepack *pack,
    const struct uc_serious_input *in,
    struct uc_serious_result *out /* OUT */, struct uc_error *err) UC_WUR;

#endif
