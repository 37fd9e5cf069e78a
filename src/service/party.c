/*
 * party.c - see party.h.
 */
#include "service/party.h"
#include "domain/rulepack.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/incident.h"
#include "service/unit.h"
#include "store/store.h"

#include <string.h>

/* Settings of the whole instance: unit.write at the root. */
static enum uc_status
may_configure(struct uc_ctx *ctx, struct uc_error *err)
{
	return uc_access_path(ctx, UC_PERM_UNIT_WRITE, "/", err);
}

static enum uc_status
bound(struct uc_ctx *ctx, const char *party, json_t *j,
    struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;
	int row = 0;

	rc = uc_store_query(ctx->st, &s, err, "SELECT u.id, u.code, u.name"
	    " FROM party_bindings b JOIN units u ON u.id = b.unit_id WHERE"
	    " b.party = ?", "s", party);
	if (rc == UC_OK)
		rc = uc_stmt_step(s, &row, err);
	json_object_set_new(j, "unit_id", row ? json_integer(uc_stmt_i64(s,
	    0)) : json_null());
	json_object_set_new(j, "unit_code", row ? json_string(uc_stmt_text(s,
	    1)) : json_null());
	json_object_set_new(j, "unit_name", row ? json_string(uc_stmt_text(s,
	    2)) : json_null());
	uc_stmt_done(s);
	return rc;
}

enum uc_status
uc_party_list(struct uc_ctx *ctx, json_t **out, struct uc_error *err)
{
	const struct uc_rulepack *pack;
	enum uc_status rc;
	json_t *a, *j;

	*out = NULL;
	if ((rc = uc_incident_pack(ctx, &pack, err)) != UC_OK)
		return rc;
	a = json_array();
	for (size_t i = 0; rc == UC_OK && i < pack->nparties; i++) {
		j = json_pack("{ss ss ss}", "party", pack->parties[i].code,
		    "label_vi", pack->parties[i].vi, "label_en",
		    pack->parties[i].en);
		rc = bound(ctx, pack->parties[i].code, j, err);
		json_array_append_new(a, j);
	}
	if (rc != UC_OK) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return UC_OK;
}

static enum uc_status
bind_tx(struct uc_ctx *ctx, const char *party, const char *code,
    struct uc_error *err)
{
	int64_t unit = 0;
	enum uc_status rc;

	rc = uc_store_run(ctx->st, NULL, err, "DELETE FROM party_bindings"
	    " WHERE party = ?", "s", party);
	if (rc == UC_OK && code != NULL && *code != '\0') {
		rc = uc_unit_find(ctx, code, &unit, err);
		if (rc == UC_OK)
			rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
			    " party_bindings (party, unit_id) VALUES (?, ?)",
			    "si", party, unit);
	}
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "party.bind", "party", party, unit,
		    NULL, NULL, err);
	return rc;
}

enum uc_status
uc_party_bind(struct uc_ctx *ctx, const char *party, const char *code,
    struct uc_error *err)
{
	const struct uc_rulepack *pack;
	enum uc_status rc;

	rc = may_configure(ctx, err);
	if (rc == UC_OK)
		rc = uc_incident_pack(ctx, &pack, err);
	if (rc != UC_OK)
		return rc;
	if (party == NULL || uc_rulepack_party(pack, party) == NULL)
		return uc_error_field(err, "party", "enum", "'%s' is not a "
		    "party of rule pack %s", party ? party : "", pack->id);
	if ((rc = uc_store_begin(ctx->st, err)) != UC_OK)
		return rc;
	rc = bind_tx(ctx, party, code, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}

enum uc_status
uc_party_use_pack(struct uc_ctx *ctx, const char *id, struct uc_error *err)
{
	const struct uc_rulepack *pack = NULL;
	struct uc_error e2;
	enum uc_status rc;

	uc_error_clear(&e2);
	rc = may_configure(ctx, err);
	if (rc == UC_OK && (id == NULL || uc_rulepack_get(id, &pack, &e2) !=
	    UC_OK))
		return uc_error_field(err, "rulepack", "enum", "no rule pack "
		    "'%s'", id ? id : "");
	if (rc == UC_OK)
		rc = uc_store_begin(ctx->st, err);
	if (rc != UC_OK)
		return rc;
	rc = uc_store_run(ctx->st, NULL, err, "UPDATE settings SET value = ?"
	    " WHERE key = 'rulepack'", "s", pack->id);
	if (rc == UC_OK)
		rc = uc_audit_record(ctx, "settings.rulepack", "settings",
		    pack->id, 0, NULL, NULL, err);
	if (rc == UC_OK)
		rc = uc_store_commit(ctx->st, err);
	uc_store_rollback(ctx->st);
	return rc;
}
