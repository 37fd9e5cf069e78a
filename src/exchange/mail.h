/*
 * mail.h - one email out through SMTP (libcurl): a MIME
 * multipart/alternative message in UTF-8, plain text and HTML, built
 * here and handed to one server for one recipient.
 *
 * No database and no retries: the outbox (service/outbox.c) decides
 * when to try again. uc_mail_send returns UC_OK only once the server
 * has accepted the message (its 250 after DATA), so a message is never
 * counted as delivered before it is.
 */
#ifndef UC_MAIL_H
#define UC_MAIL_H

#include "core/status.h"

#include <stdint.h>

/* Where and how mail leaves; borrowed strings, read-only once set. */
struct uc_mail_server {
	const char *url;	/* smtp://host:port, smtps://host:port */
	const char *user;	/* NULL or "": no AUTH */
	const char *password;
	int tls_required;	/* STARTTLS must succeed; else when offered */
	const char *ca_file;	/* NULL: the system's certificate store */
	const char *from;	/* envelope sender and From: address */
	const char *from_name;	/* From: display name (UTF-8), may be NULL */
	long timeout_ms;	/* the whole exchange with the server */
};

/* An extra header: ASCII name; value encoded when it is not ASCII. */
struct uc_mail_header {
	const char *name;
	const char *value;
};

#define UC_MAIL_HEADERS 8

struct uc_mail {
	const char *to;		/* one address */
	const char *to_name;	/* display name (UTF-8), may be NULL */
	const char *subject;	/* UTF-8 */
	const char *text;	/* UTF-8 plain text, "\n" lines */
	const char *html;	/* UTF-8 HTML; NULL or "": text only */
	int64_t date_ms;	/* Date:, shown in Asia/Ho_Chi_Minh */
	const char *message_id;	/* without the <>: "x.1@host" */
	struct uc_mail_header headers[UC_MAIL_HEADERS];
	int nheaders;
};

/*
 * The message as it goes on the wire (CRLF lines, base64 bodies, RFC
 * 2047 headers). *out is the caller's (uc_free). UC_EINVAL when an
 * address or a header could break the message (CR, LF, <, >).
 */
enum uc_status uc_mail_build(const struct uc_mail_server *srv,
    const struct uc_mail *m, char **out /* OUT */, struct uc_error *err)
    UC_WUR;

/*
 * Send m. UC_OK once the server accepted it; otherwise UC_EIO with the
 * server's reply in err, and *permanent set when the server refused it
 * for good (a 5xx reply other than to authentication).
 */
enum uc_status uc_mail_send(const struct uc_mail_server *srv,
    const struct uc_mail *m, int *permanent /* OUT */,
    struct uc_error *err) UC_WUR;

/* "Tue, 21 Nov 2026 14:00:00 +0700" for an instant; buf of 40 bytes. */
void uc_mail_date(int64_t ms, char *buf, size_t len);

#endif
