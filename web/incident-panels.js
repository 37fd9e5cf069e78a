// The incident workspace's panels (tasks, timeline, observables,
// evidence, directions, reports sent): built in the pages issue (stub).

/**
 * incidentPanels({ inc, me, can, reload }) -> [{ key, titleKey, node, refresh(inc) }]
 * inc: the incident (GET /api/v1/incidents/{id}); reload(): fetch it
 * again and refresh every panel (after a change that moves the
 * incident: its version, status or clocks).
 */
export function incidentPanels() {
  return [];
}
