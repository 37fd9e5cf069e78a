/*
 * tests/unit/core/fold.c - src/core/fold.c: Vietnamese text folded for
 * search, as the index and the queries both see it.
 */
#include "../../../src/core/fold.c"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *in, *fold, *words;
} vecs[] = {
	{ "Tấn công từ chối dịch vụ", "tan cong tu choi dich vu",
	  "tan cong tu choi dich vu" },
	{ "ĐẮK LẮK đường", "dak lak duong", "dak lak duong" },
	{ "SC-2026-0001", "sc-2026-0001", "sc 2026 0001" },
	{ "Mã độc mã hóa (ransomware)", "ma doc ma hoa (ransomware)",
	  "ma doc ma hoa  ransomware " },
	{ "Ủy ban nhân dân xã Nghĩa Trụ", "uy ban nhan dan xa nghia tru",
	  "uy ban nhan dan xa nghia tru" },
	/* decomposed input (Unikey "to hop"): marks dropped */
	{ "Tie\xcc\x82\xcc\x81n", "tien", "tien" },
	{ "bücher.de", "bucher.de", "bucher de" },
	{ "日本", "  ", "  " },
	{ "", "", "" },
	{ "\xff\xfe bad", "   bad", "   bad" },
};

Test(core_fold, vectors)
{
	struct uc_arena *a = uc_arena_new();

	for (size_t i = 0; i < NELEM(vecs); i++) {
		cr_expect_str_eq(uc_fold(a, vecs[i].in), vecs[i].fold,
		    "fold(%s)", vecs[i].in);
		cr_expect_str_eq(uc_fold_words(a, vecs[i].in),
		    vecs[i].words, "words(%s)", vecs[i].in);
	}
	cr_expect_str_eq(uc_fold(a, NULL), "");
	uc_arena_free(a);
}
