/*
 * webhook.h - one signed JSON POST (libcurl).
 *
 * The receiver checks X-Ungcuu-Signature: "sha256=" and the lower-case
 * hex HMAC-SHA256 of the exact body bytes, keyed with the
 * subscription's secret. X-Ungcuu-Timestamp (Unix seconds of this
 * attempt), X-Ungcuu-Event (the kind) and X-Ungcuu-Delivery (the
 * outbox id, the same on every attempt) go with it. Any 2xx reply is
 * delivery; redirects are not followed.
 */
#ifndef UC_WEBHOOK_H
#define UC_WEBHOOK_H

#include "core/status.h"

#include <stddef.h>
#include <stdint.h>

/* "sha256=" + 64 hex digits + NUL */
#define UC_WEBHOOK_SIG_LEN 72

struct uc_webhook_post {
	const char *url;	/* http:// or https:// */
	const char *secret;	/* HMAC key */
	const char *body;	/* JSON text, sent as is */
	const char *event;	/* X-Ungcuu-Event */
	int64_t delivery;	/* X-Ungcuu-Delivery */
	int64_t now_ms;		/* X-Ungcuu-Timestamp */
	long timeout_ms;	/* the whole request */
	const char *ca_file;	/* NULL: the system's certificate store */
};

/* The X-Ungcuu-Signature value of body; out has UC_WEBHOOK_SIG_LEN. */
void uc_webhook_sign(const char *secret, const char *body, size_t len,
    char *out);

/* Is url an http(s) URL with a host and nothing that breaks a request
 * line (spaces, controls)? */
int uc_webhook_url_ok(const char *url);

/*
 * POST it. UC_OK on a 2xx reply; else UC_EIO with the reason in err,
 * *permanent set when the receiver said the endpoint is gone (410).
 */
enum uc_status uc_webhook_send(const struct uc_webhook_post *p,
    int *permanent /* OUT */, struct uc_error *err) UC_WUR;

#endif
