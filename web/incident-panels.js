// The incident workspace's panels: tasks, timeline, observables,
// evidence, directions received and reports sent. The workspace page
// (incident.js) places them and calls refresh(inc) on each when the
// incident changes; a panel calls reload() after a change of its own,
// since every change to a part moves the incident (version, status,
// clocks) and writes a line in the timeline.
import { api } from './api.js';
import { listAll } from './panel-common.js';
import { tasksPanel } from './panel-tasks.js';
import { timelinePanel } from './panel-timeline.js';
import { observablesPanel } from './panel-observables.js';
import { evidencePanel } from './panel-evidence.js';
import { directionsPanel } from './panel-directions.js';
import { sendsPanel } from './panel-sends.js';
import { reportsPanel } from './panel-reports.js';

/** A fetch kept until the incident's version moves (or for good: once). */
function cached(ctx, fetch, once = false) {
  let version = null;
  let promise = null;
  return () => {
    if (!promise || (!once && version !== ctx.inc.version)) {
      version = ctx.inc.version;
      promise = fetch().catch((err) => { promise = null; throw err; });
    }
    return promise;
  };
}

/**
 * incidentPanels({ inc, me, can, reload }) -> [{ key, titleKey, node, refresh(inc) }]
 * inc: the incident (GET /api/v1/incidents/{id}); reload(): fetch it
 * again and refresh every panel (after a change that moves the
 * incident: its version, status or clocks).
 */
export function incidentPanels({ inc, me, can, reload }) {
  const ctx = { inc, me, can };
  const byLogin = new Map();
  const byId = new Map();
  ctx.reload = async () => { if (typeof reload === 'function') await reload(); };
  ctx.canWrite = () => can('incident.write');
  // a closed incident's parts are read-only (the server answers 409)
  ctx.writable = () => ctx.canWrite() && ctx.inc.status !== 'closed';
  ctx.people = cached(ctx, async () => {
    const r = await api('GET', `/incidents/${encodeURIComponent(ctx.inc.id)}/people`);
    for (const p of r.items) { byLogin.set(p.login, p.full_name); byId.set(p.user_id, p.full_name); }
    return r.items;
  });
  ctx.units = cached(ctx, () => listAll('/units'), true);
  ctx.pack = cached(ctx, () => api('GET', `/rulepacks/${encodeURIComponent(ctx.inc.rulepack)}`), true);
  /** A login's full name when known (the people named, oneself). */
  ctx.nameOf = (login) => (login === me.login ? me.full_name || login : byLogin.get(login) || null);
  /** A user id's full name when known. */
  ctx.personName = (id) => (id === me.id ? me.full_name || me.login : byId.get(id) || null);

  return [
    tasksPanel(ctx),
    timelinePanel(ctx),
    observablesPanel(ctx),
    evidencePanel(ctx),
    directionsPanel(ctx),
    reportsPanel(ctx),
    sendsPanel(ctx),
  ];
}
