/*
 * json.c - see json.h.
 */
#include "http/json.h"

#include <stdio.h>
#include <string.h>

size_t
uc_json_depth(const char *text, size_t len)
{
	size_t i, depth = 0, max = 0;
	int in_str = 0;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return max;
}

static int
arrays_within(json_t *j, size_t max)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_array(j)) {
		if (json_array_size(j) > max)
			return 0;
		json_array_foreach(j, i, v)
			if (!arrays_within(v, max))
				return 0;
	} else if (json_is_object(j)) {
		json_object_foreach(j, k, v)
			if (!arrays_within(v, max))
				return 0;
	}
	return 1;
}

enum uc_status
uc_json_parse(const char *text, size_t len, size_t max_depth,
    size_t max_array, json_t **out, struct uc_error *err)
{
	json_error_t je;
	json_t *j;

	*out = NULL;
	if (uc_json_depth(text, len) > max_depth) {
		uc_error_set(err, UC_EINVAL, "the JSON body nests deeper "
		    "than %zu levels", max_depth);
		uc_error_field(err, "body", "range", "nesting too deep");
		err->code = UC_EINVAL;
		return UC_EINVAL;
	}
	j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (j == NULL) {
		uc_error_set(err, UC_EINVAL, "the body is not valid JSON: %s "
		    "(at byte %d)", je.text, je.position);
		uc_error_field(err, "body", "format", "%s", je.text);
		err->code = UC_EINVAL;
		return UC_EINVAL;
	}
	if (!arrays_within(j, max_array)) {
		json_decref(j);
		uc_error_set(err, UC_EINVAL, "a JSON array is longer than %zu "
		    "items", max_array);
		uc_error_field(err, "body", "range", "array too long");
		err->code = UC_EINVAL;
		return UC_EINVAL;
	}
	*out = j;
	return UC_OK;
}

static int
type_ok(json_t *v, enum uc_jtype t)
{
	switch (t) {
	case UC_JSTR:
		return json_is_string(v);
	case UC_JINT:
		return json_is_integer(v);
	case UC_JBOOL:
		return json_is_boolean(v);
	case UC_JARRAY:
		return json_is_array(v);
	case UC_JOBJ:
		return json_is_object(v);
	}
	return 0;
}

static const char *
type_name(enum uc_jtype t)
{
	static const char *names[] = { "a string", "an integer",
		"true or false", "an array", "an object" };

	return names[t];
}

static const struct uc_jfield *
find(const struct uc_jfield *spec, const char *name)
{
	for (; spec->name != NULL; spec++)
		if (strcmp(spec->name, name) == 0)
			return spec;
	return NULL;
}

static enum uc_status
check_items(json_t *arr, const struct uc_jfield *f, const char *path,
    struct uc_error *err)
{
	char sub[96];
	json_t *v;
	size_t i;
	enum uc_status rc = UC_OK;

	json_array_foreach(arr, i, v) {
		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		if (!json_is_object(v))
			rc = uc_error_field(err, sub, "type", "%s must be an "
			    "object", sub);
		else if (uc_json_check(v, f->items, sub, err) != UC_OK)
			rc = UC_EVALID;
	}
	return rc;
}

static enum uc_status
check_present(json_t *obj, const struct uc_jfield *spec, const char *prefix,
    struct uc_error *err)
{
	enum uc_status rc = UC_OK;
	char path[96];

	for (; spec->name != NULL; spec++) {
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ?
		    "." : "", spec->name);
		if (spec->required && json_object_get(obj, spec->name) ==
		    NULL)
			rc = uc_error_field(err, path, "required",
			    "%s is required", path);
	}
	return rc;
}

enum uc_status
uc_json_check(json_t *obj, const struct uc_jfield *spec, const char *prefix,
    struct uc_error *err)
{
	const struct uc_jfield *f;
	enum uc_status rc = UC_OK;
	const char *k;
	char path[96];
	json_t *v;
	void *tmp;

	if (!json_is_object(obj)) {
		uc_error_field(err, *prefix ? prefix : "body", "type",
		    "expected a JSON object");
		return UC_EVALID;
	}
	json_object_foreach_safe(obj, tmp, k, v) {
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ?
		    "." : "", k);
		if ((f = find(spec, k)) == NULL)
			rc = uc_error_field(err, path, "unknown_field",
			    "%s is not a field of this resource", path);
		else if (json_is_null(v) && f->nullable)
			json_object_del(obj, k);
		else if (!type_ok(v, f->type))
			rc = uc_error_field(err, path, "type", "%s must be %s",
			    path, type_name(f->type));
		else if (f->type == UC_JARRAY && f->items != NULL &&
		    check_items(v, f, path, err) != UC_OK)
			rc = UC_EVALID;
		else if (f->type == UC_JOBJ && f->items != NULL &&
		    uc_json_check(v, f->items, path, err) != UC_OK)
			rc = UC_EVALID;
	}
	if (check_present(obj, spec, prefix, err) != UC_OK)
		rc = UC_EVALID;
	return rc;
}
