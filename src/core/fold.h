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

#endif
