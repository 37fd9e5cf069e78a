/*
 * fold.h - text folded for search: lower-case ASCII letters with the
 * Vietnamese (and other Latin) diacritics removed, "Đ" and "đ" to "d"
 * ("Tấn công Đắk Lắk" -> "tan cong dak lak"). Other characters outside
 * ASCII become spaces. Used for the full-text index and its queries
 * alike, on both engines.
 */
#ifndef UC_FOLD_H
#define UC_FOLD_H

struct uc_arena;

/* The folded copy of s (UTF-8), in arena memory; NULL s gives "". */
char *uc_fold(struct uc_arena *a, const char *s);

/* The same, with everything but [a-z0-9] turned into spaces: the words
 * the full-text index holds, on both engines ("SC-2026-0001 tấn công"
 * -> "sc 2026 0001 tan cong"). */
char *uc_fold_words(struct uc_arena *a, const char *s);

#endif
