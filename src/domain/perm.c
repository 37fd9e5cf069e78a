/*
 * perm.c - the role/permission matrix and the scope rule; see perm.h and
 * docs/internals/api-contract.md ("Roles and scope").
 */
#include "domain/perm.h"

#include <string.h>

static const char *role_names[UC_ROLE_COUNT] = {
	"operator", "leader", "member", "coordinator", "steering",
	"auditor", "admin"
};

static const char *perm_names[UC_PERM_COUNT] = {
	"unit.read", "unit.write", "user.read", "user.write", "audit.read",
	"incident.read", "incident.write", "incident.coordinate",
	"report.approve", "system.write", "team.write"
};

#define R(x) (1u << UC_ROLE_##x)
#define ALL_ROLES ((1u << UC_ROLE_COUNT) - 1)

/* Which roles carry each permission. */
static const unsigned matrix[UC_PERM_COUNT] = {
	[UC_PERM_UNIT_READ] = ALL_ROLES,
	[UC_PERM_UNIT_WRITE] = R(ADMIN),
	[UC_PERM_USER_READ] = R(ADMIN) | R(AUDITOR) | R(LEADER) |
	    R(COORDINATOR),
	[UC_PERM_USER_WRITE] = R(ADMIN),
	[UC_PERM_AUDIT_READ] = R(ADMIN) | R(AUDITOR),
	/* the administrator runs the system, not the response: no
	 * incident rights unless also granted a response role */
	[UC_PERM_INCIDENT_READ] = ALL_ROLES & ~R(ADMIN),
	[UC_PERM_INCIDENT_WRITE] = R(OPERATOR) | R(LEADER) | R(MEMBER) |
	    R(COORDINATOR),
	[UC_PERM_INCIDENT_COORDINATE] = R(COORDINATOR),
	/* a report leaves the unit under its leader's name (TT 20/2017
	 * Điều 9.1.b: signed by the competent person); the coordinator
	 * approves for the units below the province */
	[UC_PERM_REPORT_APPROVE] = R(LEADER) | R(COORDINATOR),
	/* the registry of information systems (docs/internals/systems.md):
	 * the owner unit's operator and leader keep it, the administrator
	 * sets it up, the coordinator keeps the province's */
	[UC_PERM_SYSTEM_WRITE] = R(OPERATOR) | R(LEADER) | R(COORDINATOR) |
	    R(ADMIN),
	/* the response team's roster, on-call rota and drills
	 * (docs/internals/team.md): the unit's leader names its team, the
	 * administrator keeps the records */
	[UC_PERM_TEAM_WRITE] = R(LEADER) | R(ADMIN),
};

const char *
uc_role_name(enum uc_role r)
{
	return (unsigned)r < UC_ROLE_COUNT ? role_names[r] : "?";
}

int
uc_role_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < UC_ROLE_COUNT; i++)
		if (strcmp(role_names[i], s) == 0)
			return i;
	return -1;
}

const char *
uc_perm_name(enum uc_perm p)
{
	return (unsigned)p < UC_PERM_COUNT ? perm_names[p] : "?";
}

int
uc_perm_role_has(enum uc_role r, enum uc_perm p)
{
	if ((unsigned)r >= UC_ROLE_COUNT || (unsigned)p >= UC_PERM_COUNT)
		return 0;
	return (matrix[p] & (1u << r)) != 0;
}

int
uc_perm_in_scope(const char *scope, const char *path)
{
	size_t n;

	if (scope == NULL || path == NULL || scope[0] != '/')
		return 0;
	n = strlen(scope);
	/* paths end in '/', so "/1/4/" never matches "/1/42/" */
	return scope[n - 1] == '/' && strncmp(scope, path, n) == 0;
}

int
uc_perm_allows(const struct uc_grant *g, size_t n, enum uc_perm p,
    const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (uc_perm_role_has(g[i].role, p) &&
		    uc_perm_in_scope(g[i].path, path))
			return 1;
	return 0;
}

int
uc_perm_sees(const struct uc_grant *g, size_t n, const char *path)
{
	return uc_perm_allows(g, n, UC_PERM_UNIT_READ, path);
}
