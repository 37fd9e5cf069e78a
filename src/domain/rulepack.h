/*
 * rulepack.h - the regulation as data: one regime's taxonomy, serious
 * test, parties, procedures, reports and day count.
 *
 * The packs are the reviewed text files of data/rulepacks/<id>/,
 * embedded at build time and parsed once per process, at first use
 * (pthread_once). A parsed pack is immutable and shared by every
 * thread; its strings and arrays live as long as the process. The
 * format and where each rule comes from: docs/internals/rulepack.md.
 *
 * Lookups (_get, uc_rulepack_type ...) borrow: the pointer stays valid
 * for the life of the pack. uc_rulepack_parse builds a pack the caller
 * owns (uc_rulepack_free); the loader and the unit tests use it.
 */
#ifndef UC_RULEPACK_H
#define UC_RULEPACK_H

#include "core/status.h"
#include "domain/calendar.h"

#include <stddef.h>
#include <stdint.h>

#define UC_RP_MAX_STEPS 64	/* steps of all of a pack's procedures */

/* The phase of a procedure step; the order is the order of a response. */
enum uc_phase {
	UC_PHASE_RECEIVE,
	UC_PHASE_VERIFY,
	UC_PHASE_RESPOND,
	UC_PHASE_CONTAIN,
	UC_PHASE_ERADICATE,
	UC_PHASE_RECOVER,
	UC_PHASE_CHECK,
	UC_PHASE_VIOLATION,
	UC_PHASE_REVIEW,
	UC_PHASE_COUNT
};

/* What starts a report's clock. */
enum uc_anchor {
	UC_ANCHOR_NONE,			/* no clock */
	UC_ANCHOR_DETECTION,		/* the incident was detected */
	UC_ANCHOR_BEYOND_CAPACITY,	/* found beyond the unit's capacity */
	UC_ANCHOR_RESPONSE_END,		/* the response ended */
	UC_ANCHOR_RECEIPT,		/* a notice or report was received */
	UC_ANCHOR_SERIOUS,		/* found serious */
	UC_ANCHOR_COUNT
};

/* How a deadline is counted from its anchor. */
enum uc_due {
	UC_DUE_NONE,		/* no deadline */
	UC_DUE_IMMEDIATE,	/* at once ("ngay") */
	UC_DUE_HOURS,		/* amount hours of elapsed time */
	UC_DUE_DAYS,		/* amount days under the pack's day rule */
	UC_DUE_COUNT
};

struct uc_rp_list {
	const char *const *v;	/* codes, in file order */
	size_t n;
};

struct uc_rp_src {
	const char *file;	/* "legacy-2017/taxonomy.txt" */
	int line;		/* of the [section] line */
};

struct uc_rp_group {
	const char *code;	/* TC, LH, QT, TH */
	const char *vi;
	const char *en;
	struct uc_rp_src src;
};

struct uc_rp_type {
	const char *code;	/* TC01 ... TH */
	const char *group;	/* a group code */
	const char *vi;		/* the plan's wording, verbatim */
	const char *en;
	const char *rsit;	/* "class:type", "" when none fits */
	struct uc_rp_list rsit_alt;	/* other fitting "class:type" */
	int multi_label;	/* store every applicable type */
	struct uc_rp_src src;
};

struct uc_rp_harm {
	const char *code;	/* a, b, c, d, đ (QĐ 05/2017 Điều 9.1) */
	const char *vi;		/* the text of the point */
	const char *en;
	const char *reason_vi;	/* phrase after the system, explanations */
	const char *reason_en;
	struct uc_rp_src src;
};

/* The serious test's qualifying systems and explanation phrases.
 * {level} and {levels} in a phrase are replaced by serious.c. */
struct uc_rp_serious {
	unsigned level_mask;	/* bit n: level n qualifies */
	int national_critical;	/* the national critical list qualifies */
	const char *system_vi, *system_en;	/* "... cấp độ {level}" */
	const char *critical_vi, *critical_en;
	const char *unknown_vi, *unknown_en;	/* level not known */
	const char *no_system_vi, *no_system_en;
	const char *not_qualifying_vi, *not_qualifying_en;
	const char *no_harm_vi, *no_harm_en;
	const char *owner_cannot_vi, *owner_cannot_en;
	const char *owner_can_vi, *owner_can_en;
	struct uc_rp_src src;
};

struct uc_rp_party {
	const char *code;	/* operator, owner, ir_unit ... */
	const char *vi;
	const char *en;
	struct uc_rp_src src;
};

struct uc_rp_stage {
	const char *code;	/* I, II, III, IV */
	const char *vi;
	const char *en;
	struct uc_rp_src src;
};

struct uc_rp_step {
	const char *code;	/* I.1 ... IV.1, S1 ... S7 */
	const char *stage;	/* a stage code, "" when none */
	const char *vi;
	const char *en;
	const char *content;	/* what to do, "" when not given */
	const char *note;	/* "" when none */
	enum uc_phase phase;
	int required;		/* done or not applicable before closure */
	struct uc_rp_list lead;		/* party codes (chủ trì) */
	struct uc_rp_list coordinate;	/* party codes (phối hợp) */
	struct uc_rp_list reopen;	/* check failed: to in_progress */
	struct uc_rp_list reset;	/* check failed: to pending */
	struct uc_rp_src src;
};

struct uc_rp_procedure {
	const char *code;	/* normal, serious */
	const char *vi;
	const char *en;
	const struct uc_rp_stage *stages;
	size_t nstages;
	const struct uc_rp_step *steps;	/* in the plan's order */
	size_t nsteps;
	struct uc_rp_src src;
};

struct uc_rp_deadline {
	enum uc_anchor anchor;
	enum uc_due due;
	int amount;		/* hours or days; 0 otherwise */
};

struct uc_rp_report {
	const char *code;	/* notice, initial ... final */
	int number;		/* 1-7, TT 20/2017 Điều 9.3 */
	const char *vi;
	const char *en;
	const char *form;	/* "Biểu mẫu 03", "" when free-form */
	struct uc_rp_deadline deadline;
	struct uc_rp_list recipients;	/* party codes */
	int closure;		/* must be sent before closure */
	struct uc_rp_src src;
};

struct uc_rp_holiday {
	int32_t date;		/* yyyymmdd */
	const char *name;
	struct uc_rp_src src;	/* the line of the date */
};

/* What the regulation's text leaves without a number (days.txt). */
struct uc_rp_clocks {
	int immediate_minutes;	/* "ngay": due this long after the anchor */
	int warn_percent;	/* non-day clocks: warn in the last % */
	struct uc_rp_src src;
};

/* One choice of a closed list (options.txt). */
struct uc_rp_option {
	const char *code;	/* what an incident stores: ids_ips, AMBER */
	const char *vi;
	const char *en;
	const char *description_vi;	/* "" when none */
	const char *description_en;
	struct uc_rp_src src;
};

/* A closed list of a form field: Biểu mẫu 03's choices, TLP ... */
struct uc_rp_optlist {
	const char *code;	/* detection_method, tlp ... */
	const char *vi;		/* the field's title */
	const char *en;
	int multi;		/* several may be chosen */
	const char *default_code;	/* an item's code, "" when none */
	const struct uc_rp_option *items;	/* in file order */
	size_t nitems;
	struct uc_rp_src src;
};

/* A kind of system of NĐ 85/2016 Điều 6.2 (levels.txt): the heading
 * under which its level criteria are shown. */
struct uc_rp_level_group {
	const char *code;	/* internal, citizen, infrastructure ... */
	const char *vi;
	const char *en;
	struct uc_rp_src src;
};

/* A criterion of a security level (NĐ 85/2016 Điều 7-11): a fact a
 * person ticks; the highest level ticked is the system's (level.h). */
struct uc_rp_criterion {
	const char *code;	/* N85.9.2c */
	int level;		/* 1-5 */
	const char *group;	/* a level group's code */
	const char *article;	/* "Điều 9 khoản 2 điểm c" */
	const char *article_en;	/* "Article 9(2)(c)" */
	const char *vi;		/* the text of the point, verbatim */
	const char *en;
	struct uc_rp_src src;
};

/* A part of the level dossier (hồ sơ đề xuất cấp độ, Điều 15). */
struct uc_rp_dossier_part {
	const char *code;	/* overview, design ... */
	const char *vi;
	const char *en;
	const char *article;	/* "Điều 15 khoản 1" */
	unsigned level_mask;	/* bit n: required at level n */
	struct uc_rp_src src;
};

/* The phrases of a level's explanation; {level}, {criteria}, {name}
 * are replaced by level.c. */
struct uc_rp_levels {
	const char *decided_vi, *decided_en;	/* "Cấp độ {level} theo ..." */
	const char *component_vi, *component_en; /* "thành phần {name}" */
	const char *highest_vi, *highest_en;	/* several components */
	const char *none_vi, *none_en;	/* nothing ticked */
	struct uc_rp_src src;	/* file NULL: no [levels] section */
};

/* What a periodic obligation applies to (obligations.txt). */
enum uc_ob_scope {
	UC_OB_UNIT,		/* once per unit */
	UC_OB_SYSTEM,		/* once per system of a level in `levels` */
	UC_OB_SCOPE_COUNT
};

/* A periodic obligation (regulation.md §6): its periods are `every`
 * months long, aligned on 1 January (every <= 12) or on `anchor`'s
 * year; due[i] ("mm-dd" as mmdd, "trước ngày") is the deadline of the
 * i-th period of a year, else the period's last day (obligation.h). */
struct uc_rp_obligation {
	const char *code;	/* assess_6m, scan, drill ... */
	const char *vi;
	const char *en;
	enum uc_ob_scope scope;
	unsigned level_mask;	/* system scope: bit n = level n; 0: all */
	int every;		/* months: 3, 6, 12 or 24 */
	struct uc_rp_list due;	/* "06-10": before 10 June, per period */
	int32_t anchor;		/* yyyymmdd: every 24 counts from its year */
	int remind_days;	/* remind this many days before the due */
	struct uc_rp_list evidence;	/* kinds that fulfil it */
	const char *source;	/* the legal anchor */
	struct uc_rp_src src;
};

struct uc_arena;

struct uc_rulepack {
	const char *id;		/* legacy-2017, law116-2026 */
	const char *vi;
	const char *en;
	const char *regime;	/* legacy_2017, law116_2026 */
	const char *note;	/* "" when none */
	const char *note_en;
	int32_t effective_from;	/* yyyymmdd */
	int32_t effective_to;	/* yyyymmdd, 0 when open */
	int is_default;
	struct uc_rp_src src;	/* the [pack] section */
	const struct uc_rp_group *groups;
	size_t ngroups;
	const struct uc_rp_type *types;
	size_t ntypes;
	const struct uc_rp_harm *harms;
	size_t nharms;
	struct uc_rp_serious serious;
	const struct uc_rp_party *parties;
	size_t nparties;
	const struct uc_rp_procedure *procedures;
	size_t nprocedures;
	const struct uc_rp_report *reports;
	size_t nreports;
	struct uc_rp_deadline ack;	/* acknowledging what one receives */
	const char *ack_vi;
	const char *ack_en;
	struct uc_rp_list ack_recipients;	/* party codes (sender) */
	struct uc_rp_src ack_src;
	const struct uc_rp_holiday *holidays;	/* sorted by date */
	size_t nholidays;
	struct uc_dayrule days;	/* its holidays are the dates above */
	struct uc_rp_src days_src;
	struct uc_rp_clocks clocks;
	const struct uc_rp_optlist *lists;	/* in file order */
	size_t nlists;
	/* levels.txt; a pack without it has no criteria */
	const struct uc_rp_level_group *level_groups;
	size_t nlevel_groups;
	const struct uc_rp_criterion *criteria;	/* in file order */
	size_t ncriteria;
	const struct uc_rp_dossier_part *dossier_parts;
	size_t ndossier_parts;
	struct uc_rp_levels levels;
	/* obligations.txt: the calendar's periodic duties */
	const struct uc_rp_obligation *obligations;	/* in file order */
	size_t nobligations;
	struct uc_arena *arena;	/* private: owns all of the above */
};

/* One text file of a pack: name is "<pack id>/<file>.txt". */
struct uc_rp_file {
	const char *name;
	const char *text;	/* UTF-8, need not be NUL-terminated */
	size_t len;
};

/*
 * The shipped pack `id` (NULL: the default). UC_ENOTFOUND for an
 * unknown id; UC_EINTERNAL when the shipped packs do not parse (a
 * build bug; the message names file:line).
 */
enum uc_status uc_rulepack_get(const char *id,
    const struct uc_rulepack **out /* OUT */, struct uc_error *err) UC_WUR;
/* The id of the pack marked "default = yes"; NULL if the packs failed. */
const char *uc_rulepack_default_id(void);
/* The shipped packs, in id order (0 when they failed to parse). */
size_t uc_rulepack_count(void);
const struct uc_rulepack *uc_rulepack_at(size_t i);

/*
 * Parse one pack from its files and check it is complete and
 * consistent. UC_EINVAL with "file:line: what" on the first error.
 * The caller owns *out (uc_rulepack_free).
 */
enum uc_status uc_rulepack_parse(const struct uc_rp_file *files,
    size_t nfiles, struct uc_rulepack **out /* OUT */,
    struct uc_error *err) UC_WUR;
void uc_rulepack_free(struct uc_rulepack *p);

/* Lookups by code; NULL when absent. */
const struct uc_rp_group *uc_rulepack_group(const struct uc_rulepack *p,
    const char *code);
const struct uc_rp_type *uc_rulepack_type(const struct uc_rulepack *p,
    const char *code);
const struct uc_rp_harm *uc_rulepack_harm(const struct uc_rulepack *p,
    const char *code);
const struct uc_rp_party *uc_rulepack_party(const struct uc_rulepack *p,
    const char *code);
const struct uc_rp_procedure *uc_rulepack_procedure(
    const struct uc_rulepack *p, const char *code);
/* A step of `procedure`, or of any procedure when it is NULL (step
 * codes are unique across a pack's procedures). */
const struct uc_rp_step *uc_rulepack_step(const struct uc_rulepack *p,
    const char *procedure, const char *code);
const struct uc_rp_report *uc_rulepack_report(const struct uc_rulepack *p,
    const char *code);
/* The closed list `list` (tlp, detection_method ...), and one of its
 * options; NULL when absent. */
const struct uc_rp_optlist *uc_rulepack_options(const struct uc_rulepack *p,
    const char *list);
const struct uc_rp_option *uc_rulepack_option(const struct uc_rulepack *p,
    const char *list, const char *code);

/* A level criterion, a level group, a dossier part (levels.txt). */
const struct uc_rp_criterion *uc_rulepack_criterion(
    const struct uc_rulepack *p, const char *code);
const struct uc_rp_level_group *uc_rulepack_level_group(
    const struct uc_rulepack *p, const char *code);
const struct uc_rp_dossier_part *uc_rulepack_dossier_part(
    const struct uc_rulepack *p, const char *code);

/* A periodic obligation (obligations.txt). */
const struct uc_rp_obligation *uc_rulepack_obligation(
    const struct uc_rulepack *p, const char *code);

/* Names as in the files ("contain", "beyond_capacity", "days"). */
const char *uc_rulepack_phase_name(enum uc_phase ph);
const char *uc_rulepack_anchor_name(enum uc_anchor a);
const char *uc_rulepack_due_name(enum uc_due d);

#endif
