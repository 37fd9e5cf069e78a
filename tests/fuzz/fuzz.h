/*
 * fuzz.h - the libFuzzer entry point every target defines, and checks
 * that turn a broken promise into a crash the fuzzer reports.
 */
#ifndef UC_FUZZ_H
#define UC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_check(x) do {						\
	if (!(x)) {							\
		fprintf(stderr, "%s:%d: broken: %s\n", __FILE__,	\
		    __LINE__, #x);					\
		abort();						\
	}								\
} while (0)

#endif
