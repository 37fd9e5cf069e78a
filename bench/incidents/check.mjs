// check.mjs - is the seeded register what the service would have written?
// Run by bench/incidents/run.sh before the measurements:
//
//   node check.mjs BASE_URL TOKEN IDS_FILE QUERIES
//
// TOKEN is the coordinator's bearer token, IDS_FILE the public ids the
// seeder says the coordinator may read, QUERIES the search mix
// (comma-separated, words joined by "+"). Prints one line per finding;
// exits 1 when a check fails.
//
//  1. GET /api/v1/incidents/{id} for ids spread over the file: 200, the
//     steps of the procedure, the clocks; GET .../timeline: 200, events.
//  2. For one incident of each open status, PATCH its title with the same
//     title (If-Match: its version). The service then recomputes every
//     derived field (status, severity, steps, next deadline, clocks) from
//     the stored rows; they must come back unchanged, which shows the
//     seeder derived them as the service does.
//  3. GET /api/v1/incidents/count?q=... for each query of the search mix:
//     the number of matches, so the table can be read with selectivity; a
//     query that matches nothing is a WARN (the vocabulary puts every
//     query's words into some incidents, so the search itself missed).
import fs from 'node:fs';

const [base, token, idsFile, queries] = process.argv.slice(2);
if (!base || !token || !idsFile) {
  console.error('usage: node check.mjs BASE_URL TOKEN IDS_FILE QUERIES');
  process.exit(2);
}
const auth = { Authorization: `Bearer ${token}` };
let failed = 0;
const fail = (msg) => { failed += 1; console.log(`FAIL ${msg}`); };

async function call(method, path, { body, ifMatch } = {}) {
  const headers = { ...auth };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
  const t0 = performance.now();
  const r = await fetch(base + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text, ms: performance.now() - t0 };
}

const ids = fs.readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);
if (ids.length === 0) fail('no ids in ' + idsFile);

// 1. reads
const sample = [0, 0.25, 0.5, 0.75, 0.999].map((f) => ids[Math.floor(f * (ids.length - 1))]);
for (const id of sample) {
  const r = await call('GET', `/api/v1/incidents/${id}`);
  const inc = r.json;
  if (r.status !== 200 || !inc) { fail(`GET ${id}: ${r.status} ${r.text.slice(0, 200)}`); continue; }
  const steps = Array.isArray(inc.steps) ? inc.steps : [];
  const clocks = Array.isArray(inc.clocks) ? inc.clocks : [];
  if (steps.length === 0 || clocks.length === 0 || steps.some((s) => !s.state)) {
    fail(`GET ${id}: ${steps.length} steps, ${clocks.length} clocks`);
    continue;
  }
  const tl = await call('GET', `/api/v1/incidents/${id}/timeline`);
  const events = tl.json && Array.isArray(tl.json.items) ? tl.json.items.length : -1;
  if (tl.status !== 200 || events < 1) fail(`GET ${id}/timeline: ${tl.status}, ${events} events`);
  console.log(`GET ${id}: 200 in ${r.ms.toFixed(1)} ms, ${inc.status}, ${steps.length} steps` +
    ` (${steps.filter((s) => s.state === 'done').length} done), ${clocks.length} clocks,` +
    ` ${events} timeline events, version ${inc.version}`);
}

// 2. derived fields against the service's own refresh
const derived = (i) => JSON.stringify({
  status: i.status, severity: i.severity, procedure: i.procedure,
  next_due_at: i.next_due_at, response_ended_at: i.response_ended_at,
  closed_at: i.closed_at, serious: i.serious,
  steps: i.steps.map((s) => [s.code, s.state, s.started_at, s.ended_at, s.version,
    s.lead.map((u) => u.unit_id), s.coordinating.map((u) => u.unit_id)]),
  clocks: i.clocks.map((c) => [c.report, c.state, c.due_at, c.sent_at]),
});
const open = ['new', 'verifying', 'responding', 'containing', 'eradicating',
  'recovering', 'checking', 'reviewing', 'awaiting_final_report', 'ready_to_close'];
let same = 0;
const seen = [];
for (const st of open) {
  const l = await call('GET', `/api/v1/incidents?status=${st}&limit=1`);
  const id = l.json && l.json.items && l.json.items[0] && l.json.items[0].id;
  if (!id) continue;
  const a = await call('GET', `/api/v1/incidents/${id}`);
  if (a.status !== 200) { fail(`GET ${id}: ${a.status}`); continue; }
  const b = await call('PATCH', `/api/v1/incidents/${id}`, { body: { title: a.json.title }, ifMatch: a.json.version });
  if (b.status !== 200) { fail(`PATCH ${id}: ${b.status} ${b.text.slice(0, 200)}`); continue; }
  if (derived(a.json) !== derived(b.json)) {
    fail(`refresh of ${id} (${st}) changed derived fields:\n  seeded  ${derived(a.json)}\n  service ${derived(b.json)}`);
    continue;
  }
  same += 1;
  seen.push(st);
}
if (same === 0) fail('no open incident to check the derived fields on');
else console.log(`refresh (no-op PATCH) left status, steps, clocks and next_due_at unchanged on ${same} incidents: ${seen.join(' ')}`);

// 3. selectivity of the search mix
const counts = [];
for (const q of (queries || '').split(',').filter(Boolean)) {
  const r = await call('GET', `/api/v1/incidents/count?q=${encodeURIComponent(q.replaceAll('+', ' '))}`);
  if (r.status !== 200 || !r.json) { fail(`count q=${q}: ${r.status}`); continue; }
  counts.push(`"${q.replaceAll('+', ' ')}" ${r.json.count}`);
  // Not a failure of the seeded data: the service's search missing what
  // the seeder put there (the same text finds it on the other engine).
  if (r.json.count === 0) console.log(`WARN search "${q.replaceAll('+', ' ')}" matches nothing`);
}
const total = await call('GET', '/api/v1/incidents/count');
if (total.status === 200) console.log(`coordinator sees ${total.json.count} incidents; search mix matches: ${counts.join(', ')}`);
else fail(`count: ${total.status}`);
process.exit(failed ? 1 : 0);
