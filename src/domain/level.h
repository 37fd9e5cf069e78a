/*
 * level.h - the security level of an information system (cấp độ an
 * toàn hệ thống thông tin, NĐ 85/2016/NĐ-CP) from the facts a person
 * ticks, and the level dossier's status.
 *
 *	level(a part)   = the highest level among the criteria ticked for
 *	                  the system as a whole, or for one component
 *	level(system)   = the highest of those (a system of several
 *	                  components takes the highest component level)
 *
 * Nothing ticked is level 0: not determined. The criteria of Điều 7-11,
 * the phrases that explain a result and the dossier's parts (Điều 15)
 * come from the rule pack's levels.txt; nothing here is a regulation
 * constant. The dossier goes draft -> submitted -> appraised ->
 * approved; it may go back to draft from each later state (returned as
 * incomplete, appraised as unsuitable, or a level determined again,
 * Điều 18). Pure: no I/O, no allocation.
 */
#ifndef UC_LEVEL_H
#define UC_LEVEL_H

#include "core/status.h"
#include "domain/rulepack.h"

#include <stddef.h>

#define UC_LEVEL_MAX 5			/* NĐ 85/2016: levels 1-5 */
#define UC_LEVEL_MAX_CRITERIA 32	/* ticks of the system or a part */
#define UC_LEVEL_MAX_COMPONENTS 20
#define UC_LEVEL_MAX_REASONS 64
#define UC_LEVEL_TEXT 1024		/* bytes of one explanation */

struct uc_level_component {
	const char *name;
	const char *const *criteria;	/* the codes ticked for it */
	size_t ncriteria;
};

struct uc_level_input {
	const char *const *criteria;	/* ticked for the whole system */
	size_t ncriteria;
	const struct uc_level_component *components;
	size_t ncomponents;
};

/* A criterion that decided the level, and where it was ticked. */
struct uc_level_reason {
	const struct uc_rp_criterion *criterion;	/* the pack's */
	int component;		/* index in components, -1: the system */
};

struct uc_level_result {
	int level;		/* 0 (nothing ticked) or 1-5 */
	int own;		/* from the system's own ticks alone */
	int components[UC_LEVEL_MAX_COMPONENTS];	/* each one's level */
	/* the criteria at `level`: the system's first, then each
	 * component's, in the order ticked */
	struct uc_level_reason reasons[UC_LEVEL_MAX_REASONS];
	size_t nreasons;
	char vi[UC_LEVEL_TEXT];	/* "Cấp độ 3 theo Điều 9 khoản 2 điểm c" */
	char en[UC_LEVEL_TEXT];
};

/*
 * The level of in under pack. UC_EVALID with a field error for each
 * code the pack does not know ("criteria[2]", "components[1].criteria
 * [0]", code "enum"), each code ticked twice in one list ("duplicate")
 * and lists over the limits above ("range"); *out is then cleared.
 * UC_EINTERNAL when the pack has no criteria.
 */
enum uc_status uc_level_eval(const struct uc_rulepack *pack,
    const struct uc_level_input *in, struct uc_level_result *out /* OUT */,
    struct uc_error *err) UC_WUR;

/* Is dossier part p required at level (1-5)? */
int uc_level_part_required(const struct uc_rp_dossier_part *p, int level);

enum uc_dossier_status {
	UC_DOSSIER_DRAFT,	/* being put together */
	UC_DOSSIER_SUBMITTED,	/* sent for appraisal (thẩm định) */
	UC_DOSSIER_APPRAISED,	/* appraised, awaiting approval */
	UC_DOSSIER_APPROVED,	/* approved (phê duyệt) by a decision */
	UC_DOSSIER_COUNT
};

/* "draft" ... "approved"; parse returns -1 for an unknown name. */
const char *uc_level_dossier_name(enum uc_dossier_status s);
int uc_level_dossier_parse(const char *s);
/* May a dossier in `from` move to `to`? */
int uc_level_dossier_allows(enum uc_dossier_status from,
    enum uc_dossier_status to);
/* The states `from` may move to, as "submitted" or "draft or appraised"
 * into buf (for messages). */
const char *uc_level_dossier_next(enum uc_dossier_status from, char *buf,
    size_t len);

#endif
