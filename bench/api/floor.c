/*
 * floor.c - the lower bound for the ungcuu API benchmark.
 *
 * A libmicrohttpd server that answers every request with the same
 * 200-byte JSON body and the same security headers ungcuu sends, using
 * the same daemon flags and options as `ungcuu serve` (see
 * src/http/server.c; MHD_USE_ITC too, which ungcuu needs for
 * MHD_quiesce_daemon). Whatever ungcuu does beyond this (routing,
 * authentication, SQLite, JSON encoding) is the difference the
 * benchmark measures.
 *
 *   floor --port PORT [--threads N]
 *
 * Listens on 127.0.0.1:PORT only. Exits 0 on SIGTERM or SIGINT.
 *
 * Build: cc -std=c17 -O2 -Wall -Wextra -Werror floor.c \
 *            $(pkg-config --cflags --libs libmicrohttpd)
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

/* Exactly 200 bytes: roughly the size of a small ungcuu object. */
static const char BODY[] =
	"{\"id\":1,\"login\":\"admin\",\"full_name\":\"Quan tri he thong\","
	"\"unit_id\":1,\"disabled\":false,\"version\":1,"
	"\"created_at\":\"2026-11-21T07:00:00.000Z\","
	"\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}";
_Static_assert(sizeof BODY - 1 == 200, "floor body must be 200 bytes");

/* The per-reply headers of docs/internals/api-contract.md ("Every
 * reply"), with the values ungcuu sends. */
static const char *const HEADERS[][2] = {
	{ "Content-Type", "application/json" },
	{ "Content-Security-Policy",
	  "default-src 'self'; script-src 'self'; "
	  "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
	  "object-src 'none'; base-uri 'none'; form-action 'self'; "
	  "frame-ancestors 'none'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "no-referrer" },
	{ "X-Frame-Options", "DENY" },
	{ "Cache-Control", "no-store" },
};

static int request_marker;

static void
usage(FILE *f)
{
	fputs("usage: floor --port PORT [--threads N]\n", f);
}

static int
parse_uint(const char *s, unsigned long min, unsigned long max,
    unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **req_cls)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t i;

	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload_data;

	/* The usual two-phase pattern (headers first, then body, then the
	 * final call), as a server that accepts request bodies needs. */
	if (*req_cls == NULL) {
		*req_cls = &request_marker;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		*upload_data_size = 0; /* discard any body */
		return MHD_YES;
	}

	/* A fresh response per request, as a real handler whose body
	 * varies must build; the body itself is not copied. */
	resp = MHD_create_response_from_buffer(sizeof BODY - 1,
	    (void *)BODY, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	for (i = 0; i < sizeof HEADERS / sizeof HEADERS[0]; i++) {
		if (MHD_add_response_header(resp, HEADERS[i][0],
		    HEADERS[i][1]) != MHD_YES) {
			MHD_destroy_response(resp);
			return MHD_NO;
		}
	}
	ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

int
main(int argc, char **argv)
{
	unsigned long port = 0, threads = 0;
	long ncpu;
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	sigset_t set;
	int sig, i;

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	threads = ncpu > 0 ? (unsigned long)ncpu : 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
			if (parse_uint(argv[++i], 1, 65535, &port) != 0) {
				fprintf(stderr, "floor: bad --port '%s'\n",
				    argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--threads") == 0 &&
		    i + 1 < argc) {
			if (parse_uint(argv[++i], 1, 1024, &threads) != 0) {
				fprintf(stderr, "floor: bad --threads '%s'\n",
				    argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (port == 0) {
		usage(stderr);
		return 2;
	}

	/* Block the stop signals before MHD starts its threads so that
	 * they inherit the mask and only sigwait() below sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0) {
		fputs("floor: pthread_sigmask failed\n", stderr);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);

	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG,
	    (uint16_t)port, NULL, NULL, handle, NULL,
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "floor: cannot listen on 127.0.0.1:%lu\n",
		    port);
		return 1;
	}
	fprintf(stderr, "floor: listening on 127.0.0.1:%lu, %lu threads\n",
	    port, threads);

	for (;;) {
		if (sigwait(&set, &sig) == 0 &&
		    (sig == SIGTERM || sig == SIGINT))
			break;
	}
	MHD_stop_daemon(d);
	return 0;
}
