/*
 * upload.h - the glue of a streamed file upload (UC_R_STREAM routes)
 * and of the download of a stored file, shared by the routes that take
 * files: an incident's evidence (api/evidence.c) and a system's
 * dossier (api/system.c).
 *
 * An upload is one multipart/form-data body with one part named
 * "file" (it must carry a filename) and a few text fields, each sent
 * at most once. The form says which fields exist and how the file
 * reaches its store; uc_upload_start installs the sink: the file part
 * goes straight to form->write as it arrives, the text fields into
 * small capped buffers, and at the end form->finish gets the values
 * and makes the object, answered 201 with a Location. See
 * docs/internals/evidence.md, "Uploads: the streaming model".
 */
#ifndef UC_API_UPLOAD_H
#define UC_API_UPLOAD_H

#include "core/status.h"
#include "http/request.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define UC_UPLOAD_FIELDS_MAX 6	/* text fields of a form */

/* What the file part said and the text fields (arena); a field not
 * sent is NULL. values[i] belongs to form->fields[i]. */
struct uc_upload_values {
	const char *filename;
	const char *content_type;
	const char *values[UC_UPLOAD_FIELDS_MAX];
};

/*
 * One kind of upload. The callbacks get the state that open made:
 * open checks access and what the request names (params) and makes
 * it; file starts the file; write appends (UC_ETOOBIG past
 * *file_max); finish checks the values, stores the file and records
 * it, *out the new object (with "id"); free releases the state (and
 * an unstored file), whatever happened, once.
 */
struct uc_upload_form {
	const char *const *fields;	/* text field names, NULL-ended */
	const char *what;	/* "the evidence": messages */
	const int64_t *file_max;	/* bytes of the file */
	/* the refusal of a body without a file part: UC_EINVAL (400,
	 * evidence, as it always was) or UC_EVALID (422) */
	enum uc_status no_file;
	enum uc_status (*open)(struct uc_req *req, void **state,
	    struct uc_error *err);
	enum uc_status (*file)(void *state, struct uc_error *err);
	enum uc_status (*write)(void *state, const void *p, size_t n,
	    struct uc_error *err);
	enum uc_status (*finish)(struct uc_req *req, void *state,
	    const struct uc_upload_values *v, json_t **out,
	    struct uc_error *err);
	void (*free)(void *state);
};

/* The route's handler: install the sink, open the state, check the
 * framing (415) and a declared length (413). The form must outlive
 * the request (static). */
enum uc_status uc_upload_start(struct uc_req *req,
    const struct uc_upload_form *form, struct uc_error *err) UC_WUR;

/* Reply 200 with a stored file: the verified descriptor fd (taken)
 * of size bytes, as application/octet-stream (never the type the
 * uploader claimed), Content-Disposition: attachment with meta's
 * "filename" and Repr-Digest from its "sha256". */
void uc_upload_serve(struct uc_req *req, int fd, int64_t size,
    json_t *meta);

#endif
