/*
 * multipart.h - an incremental (push) multipart/form-data parser
 * (RFC 7578 over RFC 2046).
 *
 * The body is fed in chunks of any size, down to one byte; the parser
 * calls back when a part begins (its headers parsed), for each run of
 * the part's content, and when the part ends. It never holds the body:
 * besides the struct it keeps one part-header block (capped) and the
 * count of delimiter bytes matched so far, so its memory does not
 * depend on the size of the body or of any part.
 *
 * The structure is checked strictly: lines end with CRLF, a delimiter
 * ("\r\n--" boundary) must be followed by "--", or by optional spaces
 * and CRLF. A delimiter followed by anything else is refused rather
 * than taken as data (RFC 2046 forbids it inside a part), so that no
 * other parser can read the same body differently.
 *
 * Errors: UC_EINVAL for malformed input and for the header and part
 * caps, UC_ETOOBIG for a text field over its cap, or whatever a
 * callback returned. Messages start with "multipart: ". After an error
 * every call fails again with the same code.
 */
#ifndef UC_MULTIPART_H
#define UC_MULTIPART_H

#include "core/status.h"

#include <stddef.h>

#define UC_MULTIPART_BOUNDARY_MAX 70		/* RFC 2046 */
#define UC_MULTIPART_HEADER_MAX (8 * 1024)	/* one part's headers */
#define UC_MULTIPART_PARTS_MAX 16		/* parts in a body */
#define UC_MULTIPART_FIELD_MAX (64 * 1024)	/* one text field */

struct uc_multipart;

/* Caps; a field left 0 takes its UC_MULTIPART_*_MAX default. */
struct uc_multipart_caps {
	size_t header_max;	/* bytes of one part's header block */
	size_t parts_max;	/* parts in the body */
	size_t field_max;	/* content bytes of one non-file part */
};

/* What a part's headers said. The strings are NUL-terminated, valid
 * UTF-8 without control characters, and live until the part ends. */
struct uc_multipart_part {
	size_t index;		/* 0 for the first part */
	const char *name;	/* Content-Disposition name, never empty */
	const char *filename;	/* filename* or filename; NULL if none */
	const char *content_type;	/* "text/plain" when absent */
	int is_file;		/* a filename was given (maybe "") */
};

/* Callbacks, each may be NULL. A status other than UC_OK stops the
 * parse; feed then returns it with the callback's message. The file
 * name is metadata the sender chose: never use it as a path. */
struct uc_multipart_cb {
	enum uc_status (*begin)(void *arg,
	    const struct uc_multipart_part *part, struct uc_error *err);
	/* The next bytes of the part's content; n is never 0. */
	enum uc_status (*data)(void *arg, const char *p, size_t n,
	    struct uc_error *err);
	enum uc_status (*end)(void *arg, struct uc_error *err);
	void *arg;
};

/* Make a parser for a request whose Content-Type header is
 * content_type ("multipart/form-data; boundary=..."). caps may be
 * NULL for the defaults. UC_EINVAL when the header has no usable
 * boundary (1 to 70 characters of RFC 2046's set). */
enum uc_status uc_multipart_new(const char *content_type,
    const struct uc_multipart_caps *caps, const struct uc_multipart_cb *cb,
    struct uc_multipart **out /* OUT: the parser */, struct uc_error *err)
    UC_WUR;
/* Parse the next len bytes of the body. */
enum uc_status uc_multipart_feed(struct uc_multipart *mp, const char *data,
    size_t len, struct uc_error *err) UC_WUR;
/* The body has ended: UC_EINVAL unless the closing delimiter was seen.
 * Bytes after it (the epilogue) are ignored. */
enum uc_status uc_multipart_finish(struct uc_multipart *mp,
    struct uc_error *err) UC_WUR;
void uc_multipart_free(struct uc_multipart *mp);

#endif
