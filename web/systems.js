// The registry of information systems (hệ thống thông tin):
// #/systems, the list of the units in scope with a unit filter and a
// search, and the registration of a new system; #/systems/:id, one
// system (web/system-detail.js). docs/internals/systems.md.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, valueLabel } from './i18n.js';
import { field, setFieldError, problemKey, fieldKey, setAlert } from './form.js';

export { systemPage } from './system-detail.js';

/** "Cấp 3" / "Chưa xác định cấp độ", a word with the colour. */
export function levelBadge(level) {
  const n = Number(level) || 0;
  const key = n ? 'systems.level_n' : 'systems.level_none';
  return h('span', { class: `badge ${n >= 4 ? 'bad' : n === 3 ? 'warn' : 'idle'} sys-level` },
    tn(key, n ? { n } : null));
}

/** The units the person may read, sorted by path (GET /units). */
export async function loadUnits() {
  const out = [];
  let cursor = '';
  for (let i = 0; i < 20; i++) {
    const r = await api('GET', `/units?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...(r.items || []));
    if (!r.next_cursor) break;
    cursor = r.next_cursor;
  }
  return out;
}

export function unitOptions(select, units, chosen, allKey = null) {
  if (allKey) select.append(h('option', { value: '', 'data-i18n': allKey }, t(allKey)));
  for (const u of units) {
    select.append(h('option', { value: u.id, selected: String(u.id) === String(chosen) },
      `${u.code} · ${u.name}`));
  }
}

/** A fresh Idempotency-Key for one registration. */
function idemKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

function row(s) {
  return h('li', { class: 'sys-item' },
    h('p', { class: 'sys-item-head' },
      h('a', { href: `#/systems/${s.id}`, class: 'sys-name' }, s.name),
      levelBadge(s.level?.in_force),
      s.national_critical ? h('span', { class: 'badge bad' }, tn('systems.critical')) : null),
    h('p', { class: 'sys-item-meta' },
      h('span', {}, `${s.unit_code} · ${s.unit_name || ''}`),
      h('span', {}, tn('systems.dossier_label'), ' ', valueLabel('systems.dossier.status', s.dossier?.status || 'draft')),
      (s.domains || []).length ? h('span', { class: 'sys-mono' }, s.domains.join(', ')) : null));
}

export function systemsPage(ctx) {
  const live = h('p', { class: 'sys-count', 'aria-live': 'polite' });
  const alert = h('p', { class: 'alert error', role: 'alert', hidden: true });
  const list = h('ul', { class: 'sys-list' });
  const unit = field('sys-f-unit', 'systems.filter.unit', { tag: 'select' });
  const q = field('sys-f-q', 'systems.filter.q', { type: 'search', value: ctx.query.get('q') || '' });
  const search = h('form', { class: 'sys-filters', role: 'search', onsubmit: (e) => { e.preventDefault(); load(); } },
    unit.wrap, q.wrap,
    h('div', { class: 'sys-filter-go' },
      h('button', { type: 'submit', class: 'secondary', 'data-i18n': 'systems.filter.go' }, t('systems.filter.go'))));
  unit.input.addEventListener('change', () => load());

  let units = [];
  const newBox = h('div', { class: 'sys-new-box' });

  function newForm() {
    const f = {
      name: field('sys-n-name', 'systems.f.name', { required: true, maxlength: 200 }),
      unit: field('sys-n-unit', 'systems.f.unit', { tag: 'select' }),
      purpose: field('sys-n-purpose', 'systems.f.purpose', { tag: 'textarea' }),
    };
    unitOptions(f.unit.input, units, ctx.me.unit_id);
    const err = h('p', { class: 'alert error', role: 'alert', hidden: true });
    const key = idemKey();
    const send = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'systems.new.save' }, t('systems.new.save'));
    const form = h('form', {
      class: 'card sys-new', 'aria-labelledby': 'sys-new-h', novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        for (const x of Object.values(f)) setFieldError(x, null);
        setAlert(err, null);
        if (!f.name.input.value.trim()) { setFieldError(f.name, 'field.required'); f.name.input.focus(); return; }
        send.disabled = true;
        try {
          const s = await api('POST', '/systems', {
            name: f.name.input.value.trim(), unit_id: Number(f.unit.input.value),
            purpose: f.purpose.input.value.trim(),
          }, { headers: { 'Idempotency-Key': key } });
          ctx.go(`/systems/${s.id}`);
        } catch (x) {
          send.disabled = false;
          setAlert(err, problemKey(x));
          for (const [k, v] of Object.entries(x.fields || {})) {
            const m = { name: f.name, unit_id: f.unit, purpose: f.purpose }[k];
            if (m) setFieldError(m, fieldKey(v.code));
          }
        }
      },
    },
    h('h2', { id: 'sys-new-h', 'data-i18n': 'systems.new.title' }, t('systems.new.title')),
    h('p', { class: 'hint', 'data-i18n': 'systems.new.hint' }, t('systems.new.hint')),
    err, f.name.wrap, f.unit.wrap, f.purpose.wrap,
    h('div', { class: 'toolbar' }, send,
      h('button', { type: 'button', class: 'secondary', 'data-i18n': 'systems.cancel',
        onclick: () => { newBox.replaceChildren(); openBtn.hidden = false; openBtn.focus(); } }, t('systems.cancel'))));
    return { form, first: f.name.input };
  }

  const openBtn = h('button', {
    type: 'button', class: 'primary', 'data-i18n': 'systems.new.open',
    onclick: () => { const n = newForm(); newBox.replaceChildren(n.form); openBtn.hidden = true; n.first.focus(); },
  }, t('systems.new.open'));

  let seq = 0;
  async function load() {
    const my = ++seq;
    const params = new URLSearchParams();
    if (unit.input.value) params.set('unit_id', unit.input.value);
    if (q.input.value.trim()) params.set('q', q.input.value.trim());
    ctx.setQuery(Object.fromEntries(params));
    params.set('limit', '200');
    live.replaceChildren(h('span', { class: 'loading' }, tn('systems.loading')));
    try {
      const r = await api('GET', `/systems?${params}`);
      if (my !== seq) return;
      setAlert(alert, null);
      const items = r.items || [];
      list.replaceChildren(...items.map(row));
      live.replaceChildren(tn(items.length ? 'systems.count' : 'systems.empty', { n: items.length }));
    } catch (x) {
      if (my !== seq) return;
      live.replaceChildren();
      setAlert(alert, problemKey(x));
    }
  }

  (async () => {
    try {
      units = await loadUnits();
      unitOptions(unit.input, units, ctx.query.get('unit_id'), 'systems.filter.all');
    } catch (x) { setAlert(alert, problemKey(x)); }
    load();
  })();

  const node = h('section', { class: 'systems' },
    h('div', { class: 'sys-top' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'systems.title' }, t('systems.title')),
      ctx.can('system.write') ? openBtn : null),
    h('p', { class: 'intro', 'data-i18n': 'systems.intro' }, t('systems.intro')),
    newBox, search, alert, live, list);
  return { titleKey: 'systems.title', node };
}

