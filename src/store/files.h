/*
 * files.h - the content-addressed evidence store.
 *
 * A file lives at <data-dir>/evidence/ab/cd/<sha256>, named by the
 * SHA-256 of its content in lower-case hex (ab, cd: its first two pairs
 * of hex digits). A writer streams into evidence/tmp/ while hashing,
 * then links the file under its name (keeping the one already there, if
 * any: same name, same content). A reader hashes while it reads and
 * fails at the end when the content no longer matches the name.
 * Stored files are mode 0400, directories 0700. See
 * docs/internals/evidence.md.
 *
 * A struct uc_files may be shared by threads; a writer or a reader
 * belongs to one thread. _open/_free make and release the store;
 * a writer ends with exactly one _commit or _abort (both free it); a
 * reader ends with _close.
 */
#ifndef UC_FILES_H
#define UC_FILES_H

#include "core/status.h"

#include <stddef.h>
#include <stdint.h>

#define UC_FILES_CAP ((int64_t)2 << 30)		/* default cap: 2 GiB */
#define UC_FILES_TMP_AGE (24 * 60 * 60)		/* stale temp, seconds */
#define UC_FILES_SHA_HEX 64			/* digits in a name */
/* The message of a read that found the content changed (UC_EIO). */
#define UC_FILES_MISMATCH "evidence: hash mismatch"

struct uc_files;
struct uc_file_writer;
struct uc_file_reader;

/* Open the store under dir (which must exist), creating evidence/ and
 * evidence/tmp/ (0700) and removing temp files older than a day. */
enum uc_status uc_files_open(const char *dir,
    struct uc_files **out /* OUT: the store */, struct uc_error *err)
    UC_WUR;
void uc_files_free(struct uc_files *files);
/* Is s exactly 64 lower-case hex digits? Checked by every call below
 * that takes a name, before any path is built. */
int uc_files_sha_valid(const char *s);
/* The file's path into buf: UC_EINVAL for a bad name, UC_ETOOBIG when
 * buf is too small. The file may not exist. */
enum uc_status uc_files_path(const struct uc_files *files,
    const char *sha_hex, char *buf, size_t len) UC_WUR;

/* Start a file of at most cap bytes (cap <= 0: UC_FILES_CAP), in a new
 * temp file (O_EXCL, 0600). */
enum uc_status uc_files_write_begin(struct uc_files *files, int64_t cap,
    struct uc_file_writer **w /* OUT */, struct uc_error *err) UC_WUR;
/* Append and hash. Past the cap: UC_ETOOBIG; on any error the temp file
 * is removed at once and later calls fail; still _abort the writer. */
enum uc_status uc_files_write(struct uc_file_writer *w, const void *data,
    size_t len, struct uc_error *err) UC_WUR;
/* fsync the file and link it in as evidence/ab/cd/<sha256> (fsyncing
 * the directories), or drop it when that name exists already. Fills
 * sha_hex (NUL-terminated) and *size (may be NULL). Frees w. */
enum uc_status uc_files_write_commit(struct uc_file_writer *w,
    char sha_hex[UC_FILES_SHA_HEX + 1] /* OUT */, int64_t *size /* OUT */,
    struct uc_error *err) UC_WUR;
/* Remove the temp file and free w; accepts NULL. */
void uc_files_write_abort(struct uc_file_writer *w);

/* Open a stored file: UC_ENOTFOUND when there is none. */
enum uc_status uc_files_read_open(struct uc_files *files,
    const char *sha_hex, struct uc_file_reader **r /* OUT */,
    struct uc_error *err) UC_WUR;
/* Read up to len (> 0) bytes; *got is 0 at the end. At the end the
 * hash is checked: UC_EIO "evidence: hash mismatch" when the content
 * no longer matches its name, and again on every later call. Bytes
 * already returned must then be discarded by the caller. */
enum uc_status uc_files_read(struct uc_file_reader *r, void *buf,
    size_t len, size_t *got /* OUT */, struct uc_error *err) UC_WUR;
/* Accepts NULL. */
void uc_files_read_close(struct uc_file_reader *r);

/* Read the whole file and check its hash (UC_EIO on a mismatch). */
enum uc_status uc_files_verify(struct uc_files *files, const char *sha_hex,
    struct uc_error *err) UC_WUR;
/* Verify-then-serve for downloads: open the file, check its hash
 * through that descriptor and hand it over, rewound, with the size
 * verified. The caller owns *fd (MHD_create_response_from_fd takes
 * it). Same errors as uc_files_verify. */
enum uc_status uc_files_open_verified(struct uc_files *files,
    const char *sha_hex, int *fd /* OUT */, int64_t *size /* OUT */,
    struct uc_error *err) UC_WUR;

#endif
