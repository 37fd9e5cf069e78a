/*
 * perm.h - roles, permissions and the scope rule, as pure functions.
 *
 * A grant is (role, unit); it covers that unit and every unit below it.
 * Units carry a materialised path "/1/4/9/" (ids from the root), so
 * "target is in the grant's scope" is "target path starts with the
 * grant's path". service/access.c feeds these from the database; nothing
 * else decides a permission.
 */
#ifndef UC_PERM_H
#define UC_PERM_H

#include <stddef.h>
#include <stdint.h>

enum uc_role {
	UC_ROLE_OPERATOR,
	UC_ROLE_LEADER,
	UC_ROLE_MEMBER,
	UC_ROLE_COORDINATOR,
	UC_ROLE_STEERING,
	UC_ROLE_AUDITOR,
	UC_ROLE_ADMIN,
	UC_ROLE_COUNT
};

enum uc_perm {
	UC_PERM_UNIT_READ,
	UC_PERM_UNIT_WRITE,
	UC_PERM_USER_READ,
	UC_PERM_USER_WRITE,
	UC_PERM_AUDIT_READ,
	UC_PERM_INCIDENT_READ,	/* see incidents, their parts, clocks */
	UC_PERM_INCIDENT_WRITE,	/* report and work incidents */
	UC_PERM_INCIDENT_COORDINATE,	/* decide severity, assign units */
	UC_PERM_REPORT_APPROVE,	/* approve a unit's official reports */
	UC_PERM_SYSTEM_WRITE,	/* keep the unit's information systems */
	UC_PERM_TEAM_WRITE,	/* keep the unit's team, rota and drills */
	UC_PERM_COUNT
};

struct uc_grant {
	enum uc_role role;
	int64_t unit_id;
	const char *path;	/* the granted unit's path */
};

/* Role name <-> value; uc_role_parse returns -1 for an unknown name. */
const char *uc_role_name(enum uc_role r);
int uc_role_parse(const char *s);
const char *uc_perm_name(enum uc_perm p);

/* Does the role carry the permission at all? */
int uc_perm_role_has(enum uc_role r, enum uc_perm p);
/* Is `path` equal to or below `scope`? */
int uc_perm_in_scope(const char *scope, const char *path);
/* Does any grant give `p` over the unit at `path`? */
int uc_perm_allows(const struct uc_grant *g, size_t n, enum uc_perm p,
    const char *path);
/* Does any grant (of any role) cover the unit at `path`? */
int uc_perm_sees(const struct uc_grant *g, size_t n, const char *path);

#endif
