/*
 * replay.c - run a fuzz target over files without libFuzzer.
 *
 * usage: <name>_replay PATH...
 * Every regular file named (or found directly inside a named directory,
 * in name order) is fed to LLVMFuzzerTestOneInput once, so a seed corpus
 * runs as an ordinary regression test, under the sanitizers when the
 * build has them. Exit 0 when every input ran; a target that finds a
 * broken promise aborts.
 */
#include "fuzz.h"

#include "core/mem.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *data;
	long size;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 ||
	    (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (fp != NULL)
			fclose(fp);
		return -1;
	}
	data = uc_xmalloc((size_t)size);
	if (fread(data, 1, (size_t)size, fp) != (size_t)size) {
		fprintf(stderr, "replay: %s: short read\n", path);
		fclose(fp);
		uc_free(data);
		return -1;
	}
	fclose(fp);
	/* an exactly sized copy, so ASan sees reads past the end */
	LLVMFuzzerTestOneInput(data, (size_t)size);
	uc_free(data);
	return 0;
}

static int
skip(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int
run_dir(const char *dir, int *count)
{
	struct dirent **names;
	char path[4096];
	struct stat sb;
	int n, i, rc = 0;

	if ((n = scandir(dir, &names, skip, alphasort)) < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			if (run_file(path) != 0)
				rc = -1;
			else
				(*count)++;
		}
		free(names[i]);	/* scandir's allocation */
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat sb;
	int i, count = 0, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			rc = 1;
		} else if (S_ISDIR(sb.st_mode)) {
			if (run_dir(argv[i], &count) != 0)
				rc = 1;
		} else if (run_file(argv[i]) != 0) {
			rc = 1;
		} else {
			count++;
		}
	}
	printf("replay: %d inputs\n", count);
	if (count == 0) {
		fprintf(stderr, "replay: no inputs found\n");
		rc = 1;
	}
	return rc;
}
