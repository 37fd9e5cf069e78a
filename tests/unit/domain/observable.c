/*
 * tests/unit/domain/observable.c - src/domain/observable.c: valid and
 * invalid vectors for every observable type, RFC 5952 IPv6 text, RFC
 * 3492 punycode (the RFC's own samples), CIDR host bits, URL
 * normalisation, the length limits, small output buffers and guessing.
 */
#include "../../../src/domain/observable.c"

#include <criterion/criterion.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct vec {
	const char *type;
	const char *in;
	const char *out;	/* canonical form; NULL: refused */
	const char *code;	/* field error code when refused */
};

#define OK(t, in, out)	{ t, in, out, NULL }
#define NO(t, in)	{ t, in, NULL, "format" }

static const struct vec vecs[] = {
	/* ipv4 */
	OK("ipv4", "1.2.3.4", "1.2.3.4"),
	OK("ipv4", " 10.0.0.1 \n", "10.0.0.1"),
	OK("ipv4", "0.0.0.0", "0.0.0.0"),
	OK("ipv4", "255.255.255.255", "255.255.255.255"),
	NO("ipv4", "01.2.3.4"),
	NO("ipv4", "00.1.2.3"),
	NO("ipv4", "1.2.3.04"),
	NO("ipv4", "256.1.1.1"),
	NO("ipv4", "1234.1.1.1"),
	NO("ipv4", "1.2.3"),
	NO("ipv4", "1.2.3.4.5"),
	NO("ipv4", "1.2.3.4."),
	NO("ipv4", ".1.2.3.4"),
	NO("ipv4", "1..2.3"),
	NO("ipv4", "a.b.c.d"),
	NO("ipv4", "1.2.3.-4"),
	NO("ipv4", "0x7f.0.0.1"),
	NO("ipv4", "2130706433"),
	NO("ipv4", "1.2.3.4/32"),
	NO("ipv4", "1 .2.3.4"),
	NO("ipv4", "::1"),
	{ "ipv4", "", NULL, "required" },
	{ "ipv4", " \t ", NULL, "required" },
	{ "ipv4", NULL, NULL, "required" },
	/* ipv6, RFC 5952 */
	OK("ipv6", "2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
	OK("ipv6", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
	OK("ipv6", "2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
	OK("ipv6", "2001:0db8:0000:0000:0000:ff00:0042:8329",
	    "2001:db8::ff00:42:8329"),
	OK("ipv6", "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
	OK("ipv6", "1::2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
	OK("ipv6", "0:0:0:0:0:0:0:0", "::"),
	OK("ipv6", "::", "::"),
	OK("ipv6", "0:0:0:0:0:0:0:1", "::1"),
	OK("ipv6", "1:0:0:0:0:0:0:8", "1::8"),
	OK("ipv6", "1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"),
	OK("ipv6", "1:2:3:4:5:6:0:0", "1:2:3:4:5:6::"),
	OK("ipv6", "FE80::ABCD", "fe80::abcd"),
	OK("ipv6", "::ffff:1.2.3.4", "::ffff:1.2.3.4"),
	OK("ipv6", "::FFFF:0102:0304", "::ffff:1.2.3.4"),
	OK("ipv6", "::1:2", "::1:2"),		/* glibc: ::0.1.0.2 */
	OK("ipv6", "::1.2.3.4", "::102:304"),	/* deprecated compat */
	OK("ipv6", " 2001:db8::1\n", "2001:db8::1"),
	NO("ipv6", "fe80::1%eth0"),
	NO("ipv6", "1.2.3.4"),
	NO("ipv6", "2001:db8::1::1"),
	NO("ipv6", "12345::"),
	NO("ipv6", "2001:db8:::1"),
	NO("ipv6", "[::1]"),
	NO("ipv6", "::ffff:01.2.3.4"),
	NO("ipv6", "g::1"),
	NO("ipv6", "1:2:3:4:5:6:7:8:9"),
	NO("ipv6", "1:2:3:4:5:6:7"),
	NO("ipv6", ":"),
	/* cidr */
	OK("cidr", "10.0.0.0/8", "10.0.0.0/8"),
	OK("cidr", "0.0.0.0/0", "0.0.0.0/0"),
	OK("cidr", "1.2.3.4/32", "1.2.3.4/32"),
	OK("cidr", "192.168.1.128/25", "192.168.1.128/25"),
	OK("cidr", "2001:DB8::/32", "2001:db8::/32"),
	OK("cidr", "2001:db8:0:0:0:0:0:0/48", "2001:db8::/48"),
	OK("cidr", "::/0", "::/0"),
	OK("cidr", "::1/128", "::1/128"),
	OK("cidr", "::ffff:10.0.0.0/104", "::ffff:10.0.0.0/104"),
	NO("cidr", "10.1.2.3/8"),
	NO("cidr", "192.168.1.129/25"),
	NO("cidr", "2001:db8::1/64"),
	NO("cidr", "1.2.3.4/33"),
	NO("cidr", "2001:db8::/129"),
	NO("cidr", "1.2.3.4/"),
	NO("cidr", "1.2.3.4"),
	NO("cidr", "1.2.3.0/024"),
	NO("cidr", "1.2.3.0/-1"),
	NO("cidr", "1.2.3.0/8/8"),
	NO("cidr", "01.0.0.0/8"),
	NO("cidr", "/8"),
	/* domain */
	OK("domain", "Example.COM.", "example.com"),
	OK("domain", "a.b", "a.b"),
	OK("domain", "mail-1.so-noi-vu.khanhhoa.gov.vn",
	    "mail-1.so-noi-vu.khanhhoa.gov.vn"),
	OK("domain", "b\xc3\xbc" "cher.de", "xn--bcher-kva.de"),
	OK("domain", "B\xc3\x9c" "CHER.DE", "xn--bcher-kva.de"),
	OK("domain", "b\xe1\xbb\x99" "c\xc3\xb4ngan.vn",
	    "xn--bcngan-jxa6332d.vn"),			/* bộcôngan.vn */
	OK("domain", "B\xe1\xbb\x98" "C\xc3\x94NGAN.VN",
	    "xn--bcngan-jxa6332d.vn"),			/* BỘCÔNGAN.VN */
	OK("domain", "ch\xc3\xadnhph\xe1\xbb\xa7.vn",
	    "xn--chnhph-4va0152d.vn"),			/* chínhphủ.vn */
	OK("domain", "t\xe1\xbb\x95ng-c\xe1\xbb\xa5" "c.vn",
	    "xn--tng-cc-bn8b6e.vn"),			/* tổng-cục.vn */
	OK("domain", "m\xc3\xb9" "a-xu\xc3\xa2n.vn",
	    "xn--ma-xun-0ta3p.vn"),			/* mùa-xuân.vn */
	OK("domain", "\xd0\x9f\xd0\xa0\xd0\x98\xd0\x9c\xd0\x95\xd0\xa0."
	    "\xd0\xa0\xd0\xa4", "xn--e1afmkfd.xn--p1ai"),	/* ПРИМЕР.РФ */
	OK("domain", "XN--BCHER-KVA.DE", "xn--bcher-kva.de"),
	OK("domain", "xn--p1ai.xn--p1ai", "xn--p1ai.xn--p1ai"),
	OK("domain", "3com.com", "3com.com"),
	OK("domain", "example.c0m", "example.c0m"),
	NO("domain", "localhost"),
	NO("domain", "1.2.3.4"),
	NO("domain", "example.123"),
	NO("domain", "-a.com"),
	NO("domain", "a-.com"),
	NO("domain", "a_b.com"),
	NO("domain", "a..com"),
	NO("domain", ".com"),
	NO("domain", "."),
	NO("domain", "example.com.."),
	NO("domain", "ex ample.com"),
	NO("domain", "*.example.com"),
	NO("domain", "example.com/"),
	NO("domain", "exa\xcc\x81mple.vn"),	/* combining acute */
	NO("domain", "b\xc3\xa4\xcc\x81.vn"),
	NO("domain", "\xc2\xa0.com"),		/* no-break space */
	NO("domain", "a\xe2\x80\x8b" "b.com"),	/* zero-width space */
	NO("domain", "\xf0\x9f\x98\x80.com"),	/* emoji */
	NO("domain", "\xef\xbc\xa1.com"),		/* full-width A */
	NO("domain", "a\xe3\x80\x82" "com"),	/* ideographic full stop */
	NO("domain", "\xff.com"),
	NO("domain", "\xc3.com"),
	NO("domain", "\xed\xa0\x80.com"),		/* surrogate */
	NO("domain", "\xc0\xae.com"),		/* overlong '.' */
	/* url */
	OK("url", "HTTP://Example.COM", "http://example.com/"),
	OK("url", "https://example.com:443/a?b#c",
	    "https://example.com/a?b#c"),
	OK("url", "http://example.com:80", "http://example.com/"),
	OK("url", "http://example.com:8080/x", "http://example.com:8080/x"),
	OK("url", "https://example.com:0443/", "https://example.com/"),
	OK("url", "http://example.com:/", "http://example.com/"),
	OK("url", "ftp://FTP.example.com:21/pub", "ftp://ftp.example.com/pub"),
	OK("url", "ftp://ftp.example.com:80/", "ftp://ftp.example.com:80/"),
	OK("url", "http://example.com/A/B?Q=1&R=%2F",
	    "http://example.com/A/B?Q=1&R=%2F"),
	OK("url", "http://[2001:DB8::1]:8080/", "http://[2001:db8::1]:8080/"),
	OK("url", "http://[::ffff:1.2.3.4]", "http://[::ffff:1.2.3.4]/"),
	OK("url", "http://1.2.3.4/x", "http://1.2.3.4/x"),
	OK("url", "http://user:Pass@Example.com/",
	    "http://user:Pass@example.com/"),
	OK("url", "http://@example.com/", "http://example.com/"),
	OK("url", "http://b\xc3\xbc" "cher.de/\xc3\xa4",
	    "http://xn--bcher-kva.de/\xc3\xa4"),
	OK("url", "http://EVIL.com\\@good.com/",
	    "http://evil.com\\@good.com/"),		/* the host is evil */
	OK("url", "http://example.com?x=1", "http://example.com/?x=1"),
	OK("url", "http://example.com#f", "http://example.com/#f"),
	OK("url", "http://example.com./", "http://example.com/"),
	OK("url", "  https://example.vn/login.php \n",
	    "https://example.vn/login.php"),
	NO("url", "javascript:alert(1)"),
	NO("url", "mailto:a@example.com"),
	NO("url", "file:///etc/passwd"),
	NO("url", "hxxp://example.com/"),
	NO("url", "example.com/path"),
	NO("url", "http:/example.com"),
	NO("url", "http:example.com"),
	NO("url", "http://"),
	NO("url", "http:///path"),
	NO("url", "http://exa mple.com/"),
	NO("url", "http://example.com/a b"),
	NO("url", "http://example.com/a\tb"),
	NO("url", "http://example.com:65536/"),
	NO("url", "http://example.com:0/"),
	NO("url", "http://example.com:x/"),
	NO("url", "http://example.com:80:80/"),
	NO("url", "http://[::1/"),
	NO("url", "http://[fe80::1%25eth0]/"),
	NO("url", "http://[1.2.3.4]/"),
	NO("url", "http://a@b@example.com/"),
	NO("url", "http://us er@example.com/"),
	NO("url", "http://localhost/"),
	NO("url", "http://01.2.3.4/"),
	NO("url", "http://1.2.3/"),
	NO("url", "http://::1/"),
	NO("url", "http://example.com/\xff"),
	/* email */
	OK("email", "User.Name+tag@Example.COM", "User.Name+tag@example.com"),
	OK("email", "a@b\xc3\xbc" "cher.de", "a@xn--bcher-kva.de"),
	OK("email", "x!#$%&'*+-/=?^_`{|}~@example.vn",
	    "x!#$%&'*+-/=?^_`{|}~@example.vn"),
	OK("email", " vanthu@snv.khanhhoa.gov.vn ",
	    "vanthu@snv.khanhhoa.gov.vn"),
	NO("email", "a@b"),
	NO("email", "@example.com"),
	NO("email", "a@"),
	NO("email", "a..b@example.com"),
	NO("email", ".a@example.com"),
	NO("email", "a.@example.com"),
	NO("email", "a b@example.com"),
	NO("email", "\"a b\"@example.com"),
	NO("email", "a@b@example.com"),
	NO("email", "a(b)@example.com"),
	NO("email", "nguy\xe1\xbb\x85n@example.vn"),
	NO("email", "no-at-sign"),
	NO("email", "a@1.2.3.4"),
	NO("email", "a@[1.2.3.4]"),
	/* hashes */
	OK("md5", "D41D8CD98F00B204E9800998ECF8427E",
	    "d41d8cd98f00b204e9800998ecf8427e"),
	OK("sha1", "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709",
	    "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
	OK("sha256",
	    "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
	NO("md5", "d41d8cd98f00b204e9800998ecf8427"),
	NO("md5", "d41d8cd98f00b204e9800998ecf8427e0"),
	NO("md5", "g41d8cd98f00b204e9800998ecf8427e"),
	NO("md5", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
	NO("sha1", "d41d8cd98f00b204e9800998ecf8427e"),
	NO("sha256", "d41d8cd98f00b204e9800998ecf8427e"),
	NO("md5", "d41d8cd9 8f00b204e9800998ecf8427e"),
	/* filename: verbatim */
	OK("filename", "invoice.pdf.exe", "invoice.pdf.exe"),
	OK("filename", " spaced name.txt ", " spaced name.txt "),
	OK("filename", "B\xc3\xa1o c\xc3\xa1o.docx",
	    "B\xc3\xa1o c\xc3\xa1o.docx"),
	OK("filename", "C:\\Windows\\evil.exe", "C:\\Windows\\evil.exe"),
	OK("filename", "...", "..."),
	OK("filename", "fdp\xe2\x80\xae" "exe.scr",
	    "fdp\xe2\x80\xae" "exe.scr"),	/* RLO: evidence, kept */
	NO("filename", "a/b"),
	NO("filename", "a\tb"),
	NO("filename", "a\nb"),
	NO("filename", "\x7f"),
	NO("filename", "a\xc2\x85" "b"),		/* NEL, a C1 control */
	NO("filename", "\xff"),
	NO("filename", "\xc3"),
	NO("filename", "."),
	NO("filename", ".."),
	{ "filename", "", NULL, "required" },
	/* account */
	OK("account", "  Administrator ", "Administrator"),
	OK("account", "CORP\\jdoe", "CORP\\jdoe"),
	OK("account", "nguy\xe1\xbb\x85n.v\xc4\x83n.a",
	    "nguy\xe1\xbb\x85n.v\xc4\x83n.a"),
	OK("account", "root@host", "root@host"),
	NO("account", "a\nb"),
	NO("account", "a\x1b[31m"),
	NO("account", "\xc3"),
	{ "account", "   ", NULL, "required" },
};

Test(domain_observable, vectors)
{
	char out[UC_OBSERVABLE_MAX + 1];
	size_t i;

	for (i = 0; i < NELEM(vecs); i++) {
		const struct vec *v = &vecs[i];
		struct uc_error err = { 0 };
		enum uc_status rc = uc_observable_normalise(v->type, v->in,
		    out, sizeof(out), &err);

		if (v->out != NULL) {
			cr_expect_eq(rc, UC_OK, "%s '%s': refused: %s",
			    v->type, v->in, err.nfields ?
			    err.fields[0].message : "-");
			cr_expect_str_eq(out, v->out, "%s '%s': got '%s'",
			    v->type, v->in, out);
			continue;
		}
		cr_expect_eq(rc, UC_EVALID, "%s '%s': accepted as '%s'",
		    v->type, v->in ? v->in : "(null)", out);
		cr_expect_str_eq(out, "", "%s: out not cleared", v->type);
		cr_expect_eq(err.nfields, 1);
		cr_expect_str_eq(err.fields[0].field, "value");
		cr_expect_str_eq(err.fields[0].code, v->code, "%s '%s': %s",
		    v->type, v->in ? v->in : "(null)", err.fields[0].code);
	}
}

/* Every canonical form normalises to itself. */
Test(domain_observable, idempotent)
{
	char again[UC_OBSERVABLE_MAX + 1];
	size_t i;

	for (i = 0; i < NELEM(vecs); i++) {
		if (vecs[i].out == NULL)
			continue;
		cr_assert_eq(uc_observable_normalise(vecs[i].type,
		    vecs[i].out, again, sizeof(again), NULL), UC_OK);
		cr_expect_str_eq(again, vecs[i].out);
	}
}

/* The message names the problem; for CIDR it names the network. */
struct msg_vec {
	const char *type;
	const char *in;
	const char *needle;
};

static const struct msg_vec msg_vecs[] = {
	{ "cidr", "10.1.2.3/8", "the network is 10.0.0.0/8" },
	{ "cidr", "192.168.1.129/25", "the network is 192.168.1.128/25" },
	{ "cidr", "2001:db8::1/64", "the network is 2001:db8::/64" },
	{ "cidr", "2001:db8:1:2:3:4:5:6/33", "the network is 2001:db8::/33" },
	{ "cidr", "1.2.3.4", "prefix length" },
	{ "ipv4", "01.2.3.4", "leading zero" },
	{ "ipv4", "1.2.3.256", "over 255" },
	{ "ipv6", "fe80::1%eth0", "zone" },
	{ "url", "javascript:alert(1)", "'javascript'" },
	{ "url", "gopher://example.com/", "only http, https and ftp" },
	{ "url", "http://example.com:99999/", "port" },
	{ "url", "http://exa_mple.com/", "URL host" },
	{ "domain", "localhost", "two labels" },
	{ "domain", "example.123", "all-numeric" },
	{ "domain", "exa\xcc\x81mple.vn", "precomposed" },
	{ "email", "a..b@example.com", "local part" },
	{ "email", "a@b", "email domain" },
	{ "md5", "abc", "32 hexadecimal digits" },
	{ "sha256", "abc", "64 hexadecimal digits" },
	{ "filename", "a/b", "'/'" },
	{ "account", "a\x01", "control" },
};

Test(domain_observable, messages)
{
	char out[UC_OBSERVABLE_MAX + 1];
	size_t i;

	for (i = 0; i < NELEM(msg_vecs); i++) {
		struct uc_error err = { 0 };

		cr_assert_eq(uc_observable_normalise(msg_vecs[i].type,
		    msg_vecs[i].in, out, sizeof(out), &err), UC_EVALID);
		cr_expect(strstr(err.fields[0].message,
		    msg_vecs[i].needle) != NULL, "%s: '%s' lacks '%s'",
		    msg_vecs[i].in, err.fields[0].message,
		    msg_vecs[i].needle);
	}
}

Test(domain_observable, types)
{
	struct uc_error err = { 0 };
	char out[64];
	size_t i;

	for (i = 0; uc_observable_types[i] != NULL; i++)
		cr_expect(uc_observable_type_valid(uc_observable_types[i]));
	cr_expect_eq(i, 11);
	cr_expect(!uc_observable_type_valid("ip"));
	cr_expect(!uc_observable_type_valid("IPV4"));
	cr_expect(!uc_observable_type_valid(""));
	cr_expect(!uc_observable_type_valid(NULL));
	cr_expect_eq(uc_observable_normalise("ip", "1.2.3.4", out,
	    sizeof(out), &err), UC_EVALID);
	cr_expect_str_eq(err.fields[0].field, "type");
	cr_expect_str_eq(err.fields[0].code, "enum");
	cr_expect(strstr(err.fields[0].message, "ipv4, ipv6, cidr") != NULL,
	    "%s", err.fields[0].message);
	uc_error_clear(&err);
	cr_expect_eq(uc_observable_normalise(NULL, "1.2.3.4", out,
	    sizeof(out), &err), UC_EVALID);
	cr_expect_str_eq(err.fields[0].field, "type");
}

/* A buffer one byte short is refused and left empty; exact fits. */
Test(domain_observable, small_buffers)
{
	struct uc_error err = { 0 };
	char out[32];

	memset(out, 'x', sizeof(out));
	cr_expect_eq(uc_observable_normalise("ipv6", "2001:DB8::1", out, 11,
	    &err), UC_ETOOBIG);
	cr_expect_str_eq(out, "");
	cr_expect_eq(out[1], 'x');
	cr_expect_eq(uc_observable_normalise("ipv6", "2001:DB8::1", out, 12,
	    NULL), UC_OK);
	cr_expect_str_eq(out, "2001:db8::1");
	cr_expect_eq(uc_observable_normalise("ipv4", "1.2.3.4", NULL, 0,
	    NULL), UC_ETOOBIG);
	cr_expect_eq(uc_observable_normalise("ipv4", "1.2.3.400", NULL, 0,
	    NULL), UC_EVALID);
	cr_expect_eq(uc_observable_normalise("md5",
	    "D41D8CD98F00B204E9800998ECF8427E", out, 1, NULL), UC_ETOOBIG);
	cr_expect_str_eq(out, "");
}

/* out may be value's own buffer. */
Test(domain_observable, in_place)
{
	char buf[UC_OBSERVABLE_MAX + 1] = "  B\xc3\x9c" "CHER.DE. ";

	cr_assert_eq(uc_observable_normalise("domain", buf, buf, sizeof(buf),
	    NULL), UC_OK);
	cr_expect_str_eq(buf, "xn--bcher-kva.de");
	snprintf(buf, sizeof(buf), "2001:DB8:0:0:0:0:0:1");
	cr_assert_eq(uc_observable_normalise("ipv6", buf, buf, sizeof(buf),
	    NULL), UC_OK);
	cr_expect_str_eq(buf, "2001:db8::1");
}

static char *
repeat(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

static int
accepted(const char *type, const char *value)
{
	char out[UC_OBSERVABLE_MAX + 1];

	return uc_observable_normalise(type, value, out, sizeof(out),
	    NULL) == UC_OK;
}

Test(domain_observable, lengths)
{
	char a[64], b[64], c[64], d[64], s[UC_OBSERVABLE_INPUT_MAX + 8];
	char t[UC_OBSERVABLE_INPUT_MAX + 8];

	repeat(a, 'a', 63);
	repeat(b, 'b', 63);
	repeat(c, 'c', 63);
	snprintf(s, sizeof(s), "%s.vn", a);
	cr_expect(accepted("domain", s), "63-byte label");
	snprintf(s, sizeof(s), "%sa.vn", a);
	cr_expect(!accepted("domain", s), "64-byte label");
	snprintf(s, sizeof(s), "%s.%s.%s.%s", a, b, c, repeat(d, 'd', 61));
	cr_expect(accepted("domain", s), "253 bytes");
	snprintf(s, sizeof(s), "%s.%s.%s.%s", a, b, c, repeat(d, 'd', 62));
	cr_expect(!accepted("domain", s), "254 bytes");
	snprintf(s, sizeof(s), "%s@example.vn", repeat(t, 'u', 64));
	cr_expect(accepted("email", s), "64-byte local part");
	snprintf(s, sizeof(s), "%s@example.vn", repeat(t, 'u', 65));
	cr_expect(!accepted("email", s), "65-byte local part");
	snprintf(s, sizeof(s), "http://example.vn/%s", repeat(t, 'p', 2047));
	cr_expect(accepted("url", s), "2048-byte path");
	snprintf(s, sizeof(s), "http://example.vn/%s", repeat(t, 'p', 2048));
	cr_expect(!accepted("url", s), "2049-byte path");
	cr_expect(accepted("filename", repeat(t, 'f', 255)));
	cr_expect(!accepted("filename", repeat(t, 'f', 256)));
	cr_expect(accepted("account", repeat(t, 'u', 256)));
	cr_expect(!accepted("account", repeat(t, 'u', 257)));
	cr_expect(!accepted("account", repeat(t, 'u',
	    UC_OBSERVABLE_INPUT_MAX + 1)));
}

/* The longest URL the limits allow still fits UC_OBSERVABLE_MAX. */
Test(domain_observable, longest_url)
{
	char a[64], b[64], c[64], d[64], ui[300], path[2100];
	char s[UC_OBSERVABLE_INPUT_MAX + 1], out[UC_OBSERVABLE_MAX + 1];
	struct uc_error err = { 0 };

	repeat(a, 'a', 63);
	repeat(b, 'b', 63);
	repeat(c, 'c', 63);
	repeat(d, 'd', 61);
	repeat(ui, 'u', 256);
	repeat(path, 'p', 2047);
	snprintf(s, sizeof(s), "https://%s@%s.%s.%s.%s:65535/%s", ui, a, b,
	    c, d, path);
	cr_assert_eq(uc_observable_normalise("url", s, out, sizeof(out),
	    &err), UC_OK, "%s", err.nfields ? err.fields[0].message : "-");
	cr_expect_str_eq(out, s);
	cr_expect_leq(strlen(out), UC_OBSERVABLE_MAX);
}

/* RFC 3492 7.1 sample strings: (A), (B), (D), (L), (R), (S). */
struct puny_vec {
	uint32_t cp[24];
	size_t n;
	const char *out;
};

static const struct puny_vec puny_vecs[] = {
	{ { 0x644, 0x64a, 0x647, 0x645, 0x627, 0x628, 0x62a, 0x643, 0x644,
	    0x645, 0x648, 0x634, 0x639, 0x631, 0x628, 0x64a, 0x61f }, 17,
	  "egbpdaj6bu4bxfgehfvwxn" },
	{ { 0x4ed6, 0x4eec, 0x4e3a, 0x4ec0, 0x4e48, 0x4e0d, 0x8bf4, 0x4e2d,
	    0x6587 }, 9, "ihqwcrb4cv8a8dqg056pqjye" },
	{ { 0x50, 0x72, 0x6f, 0x10d, 0x70, 0x72, 0x6f, 0x73, 0x74, 0x11b,
	    0x6e, 0x65, 0x6d, 0x6c, 0x75, 0x76, 0xed, 0x10d, 0x65, 0x73,
	    0x6b, 0x79 }, 22, "Proprostnemluvesky-uyb24dma41a" },
	{ { 0x33, 0x5e74, 0x42, 0x7d44, 0x91d1, 0x516b, 0x5148, 0x751f }, 8,
	  "3B-ww4c5e180e575a65lsy2b" },
	{ { 0x305d, 0x306e, 0x30b9, 0x30d4, 0x30fc, 0x30c9, 0x3067 }, 7,
	  "d9juau41awczczp" },
	{ { 0x2d, 0x3e, 0x20, 0x24, 0x31, 0x2e, 0x30, 0x30, 0x20, 0x3c,
	    0x2d }, 11, "-> $1.00 <--" },
	{ { 0x62, 0x1ed9, 0x63, 0xf4, 0x6e, 0x67, 0x61, 0x6e }, 8,
	  "bcngan-jxa6332d" },			/* bộcôngan */
	{ { 0x62, 0xfc, 0x63, 0x68, 0x65, 0x72 }, 6, "bcher-kva" },
};

Test(domain_observable, punycode)
{
	char out[64];
	size_t i;
	int len;

	for (i = 0; i < NELEM(puny_vecs); i++) {
		len = puny_encode(puny_vecs[i].cp, puny_vecs[i].n, out,
		    (int)sizeof(out) - 1);
		cr_assert_geq(len, 0, "%s", puny_vecs[i].out);
		out[len] = '\0';
		cr_expect_str_eq(out, puny_vecs[i].out);
		/* one byte short of room is an error, never an overflow */
		cr_expect_eq(puny_encode(puny_vecs[i].cp, puny_vecs[i].n,
		    out, len - 1), -1);
	}
}

/* n Vietnamese letters U+1EA1, U+1EA3, ... (ạ ả ấ ...) and ".vn". */
static char *
vn_label(char *s, int n)
{
	int i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned cp = 0x1ea1 + 2 * (unsigned)i;

		s[o++] = (char)(0xe0 | cp >> 12);
		s[o++] = (char)(0x80 | (cp >> 6 & 0x3f));
		s[o++] = (char)(0x80 | (cp & 0x3f));
	}
	memcpy(s + o, ".vn", 4);
	return s;
}

/* 34 such letters encode to 62 bytes with "xn--" (as Python's codec
 * says); 35 to 64, which a label cannot hold. */
Test(domain_observable, long_idn_label)
{
	char s[256], out[UC_OBSERVABLE_MAX + 1];

	cr_assert_eq(uc_observable_normalise("domain", vn_label(s, 34), out,
	    sizeof(out), NULL), UC_OK);
	cr_expect_str_eq(out, "xn--nkgegikmoqsuwy0a2a4a6a8azb0b2b4b5b7b9bwcyc"
	    "0c0c2c4c4c6c8c8c.vn");
	cr_expect(!accepted("domain", vn_label(s, 35)));
	cr_expect(!accepted("domain", vn_label(s, 64)));
}

/* glibc's inet_ntop, where it agrees with RFC 5952, gives the same. */
Test(domain_observable, ipv6_matches_inet_ntop)
{
	static const char *const in[] = { "2001:db8::1", "2001:db8:0:0:1::1",
		"fe80::1:2:3:4", "::", "::1", "1::", "1:2:3:4:5:6:7:8",
		"2001:db8:0:1:1:1:1:1", "::ffff:10.1.2.3", "1:0:0:2:0:0:0:3" };
	char ours[UC_OBSERVABLE_MAX + 1], libc[INET6_ADDRSTRLEN];
	unsigned char a[16];
	size_t i;

	for (i = 0; i < NELEM(in); i++) {
		cr_assert_eq(inet_pton(AF_INET6, in[i], a), 1);
		cr_assert_not_null(inet_ntop(AF_INET6, a, libc, sizeof(libc)));
		cr_assert_eq(uc_observable_normalise("ipv6", in[i], ours,
		    sizeof(ours), NULL), UC_OK);
		cr_expect_str_eq(ours, libc);
	}
}

struct guess_vec {
	const char *in;
	const char *type;	/* NULL: no guess */
};

static const struct guess_vec guess_vecs[] = {
	{ "d41d8cd98f00b204e9800998ecf8427e", "md5" },
	{ "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "sha1" },
	{ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	  "sha256" },
	{ "https://example.vn/a", "url" },
	{ "10.0.0.0/8", "cidr" },
	{ "2001:db8::/32", "cidr" },
	{ "1.2.3.4", "ipv4" },
	{ " 1.2.3.4 ", "ipv4" },
	{ "2001:db8::1", "ipv6" },
	{ "a@example.vn", "email" },
	{ "evil.exe", "filename" },
	{ "invoice.PDF", "filename" },
	{ "payload.zip", "filename" },
	{ "report 2026.docx", "filename" },
	{ "example.com", "domain" },
	{ "b\xe1\xbb\x99" "c\xc3\xb4ngan.vn", "domain" },
	{ "CORP\\jdoe", "account" },
	{ "hello", NULL },
	{ "1.2.3.04", NULL },
	{ "10.1.2.3/8", NULL },
	{ "", NULL },
	{ NULL, NULL },
};

Test(domain_observable, guess)
{
	char out[UC_OBSERVABLE_MAX + 1];
	const char *got;
	size_t i;

	for (i = 0; i < NELEM(guess_vecs); i++) {
		got = uc_observable_guess(guess_vecs[i].in);
		if (guess_vecs[i].type == NULL) {
			cr_expect_null(got, "%s: %s", guess_vecs[i].in, got);
			continue;
		}
		cr_assert_not_null(got, "%s", guess_vecs[i].in);
		cr_expect_str_eq(got, guess_vecs[i].type, "%s",
		    guess_vecs[i].in);
		cr_expect(uc_observable_type_valid(got));
		cr_expect_eq(uc_observable_normalise(got, guess_vecs[i].in, out,
		    sizeof(out), NULL), UC_OK);
	}
}
