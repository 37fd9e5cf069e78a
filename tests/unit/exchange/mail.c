/*
 * tests/unit/exchange/mail.c - src/exchange/mail.c: RFC 2047 words of
 * whole UTF-8 characters, the message's shape (CRLF lines, base64 lines
 * of at most 76, both parts), the Date in +0700, and header injection
 * refused before anything is built.
 */
#include "../../../src/exchange/mail.c"

#include <criterion/criterion.h>

/* Decode the encoded words of a header value, checking each. */
static char *
unwords(const char *v)
{
	static char out[4096];
	unsigned char bin[256];
	size_t n = 0, blen;
	const char *p = v, *end;

	out[0] = '\0';
	while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
		p += 10;
		end = strstr(p, "?=");
		cr_assert_not_null(end);
		cr_expect_leq((size_t)(end - p) + 12, 75, "a word is at most "
		    "75 characters");
		cr_assert_eq(sodium_base642bin(bin, sizeof(bin), p,
		    (size_t)(end - p), NULL, &blen, NULL,
		    sodium_base64_VARIANT_ORIGINAL), 0);
		/* each word is whole characters: no continuation byte first */
		cr_expect_neq(bin[0] & 0xc0, 0x80);
		memcpy(out + n, bin, blen);
		n += blen;
		out[n] = '\0';
		p = end + 2;
	}
	return out;
}

Test(exchange_mail, words_keep_whole_characters)
{
	const char *s = "[ungcuu] Sự cố nghiêm trọng SC-2026-0001: Tấn công mã "
	    "hóa dữ liệu Cổng dịch vụ công của Ủy ban nhân dân xã Nghĩa Trụ";
	struct out o = { { 0 }, 0 };

	uc_buf_init(&o.b, 1 << 16);
	words(&o, s);
	cr_expect_str_eq(unwords(o.b.data), s);
	cr_expect_not_null(strstr(o.b.data, "\r\n =?UTF-8?B?"), "folded");
	uc_buf_cleanup(&o.b);
}

Test(exchange_mail, plain_ascii_is_kept)
{
	struct out o = { { 0 }, 0 };

	uc_buf_init(&o.b, 1024);
	value(&o, "Weekly report");
	cr_expect_str_eq(o.b.data, "Weekly report");
	uc_buf_cleanup(&o.b);
	uc_buf_init(&o.b, 1024);
	value(&o, "looks =?like?= a word");
	cr_expect_not_null(strstr(o.b.data, "=?UTF-8?B?"));
	uc_buf_cleanup(&o.b);
}

Test(exchange_mail, date_in_vietnam)
{
	char buf[40];

	/* 2026-11-21T07:00:00Z is 14:00 in Hanoi, a Saturday */
	uc_mail_date(INT64_C(1795244400000), buf, sizeof(buf));
	cr_expect_str_eq(buf, "Sat, 21 Nov 2026 14:00:00 +0700");
}

static const struct uc_mail_server srv = { "smtp://127.0.0.1:25", NULL,
	NULL, 0, NULL, "ungcuu@hungyen.gov.vn", "Hệ thống ứng cứu", 1000 };

static struct uc_mail
mail(void)
{
	struct uc_mail m;

	memset(&m, 0, sizeof(m));
	m.to = "dieuphoi@hungyen.gov.vn";
	m.to_name = "Nguyễn Văn Điều";
	m.subject = "Sự cố nghiêm trọng";
	m.text = "Kính gửi Nguyễn Văn Điều,\n\nDòng hai.\n";
	m.html = "<p>Kính gửi Nguyễn Văn Điều,</p>";
	m.date_ms = INT64_C(1795244400000);
	m.message_id = "ungcuu.outbox.1.2@hungyen.gov.vn";
	m.headers[0].name = "X-Ungcuu-Incident";
	m.headers[0].value = "SC-2026-0001";
	m.nheaders = 1;
	return m;
}

Test(exchange_mail, message_shape)
{
	struct uc_mail m = mail();
	struct uc_error err = { 0 };
	char *msg = NULL, *p, *line;
	size_t n;

	cr_assert_eq(uc_mail_build(&srv, &m, &msg, &err), UC_OK);
	for (p = msg; (p = strchr(p, '\n')) != NULL; p++)
		cr_assert_eq(p[-1], '\r', "every line ends in CRLF");
	cr_expect_not_null(strstr(msg, "\r\nDate: Sat, 21 Nov 2026 14:00:00 "
	    "+0700\r\n"));
	cr_expect_not_null(strstr(msg, "\r\nMessage-ID: <ungcuu.outbox.1.2@"
	    "hungyen.gov.vn>\r\n"));
	cr_expect_not_null(strstr(msg, "<dieuphoi@hungyen.gov.vn>\r\n"));
	cr_expect_not_null(strstr(msg, "X-Ungcuu-Incident: SC-2026-0001\r\n"));
	cr_expect_not_null(strstr(msg, "multipart/alternative; boundary="));
	cr_expect_not_null(strstr(msg, "Content-Type: text/plain; "
	    "charset=UTF-8\r\nContent-Transfer-Encoding: base64"));
	cr_expect_not_null(strstr(msg, "Content-Type: text/html; "
	    "charset=UTF-8\r\nContent-Transfer-Encoding: base64"));
	for (line = msg; *line; line = p + 2) {
		p = strstr(line, "\r\n");
		cr_assert_not_null(p);
		n = (size_t)(p - line);
		cr_expect_leq(n, 998, "RFC 5322 line limit");
	}
	uc_free(msg);
}

Test(exchange_mail, text_only_without_html)
{
	struct uc_mail m = mail();
	struct uc_error err = { 0 };
	char *msg = NULL;

	m.html = NULL;
	cr_assert_eq(uc_mail_build(&srv, &m, &msg, &err), UC_OK);
	cr_expect_null(strstr(msg, "multipart"));
	cr_expect_not_null(strstr(msg, "text/plain"));
	uc_free(msg);
}

Test(exchange_mail, injection_refused)
{
	struct uc_mail m;
	struct uc_error err = { 0 };
	char *msg = NULL;

	m = mail();
	m.subject = "Hi\r\nBcc: everyone@example.org";
	cr_expect_eq(uc_mail_build(&srv, &m, &msg, &err), UC_EINVAL);
	cr_expect_null(msg);
	m = mail();
	m.to = "a@b.vn>\r\nRCPT TO:<c@d.vn";
	cr_expect_eq(uc_mail_build(&srv, &m, &msg, &err), UC_EINVAL);
	m = mail();
	m.to_name = "Tên\nBcc: x@y.vn";
	cr_expect_eq(uc_mail_build(&srv, &m, &msg, &err), UC_EINVAL);
	m = mail();
	m.headers[0].name = "X-Bad: header";
	cr_expect_eq(uc_mail_build(&srv, &m, &msg, &err), UC_EINVAL);
	cr_expect_null(msg);
}
