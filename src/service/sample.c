/*
 * sample.c - see sample.h. Everything goes through the unit and user
 * services, so the sample passes the same rules and audit log as any
 * other change.
 */
#include "service/sample.h"
#include "service/unit.h"
#include "service/user.h"
#include "store/store.h"

#include <string.h>

struct sample_unit {
	const char *code, *parent, *name, *kind, *symbol, *supervising;
	const char *prefix, *title, *signer;
};

static const struct sample_unit units[] = {
	{ "CAT", "HY", "Công an tỉnh Hưng Yên", "department", "CAT",
	  "UBND TỈNH HƯNG YÊN", "KT.", "GIÁM ĐỐC", "" },
	{ "PA05", "CAT", "Phòng An ninh mạng và phòng, chống tội phạm sử "
	  "dụng công nghệ cao", "office", "PA05", "CÔNG AN TỈNH HƯNG YÊN",
	  "", "TRƯỞNG PHÒNG", "" },
	{ "SKHCN", "HY", "Sở Khoa học và Công nghệ", "department", "SKHCN",
	  "UBND TỈNH HƯNG YÊN", "KT.", "GIÁM ĐỐC", "" },
	{ "TTDL", "SKHCN", "Trung tâm Dữ liệu và Chuyển đổi số", "agency",
	  "TTDL", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "", "GIÁM ĐỐC", "" },
	{ "SNV", "HY", "Sở Nội vụ", "department", "SNV",
	  "UBND TỈNH HƯNG YÊN", "KT.", "GIÁM ĐỐC", "" },
	{ "SNV-VP", "SNV", "Văn phòng Sở Nội vụ", "office", "VP",
	  "SỞ NỘI VỤ", "", "CHÁNH VĂN PHÒNG", "" },
	{ "SNV-PC", "SNV", "Phòng Pháp chế", "office", "PC", "SỞ NỘI VỤ",
	  "", "TRƯỞNG PHÒNG", "" },
	{ "XA-NT", "HY", "Ủy ban nhân dân xã Nghĩa Trụ", "commune", "UBND",
	  "TỈNH HƯNG YÊN", "TM.", "CHỦ TỊCH", "" },
	{ "XA-PC", "HY", "Ủy ban nhân dân xã Phụng Công", "commune", "UBND",
	  "TỈNH HƯNG YÊN", "TM.", "CHỦ TỊCH", "" },
};

struct sample_user {
	const char *login, *name, *home, *role, *role_unit;
};

static const struct sample_user users[] = {
	{ "dieuphoi", "Nguyễn Văn Điều", "PA05", "coordinator", "HY" },
	{ "bcd", "Trần Thị Bình", "HY", "steering", "HY" },
	{ "kiemtra", "Lê Văn Kiểm", "HY", "auditor", "HY" },
	{ "doiungcuu", "Phạm Minh Đội", "TTDL", "member", "HY" },
	{ "lanhdao.snv", "Hoàng Thị Lan", "SNV", "leader", "SNV" },
	{ "vanhanh.snv", "Vũ Văn Hành", "SNV", "operator", "SNV" },
	{ "vanhanh.xa", "Đỗ Thị Xuân", "XA-NT", "operator", "XA-NT" },
	{ "quantri.snv", "Bùi Quang Trị", "SNV", "admin", "SNV" },
};

static enum uc_status
add_unit(struct uc_ctx *ctx, const char *parent, json_t *j_u,
    struct uc_error *err)
{
	json_t *j_out = NULL;
	int64_t pid = 0;
	enum uc_status rc = UC_OK;

	if (parent != NULL)
		rc = uc_unit_find(ctx, parent, &pid, err);
	if (rc == UC_OK && pid != 0)
		json_object_set_new(j_u, "parent_id", json_integer(pid));
	if (rc == UC_OK)
		rc = uc_unit_create(ctx, j_u, &j_out, err);
	json_decref(j_out);
	json_decref(j_u);
	return rc;
}

static enum uc_status
add_user(struct uc_ctx *ctx, const char *login, const char *name,
    const char *home, const char *role, const char *role_unit,
    const char *pw, struct uc_error *err)
{
	json_t *j_u, *j_out = NULL;
	int64_t hid = 0, rid = 0;
	enum uc_status rc;

	rc = uc_unit_find(ctx, home, &hid, err);
	if (rc == UC_OK)
		rc = uc_unit_find(ctx, role_unit, &rid, err);
	if (rc != UC_OK)
		return rc;
	j_u = json_pack("{ss ss sI ss s[{ss sI}]}", "login", login,
	    "full_name", name, "unit_id", (json_int_t)hid, "password", pw,
	    "roles", "role", role, "unit_id", (json_int_t)rid);
	rc = uc_user_create(ctx, j_u, &j_out, err);
	json_decref(j_u);
	json_decref(j_out);
	return rc;
}

/* The plan's parties bound to the sample's units (Hung Yen 95/KH-UBND:
 * PA05 is the standing body of the team, the data centre the specialised
 * unit, the provincial UBND the owner and the steering board). */
static const struct {
	const char *party, *unit;
} bindings[] = {
	{ "owner", "HY" }, { "steering_board", "HY" },
	{ "ir_unit", "TTDL" }, { "team", "PA05" },
	{ "security_unit", "PA05" }, { "police", "PA05" },
};

static enum uc_status
bind_parties(struct uc_ctx *ctx, struct uc_error *err)
{
	enum uc_status rc = UC_OK;

	for (size_t i = 0; rc == UC_OK && i < sizeof(bindings) /
	    sizeof(*bindings); i++)
		rc = uc_store_run(ctx->st, NULL, err, "INSERT INTO"
		    " party_bindings (party, unit_id) SELECT ?, id FROM units"
		    " WHERE code = ?", "ss", bindings[i].party,
		    bindings[i].unit);
	return rc;
}

static enum uc_status
add_sample(struct uc_ctx *ctx, const char *pw, struct uc_error *err)
{
	const struct sample_unit *u;
	const struct sample_user *p;
	enum uc_status rc = UC_OK;
	size_t i;

	for (i = 0; rc == UC_OK && i < sizeof(units) / sizeof(*units); i++) {
		u = &units[i];
		rc = add_unit(ctx, u->parent, json_pack("{ss ss ss ss ss ss "
		    "ss ss}", "code", u->code, "name", u->name, "kind",
		    u->kind, "symbol", u->symbol, "supervising_name",
		    u->supervising, "signer_prefix", u->prefix,
		    "signer_title", u->title, "signer_name", u->signer), err);
	}
	for (i = 0; rc == UC_OK && i < sizeof(users) / sizeof(*users); i++) {
		p = &users[i];
		rc = add_user(ctx, p->login, p->name, p->home, p->role,
		    p->role_unit, pw, err);
	}
	return rc == UC_OK ? bind_parties(ctx, err) : rc;
}

enum uc_status
uc_sample_init(struct uc_ctx *ctx, int sample, const char *root_name,
    const char *admin_pw, const char *sample_pw, struct uc_error *err)
{
	const char *root = sample ? "HY" : "ROOT";
	enum uc_status rc;

	rc = add_unit(ctx, NULL, sample ? json_pack("{ss ss ss ss ss ss "
	    "ss}", "code", root, "name", "Ủy ban nhân dân tỉnh Hưng Yên",
	    "kind", "province", "symbol", "UBND", "address",
	    "Tỉnh Hưng Yên", "signer_prefix", "KT.", "signer_title",
	    "CHỦ TỊCH") : json_pack("{ss ss ss}", "code", root, "name",
	    root_name, "kind", "province"), err);
	if (rc == UC_OK)
		rc = add_user(ctx, "admin", "Quản trị hệ thống", root, "admin",
		    root, admin_pw, err);
	if (rc == UC_OK && sample)
		rc = add_sample(ctx, sample_pw, err);
	return rc;
}

enum uc_status
uc_sample_initialised(struct uc_ctx *ctx, int *yes, struct uc_error *err)
{
	struct uc_stmt *s = NULL;
	enum uc_status rc;

	*yes = 0;
	rc = uc_store_query(ctx->st, &s, err, "SELECT 1 FROM users LIMIT 1",
	    "");
	if (rc == UC_OK)
		rc = uc_stmt_step(s, yes, err);
	uc_stmt_done(s);
	return rc;
}
