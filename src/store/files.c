/*
 * files.c - see files.h.
 *
 * Everything is reached through one descriptor on the evidence
 * directory (openat & co), so paths inside the store are short and
 * fixed: "tmp/<32 hex>" and "ab/cd/<64 hex>", built only from names
 * that uc_files_sha_valid accepted or from our own random digits.
 * A file is put in place with linkat, which never replaces: when the
 * name exists the content is the same (up to a SHA-256 collision) and
 * the one already there is kept. The temp name is removed either way.
 */
#include "store/files.h"
#include "core/log.h"
#include "core/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 * 1024)	/* verify reads */
#define TMP_NAME (4 + 32 + 1)	/* "tmp/" 32 hex digits, NUL */
#define REL_NAME (6 + UC_FILES_SHA_HEX + 1)	/* "ab/cd/" sha, NUL */

struct uc_files {
	char *root;		/* <dir>/evidence */
	int dfd;		/* root, open as a directory */
};

struct uc_file_writer {
	struct uc_files *files;
	int fd;			/* the temp file, -1 once closed */
	char tmp[TMP_NAME];	/* its name under root, "" once gone */
	int64_t size;		/* bytes written */
	int64_t cap;
	enum uc_status failed;	/* set by a failed write */
	crypto_hash_sha256_state hs;
};

enum reader_state { R_READING, R_VERIFIED, R_MISMATCH };

struct uc_file_reader {
	int fd;
	enum reader_state state;
	int64_t size;		/* bytes read and hashed */
	unsigned char want[crypto_hash_sha256_BYTES];	/* from the name */
	char sha[UC_FILES_SHA_HEX + 1];
	crypto_hash_sha256_state hs;
};

int
uc_files_sha_valid(const char *s)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < UC_FILES_SHA_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[i] == '\0';
}

/* "ab/cd/<sha>", for a name already checked. */
static void
rel_name(const char *sha, char buf[REL_NAME])
{
	snprintf(buf, REL_NAME, "%.2s/%.2s/%s", sha, sha + 2, sha);
}

static enum uc_status
check_sha(const char *sha, struct uc_error *err)
{
	if (uc_files_sha_valid(sha))
		return UC_OK;
	return uc_error_set(err, UC_EINVAL, "evidence: a file name is a "
	    "SHA-256 in 64 lower-case hex digits");
}

static enum uc_status
io_error(struct uc_error *err, const char *what, const char *name)
{
	return uc_error_set(err, UC_EIO, "evidence: cannot %s %s: %s", what,
	    name, strerror(errno));
}

static enum uc_status
sync_dir(int dfd, const char *path, struct uc_error *err)
{
	int fd = openat(dfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ok;

	if (fd < 0)
		return io_error(err, "open directory", path);
	ok = fsync(fd) == 0;
	close(fd);
	return ok ? UC_OK : io_error(err, "fsync directory", path);
}

/* mkdir 0700 unless it exists; a new directory's parent is fsynced. */
static enum uc_status
make_dir(int dfd, const char *path, const char *parent,
    struct uc_error *err)
{
	if (mkdirat(dfd, path, 0700) == 0)
		return sync_dir(dfd, parent, err);
	if (errno == EEXIST)
		return UC_OK;
	return io_error(err, "create directory", path);
}

/* ---- opening the store ---- */

static int
stale(int dfd, const char *name, time_t now)
{
	struct stat sb;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;
	return S_ISREG(sb.st_mode) && sb.st_mtime < now - UC_FILES_TMP_AGE;
}

/* Temp files of uploads that died with the process that wrote them. */
static void
clean_tmp(struct uc_files *files)
{
	int fd = openat(files->dfd, "tmp", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	time_t now = time(NULL);
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		uc_log_warn("evidence: cannot list %s/tmp", files->root);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' && stale(fd, de->d_name, now) &&
		    unlinkat(fd, de->d_name, 0) == 0)
			n++;
	closedir(d);
	if (n > 0)
		uc_log_info("evidence: removed %d stale temporary file(s)",
		    n);
}

enum uc_status
uc_files_open(const char *dir, struct uc_files **out, struct uc_error *err)
{
	struct uc_files *files = uc_xcalloc(1, sizeof(*files));
	size_t len = strlen(dir) + sizeof("/evidence");
	enum uc_status rc;

	*out = NULL;
	files->dfd = -1;
	if (sodium_init() < 0) {
		rc = uc_error_set(err, UC_EINTERNAL, "evidence: libsodium "
		    "cannot start");
		goto fail;
	}
	files->root = uc_xmalloc(len);
	snprintf(files->root, len, "%s/evidence", dir);
	if (mkdir(files->root, 0700) != 0 && errno != EEXIST) {
		rc = io_error(err, "create", files->root);
		goto fail;
	}
	files->dfd = open(files->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (files->dfd < 0) {
		rc = io_error(err, "open", files->root);
		goto fail;
	}
	if ((rc = make_dir(files->dfd, "tmp", ".", err)) != UC_OK)
		goto fail;
	clean_tmp(files);
	*out = files;
	return UC_OK;
fail:
	uc_files_free(files);
	return rc;
}

void
uc_files_free(struct uc_files *files)
{
	if (files == NULL)
		return;
	if (files->dfd >= 0)
		close(files->dfd);
	uc_free(files->root);
	uc_free(files);
}

enum uc_status
uc_files_path(const struct uc_files *files, const char *sha_hex, char *buf,
    size_t len)
{
	char rel[REL_NAME];
	int n;

	if (!uc_files_sha_valid(sha_hex))
		return UC_EINVAL;
	rel_name(sha_hex, rel);
	n = snprintf(buf, len, "%s/%s", files->root, rel);
	return n >= 0 && (size_t)n < len ? UC_OK : UC_ETOOBIG;
}

/* ---- writing ---- */

enum uc_status
uc_files_write_begin(struct uc_files *files, int64_t cap,
    struct uc_file_writer **w, struct uc_error *err)
{
	struct uc_file_writer *fw = uc_xcalloc(1, sizeof(*fw));
	unsigned char rnd[16];
	char hex[33];
	int tries;

	fw->files = files;
	fw->cap = cap > 0 ? cap : UC_FILES_CAP;
	fw->fd = -1;
	crypto_hash_sha256_init(&fw->hs);
	for (tries = 0; tries < 4 && fw->fd < 0; tries++) {
		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
		snprintf(fw->tmp, sizeof(fw->tmp), "tmp/%s", hex);
		fw->fd = openat(files->dfd, fw->tmp, O_WRONLY | O_CREAT |
		    O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fw->fd < 0 && errno != EEXIST)
			break;
	}
	*w = NULL;
	if (fw->fd < 0) {
		io_error(err, "create a file in", files->root);
		uc_free(fw);
		return UC_EIO;
	}
	*w = fw;
	return UC_OK;
}

/* Close and remove the temp file; the writer stays until freed. */
static void
discard(struct uc_file_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	if (w->tmp[0] != '\0')
		unlinkat(w->files->dfd, w->tmp, 0);
	w->tmp[0] = '\0';
}

static enum uc_status
fail_writer(struct uc_file_writer *w, enum uc_status rc)
{
	discard(w);
	w->failed = rc;
	return rc;
}

static int
write_all(int fd, const unsigned char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

enum uc_status
uc_files_write(struct uc_file_writer *w, const void *data, size_t len,
    struct uc_error *err)
{
	if (w->failed != UC_OK)
		return uc_error_set(err, w->failed, "evidence: the file was "
		    "already refused");
	if (len > (uint64_t)(w->cap - w->size)) {
		fail_writer(w, UC_ETOOBIG);
		return uc_error_set(err, UC_ETOOBIG, "evidence: the file is "
		    "over %" PRId64 " bytes", w->cap);
	}
	if (write_all(w->fd, data, len) != 0) {
		io_error(err, "write", w->tmp);
		return fail_writer(w, UC_EIO);
	}
	crypto_hash_sha256_update(&w->hs, data, len);
	w->size += (int64_t)len;
	return UC_OK;
}

/* Make the temp file read-only and durable, and close it (once: close
 * is not retried, even when it fails). -1 with errno set on failure. */
static int
finish_file(struct uc_file_writer *w)
{
	int ok, saved;

	ok = fchmod(w->fd, 0400) == 0 && fsync(w->fd) == 0;
	saved = errno;
	if (close(w->fd) != 0 && ok) {
		ok = 0;
		saved = errno;
	}
	w->fd = -1;
	errno = saved;
	return ok ? 0 : -1;
}

/* Link tmp in as ab/cd/<sha>, keeping a file already there. */
static enum uc_status
place(struct uc_files *files, const char *tmp, const char *sha,
    struct uc_error *err)
{
	char d1[3], d2[6], rel[REL_NAME];
	enum uc_status rc;

	snprintf(d1, sizeof(d1), "%.2s", sha);
	snprintf(d2, sizeof(d2), "%.2s/%.2s", sha, sha + 2);
	rel_name(sha, rel);
	if ((rc = make_dir(files->dfd, d1, ".", err)) != UC_OK ||
	    (rc = make_dir(files->dfd, d2, d1, err)) != UC_OK)
		return rc;
	if (linkat(files->dfd, tmp, files->dfd, rel, 0) != 0) {
		if (errno == EEXIST)
			return UC_OK;
		return io_error(err, "store", rel);
	}
	return sync_dir(files->dfd, d2, err);
}

enum uc_status
uc_files_write_commit(struct uc_file_writer *w,
    char sha_hex[UC_FILES_SHA_HEX + 1], int64_t *size, struct uc_error *err)
{
	unsigned char md[crypto_hash_sha256_BYTES];
	enum uc_status rc;

	sha_hex[0] = '\0';
	if (w->failed != UC_OK) {
		rc = uc_error_set(err, w->failed, "evidence: the file was "
		    "already refused");
		goto out;
	}
	crypto_hash_sha256_final(&w->hs, md);
	if (finish_file(w) != 0) {
		rc = io_error(err, "fsync", w->tmp);
		goto out;
	}
	sodium_bin2hex(sha_hex, UC_FILES_SHA_HEX + 1, md, sizeof(md));
	if ((rc = place(w->files, w->tmp, sha_hex, err)) != UC_OK)
		goto fail;
	if (size != NULL)
		*size = w->size;
	goto out;
fail:
	sha_hex[0] = '\0';
out:
	uc_files_write_abort(w);	/* the temp name goes either way */
	return rc;
}

void
uc_files_write_abort(struct uc_file_writer *w)
{
	if (w == NULL)
		return;
	discard(w);
	sodium_memzero(&w->hs, sizeof(w->hs));
	uc_free(w);
}

/* ---- reading ---- */

enum uc_status
uc_files_read_open(struct uc_files *files, const char *sha_hex,
    struct uc_file_reader **r, struct uc_error *err)
{
	struct uc_file_reader *fr;
	char rel[REL_NAME];
	struct stat sb;
	int fd;

	*r = NULL;
	if (check_sha(sha_hex, err) != UC_OK)
		return UC_EINVAL;
	rel_name(sha_hex, rel);
	fd = openat(files->dfd, rel, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT)
		return uc_error_set(err, UC_ENOTFOUND, "evidence: no file %s",
		    sha_hex);
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		return uc_error_set(err, UC_EIO, "evidence: cannot open %s",
		    sha_hex);
	}
	fr = uc_xcalloc(1, sizeof(*fr));
	fr->fd = fd;
	memcpy(fr->sha, sha_hex, sizeof(fr->sha));
	sodium_hex2bin(fr->want, sizeof(fr->want), sha_hex,
	    UC_FILES_SHA_HEX, NULL, NULL, NULL);
	crypto_hash_sha256_init(&fr->hs);
	*r = fr;
	return UC_OK;
}

static enum uc_status
mismatch(struct uc_error *err)
{
	return uc_error_set(err, UC_EIO, "%s", UC_FILES_MISMATCH);
}

/* End of file: does the content still match its name? */
static enum uc_status
check_end(struct uc_file_reader *r, struct uc_error *err)
{
	unsigned char md[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_final(&r->hs, md);
	if (memcmp(md, r->want, sizeof(md)) == 0) {
		r->state = R_VERIFIED;
		return UC_OK;
	}
	r->state = R_MISMATCH;
	uc_log_warn("evidence: %s no longer matches its hash (%" PRId64
	    " bytes read)", r->sha, r->size);
	return mismatch(err);
}

enum uc_status
uc_files_read(struct uc_file_reader *r, void *buf, size_t len, size_t *got,
    struct uc_error *err)
{
	ssize_t n;

	uc_assert(len > 0);
	*got = 0;
	if (r->state == R_MISMATCH)
		return mismatch(err);
	if (r->state == R_VERIFIED)
		return UC_OK;
	do
		n = read(r->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return io_error(err, "read", r->sha);
	if (n == 0)
		return check_end(r, err);
	crypto_hash_sha256_update(&r->hs, buf, (size_t)n);
	r->size += n;
	*got = (size_t)n;
	return UC_OK;
}

void
uc_files_read_close(struct uc_file_reader *r)
{
	if (r == NULL)
		return;
	if (r->fd >= 0)
		close(r->fd);
	uc_free(r);
}

/* Read r to its end, through the hash check. */
static enum uc_status
read_through(struct uc_file_reader *r, struct uc_error *err)
{
	unsigned char *buf = uc_xmalloc(CHUNK);
	enum uc_status rc;
	size_t got;

	while ((rc = uc_files_read(r, buf, CHUNK, &got, err)) == UC_OK &&
	    got > 0)
		;
	uc_free(buf);
	return rc;
}

enum uc_status
uc_files_verify(struct uc_files *files, const char *sha_hex,
    struct uc_error *err)
{
	struct uc_file_reader *r = NULL;
	enum uc_status rc;

	if ((rc = uc_files_read_open(files, sha_hex, &r, err)) == UC_OK)
		rc = read_through(r, err);
	uc_files_read_close(r);
	return rc;
}

enum uc_status
uc_files_open_verified(struct uc_files *files, const char *sha_hex,
    int *fd, int64_t *size, struct uc_error *err)
{
	struct uc_file_reader *r = NULL;
	enum uc_status rc;

	*fd = -1;
	*size = 0;
	if ((rc = uc_files_read_open(files, sha_hex, &r, err)) != UC_OK)
		goto out;
	if ((rc = read_through(r, err)) != UC_OK)
		goto out;
	if (lseek(r->fd, 0, SEEK_SET) != 0) {
		rc = io_error(err, "rewind", sha_hex);
		goto out;
	}
	*fd = r->fd;
	*size = r->size;
	r->fd = -1;
out:
	uc_files_read_close(r);
	return rc;
}
