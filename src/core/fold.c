/*
 * fold.c - see fold.h. The two tables give, per code point, the ASCII
 * letter it folds to ('.' = none); they were generated from Unicode's
 * NFKD decompositions (Python's unicodedata, dropping combining marks,
 * lower-casing, plus d for U+0110/U+0111 which have no decomposition).
 */
#include "core/fold.h"
#include "core/arena.h"

#include <string.h>

/* U+00C0 .. U+024F: Latin-1 Supplement letters, Latin Extended-A, -B */
static const char latin[] =
	"aaaaaa.ceeeeiiii.nooooo..uuuuy.."
	"aaaaaa.ceeeeiiii.nooooo..uuuuy.y"
	"aaaaaaccccccccddddeeeeeeeeeegggg"
	"gggghh..iiiiiiiii...jjkk.llllll."
	"...nnnnnn...oooooo..rrrrrrssssss"
	"sstttt..uuuuuuuuuuuuwwyyyzzzzzzs"
	"................................"
	"oo.............uu..............."
	".............aaiioouuuuuuuuuu.aa"
	"aa....ggkkoooo..j...gg..nnaa...."
	"aaaaeeeeiiiioooorrrruuuusstt..hh"
	"......aaeeooooooooyy............"
	"................";

/* U+1E00 .. U+1EFF: Latin Extended Additional (Vietnamese ạ ả ấ ...) */
static const char extended[] =
	"aabbbbbbccddddddddddeeeeeeeeeeff"
	"gghhhhhhhhhhiiiikkkkkkllllllllmm"
	"mmmmnnnnnnnnoooooooopppprrrrrrrr"
	"ssssssssssttttttttuuuuuuuuuuvvvv"
	"wwwwwwwwwwxxxxyyzzzzzzhtwy.s...."
	"aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
	"eeeeeeeeiiiioooooooooooooooooooo"
	"oooouuuuuuuuuuuuuuyyyyyyyy......";

/* Decode one UTF-8 sequence at s; *len gets its length (1 on bad input,
 * which then passes through as a space). */
static unsigned
decode(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*len = 2;
		return (unsigned)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		*len = 3;
		return (unsigned)(s[0] & 0x0f) << 12 |
		    (unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	*len = 1;
	while (s[*len] != 0 && (s[*len] & 0xc0) == 0x80)
		(*len)++;
	return 0xfffd;
}

static char
fold_cp(unsigned cp)
{
	char c = 0;

	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z') ? (char)(cp - 'A' + 'a') :
		    (char)cp;
	if (cp >= 0xc0 && cp < 0x250)
		c = latin[cp - 0xc0];
	else if (cp >= 0x1e00 && cp < 0x1f00)
		c = extended[cp - 0x1e00];
	else if (cp >= 0x300 && cp < 0x370)
		return 0;	/* a combining mark (decomposed input): drop */
	return c == '.' || c == 0 ? ' ' : c;
}

char *
uc_fold(struct uc_arena *a, const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0, o = 0, len;
	char *out = uc_arena_alloc(a, n + 1), c;

	while (i < n) {
		c = fold_cp(decode((const unsigned char *)s + i, &len));
		i += len;
		if (c != 0)
			out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

char *
uc_fold_words(struct uc_arena *a, const char *s)
{
	char *out = uc_fold(a, s);

	for (char *p = out; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			*p = ' ';
	return out;
}
