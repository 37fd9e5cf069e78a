/*
 * playbook.h - a response playbook (phương án đối phó, ứng cứu) for one
 * incident scenario of the plan (Hưng Yên 95/KH-UBND III.2: TC01-TC10,
 * LH01-LH05, QT01-QT05, TH), as text in the rule packs' line format.
 *
 * A playbook says how to recognise the scenario, the criteria that
 * judge its nature and severity quickly, the priority first steps, the
 * evidence to collect, the resources and tools, who leads and who
 * coordinates (party codes of the rule pack), a checklist for steps of
 * the normal procedure (containment II.1, eradication III.1, recovery
 * III.2 at least) and the tasks that applying it creates, each with
 * its step code and phase. Format and rules: docs/internals/playbooks.md.
 *
 * The defaults are data/playbooks/<code>.txt, embedded at build time
 * (scripts/embed.py --named). A parsed playbook is immutable and owns
 * its strings (uc_playbook_free releases them at once).
 */
#ifndef UC_PLAYBOOK_H
#define UC_PLAYBOOK_H

#include "core/status.h"
#include "domain/rulepack.h"

#include <stddef.h>

#define UC_PB_TEXT_MAX (64 * 1024)	/* bytes of a playbook's text */
#define UC_PB_ITEM_MAX 1000	/* code points of an item */
#define UC_PB_TITLE_MAX 190	/* of a task (a task title holds 200
				 * with its "[II.1] " step prefix) */
#define UC_PB_MAX_ITEMS 64	/* items of a section or checklist */
#define UC_PB_MAX_TASKS 64
#define UC_PB_MAX_CHECKLISTS 16

/* The sections of items every playbook has, in reading order. */
enum uc_pb_section {
	UC_PB_RECOGNISE,	/* dấu hiệu nhận biết */
	UC_PB_CRITERIA,		/* tiêu chí xác định tính chất, mức độ */
	UC_PB_FIRST_STEPS,	/* các bước ưu tiên ban đầu */
	UC_PB_EVIDENCE,		/* chứng cứ cần thu thập */
	UC_PB_RESOURCES,	/* nhân lực, trang thiết bị, công cụ */
	UC_PB_NSECTIONS
};

struct uc_pb_items {
	const char *const *v;	/* in file order */
	size_t n;
};

/* The checklist of one step of the normal procedure. */
struct uc_pb_checklist {
	const char *step;	/* I.1 ... IV.1 */
	enum uc_phase phase;	/* the step's phase in the rule pack */
	struct uc_pb_items items;
	int line;		/* of its [checklist] line */
};

/* A task that applying the playbook creates. */
struct uc_pb_task {
	const char *step;	/* the step of the normal procedure */
	enum uc_phase phase;	/* contain, eradicate, recover ... */
	const char *title;
	struct uc_rp_list lead;	/* party codes; the first one gets it */
	struct uc_rp_list coordinate;
	int line;		/* of its [task] line */
};

struct uc_arena;

struct uc_playbook {
	const char *scenario;	/* a taxonomy code: TC01 ... TH */
	const char *vi;		/* title */
	const char *en;
	const char *summary;	/* what the scenario is, in a paragraph */
	struct uc_rp_list lead;	/* chủ trì (party codes) */
	struct uc_rp_list coordinate;	/* phối hợp */
	struct uc_pb_items sections[UC_PB_NSECTIONS];
	const struct uc_pb_checklist *checklists;	/* in step order */
	size_t nchecklists;
	const struct uc_pb_task *tasks;	/* in file order */
	size_t ntasks;
	struct uc_arena *arena;	/* private: owns all of the above */
};

/* "recognise", "criteria", "first_steps", "evidence", "resources". */
const char *uc_playbook_section_name(enum uc_pb_section s);

/*
 * Parse the text of a playbook and check it against the rule pack:
 * every section present, the scenario a type of its taxonomy (and equal
 * to `scenario` unless NULL), step codes of its normal procedure, phase
 * names, party codes. `name` prefixes messages ("playbooks/TC06.txt",
 * "content"): UC_EINVAL with "name:line: what" on the first error. The
 * caller owns *out (uc_playbook_free).
 */
enum uc_status uc_playbook_parse(const char *name, const char *text,
    size_t len, const struct uc_rulepack *pack, const char *scenario,
    struct uc_playbook **out /* OUT */, struct uc_error *err) UC_WUR;
void uc_playbook_free(struct uc_playbook *pb);

/* The shipped defaults: how many, and the i-th (name
 * "playbooks/<code>.txt"), 0 when i is past the end. */
size_t uc_playbook_default_count(void);
int uc_playbook_default_at(size_t i, struct uc_rp_file *out /* OUT */);
/* The shipped default of scenario `code`; 0 when none ships. */
int uc_playbook_default(const char *code, struct uc_rp_file *out /* OUT */);

#endif
