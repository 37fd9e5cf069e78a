/*
 * tests/unit/exchange/webhook.c - src/exchange/webhook.c: the signature
 * (a known HMAC-SHA256 vector) and which URLs are accepted.
 */
#include "../../../src/exchange/webhook.c"

#include <criterion/criterion.h>

Test(exchange_webhook, signature_is_hmac_sha256_hex)
{
	const char *body = "The quick brown fox jumps over the lazy dog";
	char sig[UC_WEBHOOK_SIG_LEN];

	uc_webhook_sign("key", body, strlen(body), sig);
	cr_expect_str_eq(sig, "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59"
	    "a14946175997479dbc2d1a3cd8");
}

Test(exchange_webhook, urls)
{
	cr_expect(uc_webhook_url_ok("https://siem.hungyen.gov.vn/hook"));
	cr_expect(uc_webhook_url_ok("http://127.0.0.1:8080/x?y=1"));
	cr_expect_not(uc_webhook_url_ok(NULL));
	cr_expect_not(uc_webhook_url_ok(""));
	cr_expect_not(uc_webhook_url_ok("ftp://example.org/"));
	cr_expect_not(uc_webhook_url_ok("https://"));
	cr_expect_not(uc_webhook_url_ok("https:///path"));
	cr_expect_not(uc_webhook_url_ok("https://a b/"));
	cr_expect_not(uc_webhook_url_ok("https://a/\r\nX: y"));
	cr_expect_not(uc_webhook_url_ok("https://ví-dụ.vn/"));
}
