/*
 * tests/unit/store/files.c - src/store/files.c: writing, committing and
 * reading back by SHA-256, duplicates, the cap, tampering caught on
 * read, names refused before any path is built, stale temp cleanup.
 * Each test works in its own mkdtemp directory under /tmp.
 */
#include "../../../src/store/files.c"

#include <criterion/criterion.h>
#include <ftw.h>
#include <stdlib.h>
#include <sys/time.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* sha256("hello"), sha256("") */
#define SHA_HELLO \
	"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
#define SHA_EMPTY \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static char dir[64];
static struct uc_files *files;

static void
init(void)
{
	struct uc_error err = { 0 };

	snprintf(dir, sizeof(dir), "/tmp/uc-files-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(uc_files_open(dir, &files, &err), UC_OK, "%s",
	    err.message);
}

static int
rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
fini(void)
{
	uc_files_free(files);
	files = NULL;
	nftw(dir, rm, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(store_files, .init = init, .fini = fini);

static char *
at(const char *rel)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/evidence/%s", dir, rel);
	return path;
}

static int
entries(const char *rel)
{
	DIR *d = opendir(at(rel));
	struct dirent *de;
	int n = 0;

	cr_assert_not_null(d, "%s", rel);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Store data in pieces of `piece` bytes; returns the commit status. */
static enum uc_status
store(const char *data, size_t len, size_t piece, int64_t cap,
    char sha[UC_FILES_SHA_HEX + 1], int64_t *size, struct uc_error *err)
{
	struct uc_file_writer *w = NULL;
	enum uc_status rc;
	size_t off, n;

	cr_assert_eq(uc_files_write_begin(files, cap, &w, err), UC_OK);
	for (off = 0; off < len; off += n) {
		n = len - off < piece ? len - off : piece;
		if ((rc = uc_files_write(w, data + off, n, err)) != UC_OK) {
			uc_files_write_abort(w);
			return rc;
		}
	}
	return uc_files_write_commit(w, sha, size, err);
}

/* Read a stored file through the reader, in pieces of `piece`. */
static enum uc_status
load(const char *sha, size_t piece, char *out, size_t cap, size_t *len,
    struct uc_error *err)
{
	struct uc_file_reader *r = NULL;
	enum uc_status rc;
	size_t got;

	*len = 0;
	if ((rc = uc_files_read_open(files, sha, &r, err)) != UC_OK)
		return rc;
	do {
		cr_assert_lt(*len, cap + 1);
		rc = uc_files_read(r, out + *len, piece, &got, err);
		*len += got;
	} while (rc == UC_OK && got > 0);
	uc_files_read_close(r);
	return rc;
}

Test(store_files, open_makes_private_directories)
{
	struct stat sb;

	cr_assert_eq(stat(at(""), &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0700);
	cr_assert_eq(stat(at("tmp"), &sb), 0);
	cr_expect(S_ISDIR(sb.st_mode));
	cr_expect_eq(sb.st_mode & 0777, 0700);
}

Test(store_files, open_refuses_missing_directory)
{
	struct uc_error err = { 0 };
	struct uc_files *f = (void *)&err;

	cr_expect_eq(uc_files_open("/nonexistent/uc-files", &f, &err),
	    UC_EIO);
	cr_expect_null(f);
	cr_expect(strncmp(err.message, "evidence: cannot create", 23) == 0,
	    "%s", err.message);
}

Test(store_files, write_commit_read_back)
{
	char sha[UC_FILES_SHA_HEX + 1], out[64];
	struct uc_error err = { 0 };
	int64_t size = -1;
	struct stat sb;
	size_t len, piece;

	cr_assert_eq(store("hello", 5, 2, 0, sha, &size, &err), UC_OK, "%s",
	    err.message);
	cr_expect_str_eq(sha, SHA_HELLO);
	cr_expect_eq(size, 5);
	cr_assert_eq(stat(at("2c/f2/" SHA_HELLO), &sb), 0);
	cr_expect(S_ISREG(sb.st_mode));
	cr_expect_eq(sb.st_mode & 0777, 0400);
	cr_expect_eq(sb.st_size, 5);
	cr_assert_eq(stat(at("2c"), &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0700);
	cr_assert_eq(stat(at("2c/f2"), &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0700);
	cr_expect_eq(entries("tmp"), 0);
	for (piece = 1; piece <= 6; piece++) {
		cr_expect_eq(load(sha, piece, out, sizeof(out), &len, &err),
		    UC_OK, "%s", err.message);
		cr_expect_eq(len, 5);
		cr_expect(memcmp(out, "hello", 5) == 0);
	}
	cr_expect_eq(uc_files_verify(files, sha, &err), UC_OK);
}

Test(store_files, empty_file)
{
	char sha[UC_FILES_SHA_HEX + 1], out[8];
	struct uc_error err = { 0 };
	int64_t size = -1;
	size_t len;

	cr_assert_eq(store("", 0, 1, 0, sha, &size, &err), UC_OK);
	cr_expect_str_eq(sha, SHA_EMPTY);
	cr_expect_eq(size, 0);
	cr_expect_eq(load(sha, 8, out, sizeof(out), &len, &err), UC_OK);
	cr_expect_eq(len, 0);
}

Test(store_files, large_file_in_pieces)
{
	enum { N = 3 * 1024 * 1024 + 17 };
	char *data = uc_xmalloc(N), *out = uc_xmalloc(N);
	char sha[UC_FILES_SHA_HEX + 1], hex[UC_FILES_SHA_HEX + 1];
	unsigned char md[crypto_hash_sha256_BYTES];
	struct uc_error err = { 0 };
	int64_t size = 0;
	size_t i, len;

	for (i = 0; i < N; i++)
		data[i] = (char)(i * 7 + i / 251);
	crypto_hash_sha256(md, (unsigned char *)data, N);
	sodium_bin2hex(hex, sizeof(hex), md, sizeof(md));
	cr_assert_eq(store(data, N, 65521, 0, sha, &size, &err), UC_OK);
	cr_expect_str_eq(sha, hex);
	cr_expect_eq(size, N);
	cr_expect_eq(load(sha, 100000, out, N, &len, &err), UC_OK);
	cr_expect_eq(len, N);
	cr_expect(memcmp(out, data, N) == 0);
	uc_free(data);
	uc_free(out);
}

Test(store_files, same_content_twice_keeps_the_first)
{
	char sha1[UC_FILES_SHA_HEX + 1], sha2[UC_FILES_SHA_HEX + 1];
	struct uc_error err = { 0 };
	struct stat a, b;
	int64_t size = 0;

	cr_assert_eq(store("hello", 5, 5, 0, sha1, &size, &err), UC_OK);
	cr_assert_eq(stat(at("2c/f2/" SHA_HELLO), &a), 0);
	cr_assert_eq(store("hello", 5, 1, 0, sha2, &size, &err), UC_OK);
	cr_assert_eq(stat(at("2c/f2/" SHA_HELLO), &b), 0);
	cr_expect_str_eq(sha1, sha2);
	cr_expect_eq(size, 5);
	cr_expect_eq(a.st_ino, b.st_ino);
	cr_expect_eq(b.st_nlink, 1);
	cr_expect_eq(entries("2c/f2"), 1);
	cr_expect_eq(entries("tmp"), 0);
}

Test(store_files, cap)
{
	struct uc_file_writer *w = NULL;
	char sha[UC_FILES_SHA_HEX + 1];
	struct uc_error err = { 0 };
	int64_t size = 0;

	cr_expect_eq(store("0123456789", 10, 3, 10, sha, &size, &err), UC_OK);
	cr_expect_eq(size, 10);
	cr_assert_eq(uc_files_write_begin(files, 10, &w, &err), UC_OK);
	cr_expect_eq(entries("tmp"), 1);
	cr_expect_eq(uc_files_write(w, "012345", 6, &err), UC_OK);
	cr_expect_eq(uc_files_write(w, "67890", 5, &err), UC_ETOOBIG);
	cr_expect_str_eq(err.message, "evidence: the file is over 10 bytes");
	cr_expect_eq(entries("tmp"), 0);	/* removed at once */
	cr_expect_eq(uc_files_write(w, "6", 1, &err), UC_ETOOBIG);
	cr_expect_eq(uc_files_write_commit(w, sha, &size, &err), UC_ETOOBIG);
	cr_expect_str_eq(sha, "");
	cr_expect_eq(entries("tmp"), 0);
}

Test(store_files, default_cap)
{
	struct uc_file_writer *w = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_files_write_begin(files, 0, &w, &err), UC_OK);
	cr_expect_eq(w->cap, (int64_t)2 * 1024 * 1024 * 1024);
	uc_files_write_abort(w);
	cr_assert_eq(uc_files_write_begin(files, -1, &w, &err), UC_OK);
	cr_expect_eq(w->cap, UC_FILES_CAP);
	uc_files_write_abort(w);
}

Test(store_files, abort_removes_the_temp_file)
{
	struct uc_file_writer *w = NULL;
	struct uc_error err = { 0 };

	cr_assert_eq(uc_files_write_begin(files, 0, &w, &err), UC_OK);
	cr_expect_eq(uc_files_write(w, "abc", 3, &err), UC_OK);
	cr_expect_eq(entries("tmp"), 1);
	uc_files_write_abort(w);
	uc_files_write_abort(NULL);
	cr_expect_eq(entries("tmp"), 0);
	cr_expect_eq(entries(""), 1);	/* tmp only */
}

static void
tamper(const char *rel, off_t off, const char *bytes, size_t n)
{
	int fd;

	cr_assert_eq(chmod(at(rel), 0600), 0);
	cr_assert_geq(fd = open(at(rel), O_WRONLY), 0);
	cr_assert_eq(pwrite(fd, bytes, n, off), (ssize_t)n);
	close(fd);
}

static void
expect_refused(const char *sha)
{
	struct uc_error err = { 0 };
	char out[64];
	size_t len;
	int64_t size = 7;
	int fd = 7;

	cr_expect_eq(load(sha, 2, out, sizeof(out), &len, &err), UC_EIO);
	cr_expect_str_eq(err.message, "evidence: hash mismatch");
	cr_expect_eq(uc_files_verify(files, sha, &err), UC_EIO);
	cr_expect_str_eq(err.message, "evidence: hash mismatch");
	cr_expect_eq(uc_files_open_verified(files, sha, &fd, &size, &err),
	    UC_EIO);
	cr_expect_eq(fd, -1);
	cr_expect_eq(size, 0);
}

Test(store_files, flipped_byte_is_caught)
{
	char sha[UC_FILES_SHA_HEX + 1];
	struct uc_error err = { 0 };

	cr_assert_eq(store("hello", 5, 5, 0, sha, NULL, &err), UC_OK);
	tamper("2c/f2/" SHA_HELLO, 1, "a", 1);	/* "hallo" */
	expect_refused(sha);
}

Test(store_files, appended_byte_is_caught)
{
	char sha[UC_FILES_SHA_HEX + 1];
	struct uc_error err = { 0 };

	cr_assert_eq(store("hello", 5, 5, 0, sha, NULL, &err), UC_OK);
	tamper("2c/f2/" SHA_HELLO, 5, "!", 1);
	expect_refused(sha);
}

Test(store_files, mismatch_sticks)
{
	struct uc_file_reader *r = NULL;
	char sha[UC_FILES_SHA_HEX + 1], buf[16];
	struct uc_error err = { 0 };
	size_t got = 99;

	cr_assert_eq(store("hello", 5, 5, 0, sha, NULL, &err), UC_OK);
	tamper("2c/f2/" SHA_HELLO, 0, "j", 1);
	cr_assert_eq(uc_files_read_open(files, sha, &r, &err), UC_OK);
	cr_expect_eq(uc_files_read(r, buf, sizeof(buf), &got, &err), UC_OK);
	cr_expect_eq(got, 5);
	cr_expect_eq(uc_files_read(r, buf, sizeof(buf), &got, &err), UC_EIO);
	cr_expect_eq(got, 0);
	cr_expect_eq(uc_files_read(r, buf, sizeof(buf), &got, &err), UC_EIO);
	cr_expect_str_eq(err.message, "evidence: hash mismatch");
	uc_files_read_close(r);
	uc_files_read_close(NULL);
}

Test(store_files, open_verified_hands_over_the_descriptor)
{
	char sha[UC_FILES_SHA_HEX + 1], buf[16];
	struct uc_error err = { 0 };
	int64_t size = 0;
	int fd = -1;

	cr_assert_eq(store("hello", 5, 5, 0, sha, NULL, &err), UC_OK);
	cr_assert_eq(uc_files_open_verified(files, sha, &fd, &size, &err),
	    UC_OK, "%s", err.message);
	cr_expect_eq(size, 5);
	cr_assert_geq(fd, 0);
	cr_expect_eq(read(fd, buf, sizeof(buf)), 5);
	cr_expect(memcmp(buf, "hello", 5) == 0);
	close(fd);
}

Test(store_files, symlink_is_not_followed)
{
	char sha[UC_FILES_SHA_HEX + 1];
	struct uc_error err = { 0 };
	struct uc_file_reader *r = NULL;
	char target[256];

	cr_assert_eq(store("hello", 5, 5, 0, sha, NULL, &err), UC_OK);
	cr_assert_eq(mkdir(at("e3"), 0700), 0);
	cr_assert_eq(mkdir(at("e3/b0"), 0700), 0);
	snprintf(target, sizeof(target), "%s", at("2c/f2/" SHA_HELLO));
	cr_assert_eq(symlink(target, at("e3/b0/" SHA_EMPTY)), 0);
	cr_expect_eq(uc_files_read_open(files, SHA_EMPTY, &r, &err), UC_EIO);
	cr_expect_null(r);
}

Test(store_files, missing_file)
{
	struct uc_file_reader *r = (void *)&r;
	struct uc_error err = { 0 };

	cr_expect_eq(uc_files_read_open(files, SHA_HELLO, &r, &err),
	    UC_ENOTFOUND);
	cr_expect_null(r);
	cr_expect_str_eq(err.message, "evidence: no file " SHA_HELLO);
	cr_expect_eq(uc_files_verify(files, SHA_HELLO, &err), UC_ENOTFOUND);
}

static const char *const bad_names[] = {
	"",
	"2cf24dba",
	"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982",
	"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98244",
	"2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
	"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982G",
	"../../../../../../../../../../../../../../../../../../etc/passwd",
	"2c/f2/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e7304336293",
	" 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982",
	"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982\n",
	"0x2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98",
	NULL,
};

Test(store_files, bad_names_refused)
{
	char path[512];
	size_t i;

	for (i = 0; i < NELEM(bad_names); i++) {
		struct uc_file_reader *r = NULL;
		struct uc_error err = { 0 };
		int64_t size;
		int fd;

		cr_expect(!uc_files_sha_valid(bad_names[i]), "%zu", i);
		cr_expect_eq(uc_files_read_open(files, bad_names[i], &r, &err),
		    UC_EINVAL, "%zu", i);
		cr_expect_null(r);
		cr_expect_eq(uc_files_verify(files, bad_names[i], &err),
		    UC_EINVAL, "%zu", i);
		cr_expect_eq(uc_files_open_verified(files, bad_names[i], &fd,
		    &size, &err), UC_EINVAL, "%zu", i);
		cr_expect_eq(uc_files_path(files, bad_names[i], path,
		    sizeof(path)), UC_EINVAL, "%zu", i);
	}
	cr_expect(uc_files_sha_valid(SHA_HELLO));
	cr_expect(uc_files_sha_valid(SHA_EMPTY));
}

Test(store_files, path)
{
	char path[512], want[512];

	snprintf(want, sizeof(want), "%s/evidence/2c/f2/%s", dir, SHA_HELLO);
	cr_expect_eq(uc_files_path(files, SHA_HELLO, path, sizeof(path)),
	    UC_OK);
	cr_expect_str_eq(path, want);
	cr_expect_eq(uc_files_path(files, SHA_HELLO, path, strlen(want)),
	    UC_ETOOBIG);
	cr_expect_eq(uc_files_path(files, SHA_HELLO, path, strlen(want) + 1),
	    UC_OK);
}

static void
age(const char *path, time_t seconds)
{
	struct timespec ts[2];

	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - seconds;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	cr_assert_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static void
touch(const char *rel, time_t seconds)
{
	int fd;

	cr_assert_geq(fd = open(at(rel), O_WRONLY | O_CREAT, 0600), 0);
	close(fd);
	age(at(rel), seconds);
}

Test(store_files, stale_temp_files_removed_on_open)
{
	struct uc_error err = { 0 };
	struct stat sb;

	touch("tmp/old", 2 * UC_FILES_TMP_AGE);
	touch("tmp/almost", UC_FILES_TMP_AGE - 60);
	touch("tmp/fresh", 0);
	cr_assert_eq(mkdir(at("tmp/olddir"), 0700), 0);
	age(at("tmp/olddir"), 2 * UC_FILES_TMP_AGE);
	uc_files_free(files);
	cr_assert_eq(uc_files_open(dir, &files, &err), UC_OK);
	cr_expect_neq(stat(at("tmp/old"), &sb), 0);
	cr_expect_eq(stat(at("tmp/almost"), &sb), 0);
	cr_expect_eq(stat(at("tmp/fresh"), &sb), 0);
	cr_expect_eq(stat(at("tmp/olddir"), &sb), 0);
}
