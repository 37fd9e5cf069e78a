// Dates dd/mm/yyyy and 24-hour times, always in Asia/Ho_Chi_Minh,
// whatever the browser's own zone or language.

const ZONE = 'Asia/Ho_Chi_Minh';
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

function pick(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const o = {};
  for (const p of parts.formatToParts(d)) o[p.type] = p.value;
  return o;
}

/** "2026-11-21T07:00:00.000Z" -> "21/11/2026" */
export function formatDate(iso) {
  const o = pick(iso);
  return o ? `${o.day}/${o.month}/${o.year}` : '';
}

/** "2026-11-21T07:00:00.000Z" -> "21/11/2026 14:00" */
export function formatDateTime(iso) {
  const o = pick(iso);
  return o ? `${o.day}/${o.month}/${o.year} ${o.hour}:${o.minute}` : '';
}
