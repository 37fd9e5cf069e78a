/*
 * json.h - decoding request bodies into checked JSON objects.
 *
 * Before jansson sees the bytes, a scan refuses nesting deeper than
 * --max-depth; after, a walk refuses arrays longer than --max-array.
 * A field spec then refuses unknown fields, wrong types and missing
 * required fields, naming each.
 */
#ifndef UC_JSON_H
#define UC_JSON_H

#include "core/status.h"

#include <jansson.h>
#include <stddef.h>

enum uc_jtype { UC_JSTR, UC_JINT, UC_JBOOL, UC_JARRAY, UC_JOBJ };

struct uc_jfield {
	const char *name;
	enum uc_jtype type;
	int required;
	int nullable;			/* JSON null accepted (= absent) */
	const struct uc_jfield *items;	/* fields of a UC_JOBJ, or of each
					 * object of a UC_JARRAY */
};

/* Deepest nesting of the JSON text (bounded scan, strings skipped). */
size_t uc_json_depth(const char *text, size_t len);
/* Parse text into a JSON value within the caps. */
enum uc_status uc_json_parse(const char *text, size_t len, size_t max_depth,
    size_t max_array, json_t **out, struct uc_error *err) UC_WUR;
/* Check an object against a spec (NULL-name terminated). Null values of
 * nullable fields are removed so services see them as absent. */
enum uc_status uc_json_check(json_t *obj, const struct uc_jfield *spec,
    const char *prefix, struct uc_error *err) UC_WUR;

#endif
