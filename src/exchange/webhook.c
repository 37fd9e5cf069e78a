/*
 * webhook.c - see webhook.h.
 */
#include "exchange/webhook.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define URL_MAX 2000

void
uc_webhook_sign(const char *secret, const char *body, size_t len,
    char *out)
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, UC_WEBHOOK_SIG_LEN - 7, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

int
uc_webhook_url_ok(const char *url)
{
	const char *host;
	size_t n = url ? strlen(url) : 0;

	if (n == 0 || n > URL_MAX)
		return 0;
	if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else
		return 0;
	if (*host == '\0' || *host == '/' || *host == ':' || *host == '?')
		return 0;
	for (; *url; url++)
		if ((unsigned char)*url <= 0x20 || (unsigned char)*url >= 0x7f)
			return 0;
	return 1;
}

/* The reply's body is not read: drop it. */
static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static struct curl_slist *
headers(const struct uc_webhook_post *p)
{
	char sig[UC_WEBHOOK_SIG_LEN], line[160];
	struct curl_slist *h = NULL, *t;

	uc_webhook_sign(p->secret, p->body, strlen(p->body), sig);
	h = curl_slist_append(h, "Content-Type: application/json; "
	    "charset=utf-8");
	h = h ? curl_slist_append(h, "User-Agent: ungcuu/" UC_VERSION) : h;
	h = h ? curl_slist_append(h, "Expect:") : h;
	snprintf(line, sizeof(line), "X-Ungcuu-Signature: %s", sig);
	h = h ? curl_slist_append(h, line) : h;
	snprintf(line, sizeof(line), "X-Ungcuu-Timestamp: %" PRId64,
	    p->now_ms / 1000);
	h = h ? curl_slist_append(h, line) : h;
	snprintf(line, sizeof(line), "X-Ungcuu-Event: %s", p->event);
	t = h ? curl_slist_append(h, line) : h;
	snprintf(line, sizeof(line), "X-Ungcuu-Delivery: %" PRId64,
	    p->delivery);
	return t ? curl_slist_append(t, line) : t;
}

static void
options(CURL *c, const struct uc_webhook_post *p, struct curl_slist *h,
    char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_URL, p->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, p->timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, p->timeout_ms);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, p->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(p->body));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	if (p->ca_file != NULL && *p->ca_file != '\0')
		curl_easy_setopt(c, CURLOPT_CAINFO, p->ca_file);
}

enum uc_status
uc_webhook_send(const struct uc_webhook_post *p, int *permanent,
    struct uc_error *err)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *h = NULL;
	CURL *c = NULL;
	CURLcode cc;
	long code = 0;
	enum uc_status rc = UC_OK;

	*permanent = 0;
	if (!uc_webhook_url_ok(p->url)) {
		*permanent = 1;
		return uc_error_set(err, UC_EINVAL, "webhook: bad URL");
	}
	if ((c = curl_easy_init()) == NULL || (h = headers(p)) == NULL) {
		rc = uc_error_set(err, UC_EIO, "webhook: out of memory");
		goto out;
	}
	options(c, p, h, errbuf);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (cc != CURLE_OK)
		rc = uc_error_set(err, UC_EIO, "webhook: %s", *errbuf ?
		    errbuf : curl_easy_strerror(cc));
	else if (code < 200 || code > 299)
		rc = uc_error_set(err, UC_EIO, "webhook: HTTP %ld", code);
	*permanent = rc != UC_OK && code == 410;
out:
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return rc;
}
