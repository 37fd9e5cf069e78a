/*
 * main.c - ungcuu: the incident response network's one binary.
 */
#include "cli/cli.h"

#include <liboath/oath.h>
#include <sodium.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	if (sodium_init() < 0 || oath_init() != OATH_OK) {
		fprintf(stderr, "ungcuu: cannot initialise the crypto "
		    "libraries\n");
		return 1;
	}
	return uc_cli_main(argc - 1, argv + 1);
}
