// One information system (#/systems/:id): its fields (saved with
// If-Match), its level from the NĐ 85/2016 criteria of the rule pack
// (computed live by POST /systems/level while the person ticks), and the
// level dossier (hồ sơ đề xuất cấp độ) with its allowed moves and, under
// each part, its files: download links, and while the dossier is a draft
// an upload with its progress (XMLHttpRequest: fetch reports none) and a
// removal confirmed in place.
import { api, upload } from './api.js';
import { h } from './dom.js';
import { t, tn, bi, valueLabel, currentLang } from './i18n.js';
import { field, setFieldError, problemKey, fieldKey, setAlert } from './form.js';
import { formatDate, formatDateTime } from './format.js';
import { levelBadge, loadUnits } from './systems.js';
import { formatSize } from './panel-common.js';

const MOVES = {
  draft: [['submitted', 'systems.move.submit']],
  submitted: [['appraised', 'systems.move.appraise'], ['draft', 'systems.move.return']],
  appraised: [['approved', 'systems.move.approve'], ['draft', 'systems.move.unsuitable']],
  approved: [['draft', 'systems.move.redetermine']],
};

async function loadPack() {
  const list = await api('GET', '/rulepacks');
  const use = list.items.find((p) => p.in_use) || list.items.find((p) => p.default) || list.items[0];
  return api('GET', `/rulepacks/${encodeURIComponent(use.id)}`);
}

const lines = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

/** The page's state and what every section shares. */
function section(id, key, ...children) {
  return h('section', { class: 'card sys-sec', 'aria-labelledby': id },
    h('h2', { id, 'data-i18n': key }, t(key)), ...children);
}

function statusLine(box, key, vars = null) {
  box.replaceChildren(key ? tn(key, vars) : '');
}

export function systemPage(ctx) {
  const id = Number(ctx.params.id);
  const body = h('div', { class: 'sys-body' }, h('p', { class: 'loading' }, tn('systems.loading')));
  const h1 = h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'systems.system' }, t('systems.system'));
  const node = h('section', { class: 'systems system' },
    h('p', { class: 'sys-back' }, h('a', { href: '#/systems', 'data-i18n': 'systems.back' }, t('systems.back'))),
    h1, body);
  const st = { sys: null, pack: null, units: [], ticks: new Set() };
  const canWrite = ctx.can('system.write');

  function conflictBox(box) {
    box.replaceChildren(tn('error.precondition-failed'), ' ',
      h('button', { type: 'button', class: 'secondary', 'data-i18n': 'systems.reload', onclick: () => reload() },
        t('systems.reload')));
    box.hidden = false;
  }

  async function reload(focusId = null) {
    try {
      st.sys = await api('GET', `/systems/${id}`);
      render(focusId);
    } catch (x) {
      if (x.status === 404) {
        h1.dataset.i18n = 'app.not_found';
        h1.textContent = t('app.not_found');
        body.replaceChildren(h('p', { class: 'alert error', role: 'alert', 'data-i18n': 'systems.not_found' },
          t('systems.not_found')));
      } else {
        body.replaceChildren(h('p', { class: 'alert error', role: 'alert', 'data-i18n': problemKey(x) }, t(problemKey(x))));
      }
    }
  }

  // ---- the fields ----------------------------------------------------
  function fieldsSection() {
    const s = st.sys;
    const ro = !canWrite || !!s.retired_at;
    const F = {
      name: field('sys-name', 'systems.f.name', { value: s.name, maxlength: 200, readonly: ro }),
      purpose: field('sys-purpose', 'systems.f.purpose', { tag: 'textarea', readonly: ro }),
      owner_name: field('sys-owner', 'systems.f.owner_name', { value: s.owner_name || '', readonly: ro }, 'systems.f.owner_hint'),
      operator_unit_id: field('sys-op-unit', 'systems.f.operator_unit', { tag: 'select', disabled: ro }),
      operator_name: field('sys-op-name', 'systems.f.operator_name', { value: s.operator_name || '', readonly: ro }, 'systems.f.operator_hint'),
      security_provider: field('sys-contractor', 'systems.f.security_provider', { value: s.security_provider || '', readonly: ro }),
      upstream_provider: field('sys-upstream', 'systems.f.upstream_provider', { value: s.upstream_provider || '', readonly: ro }),
      addresses: field('sys-addr', 'systems.f.addresses', { tag: 'textarea', readonly: ro, class: 'sys-mono' }, 'systems.f.lines_hint'),
      domains: field('sys-domains', 'systems.f.domains', { tag: 'textarea', readonly: ro, class: 'sys-mono' }, 'systems.f.lines_hint'),
      os: field('sys-os', 'systems.f.os', { tag: 'textarea', readonly: ro }, 'systems.f.os_hint'),
      components: field('sys-comp', 'systems.f.components', { tag: 'textarea', readonly: ro }, 'systems.f.components_hint'),
      contacts: field('sys-contacts', 'systems.f.contacts', { tag: 'textarea', readonly: ro }, 'systems.f.contacts_hint'),
    };
    F.purpose.input.value = s.purpose || '';
    F.operator_unit_id.input.append(h('option', { value: '0', 'data-i18n': 'systems.f.operator_none' }, t('systems.f.operator_none')));
    for (const u of st.units) {
      F.operator_unit_id.input.append(h('option', { value: u.id, selected: u.id === s.operator_unit?.id || u.id === s.operator_unit_id },
        `${u.code} · ${u.name}`));
    }
    if (s.operator_unit && !st.units.some((u) => u.id === s.operator_unit.id)) {
      F.operator_unit_id.input.append(h('option', { value: s.operator_unit.id, selected: true }, s.operator_unit.name || s.operator_unit.code));
    }
    F.addresses.input.value = (s.addresses || []).join('\n');
    F.domains.input.value = (s.domains || []).join('\n');
    F.os.input.value = (s.os || []).map((o) => [o.name, o.version].filter(Boolean).join('; ')).join('\n');
    F.components.input.value = (s.components || []).map((c) => [c.name, c.description].filter(Boolean).join('; ')).join('\n');
    F.contacts.input.value = (s.contacts || []).map((c) => [c.name, c.position, c.phone, c.email].map((x) => x || '').join('; ')).join('\n');
    const critical = h('input', { type: 'checkbox', id: 'sys-critical', checked: !!s.national_critical, disabled: ro });
    const critWrap = h('div', { class: 'field sys-check' }, critical,
      h('label', { for: 'sys-critical', 'data-i18n': 'systems.f.critical' }, t('systems.f.critical')));

    // services and controls: the pack's lists, ticked, each with a detail
    const listBox = (list, key, have) => {
      const items = st.pack?.options?.[list]?.items || [];
      const rows = items.map((o) => {
        const got = have.find((x) => x.code === o.code);
        const cb = h('input', { type: 'checkbox', id: `sys-${list}-${o.code}`, checked: !!got, disabled: ro });
        const detail = h('input', { type: 'text', id: `sys-${list}-${o.code}-d`, value: got?.detail || '', readonly: ro, class: 'sys-detail' });
        const lab = h('label', { for: cb.id }, bi(o));
        detail.setAttribute('aria-label', `${t('systems.f.detail')}: ${lab.textContent}`);
        return { o, cb, detail, el: h('div', { class: 'sys-opt' }, h('span', { class: 'sys-opt-tick' }, cb, lab), detail) };
      });
      const extra = have.filter((x) => !items.some((o) => o.code === x.code));
      return {
        el: h('fieldset', { class: 'sys-opts' }, h('legend', { 'data-i18n': key }, t(key)), rows.map((r) => r.el)),
        value: () => [...rows.filter((r) => r.cb.checked).map((r) => ({ code: r.o.code, detail: r.detail.value.trim() })), ...extra],
      };
    };
    const services = listBox('service', 'systems.f.services', s.services || []);
    const controls = listBox('control', 'systems.f.controls', s.controls || []);

    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const done = h('p', { class: 'sys-done', 'aria-live': 'polite' });
    const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'systems.save' }, t('systems.save'));
    const form = h('form', {
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        for (const f of Object.values(F)) setFieldError(f, null);
        setAlert(alert, null);
        statusLine(done, null);
        const oldComp = s.components || [];
        const patch = {
          name: F.name.input.value.trim(),
          purpose: F.purpose.input.value.trim(),
          owner_name: F.owner_name.input.value.trim(),
          operator_unit_id: Number(F.operator_unit_id.input.value),
          operator_name: F.operator_name.input.value.trim(),
          security_provider: F.security_provider.input.value.trim(),
          upstream_provider: F.upstream_provider.input.value.trim(),
          addresses: lines(F.addresses.input.value),
          domains: lines(F.domains.input.value),
          os: lines(F.os.input.value).map((l) => { const [name, version = ''] = l.split(';').map((x) => x.trim()); return { name, version }; }),
          components: lines(F.components.input.value).map((l) => {
            const [name, description = ''] = l.split(';').map((x) => x.trim());
            const was = oldComp.find((c) => c.name === name);
            return { name, description, criteria: was?.criteria || [] };
          }),
          contacts: lines(F.contacts.input.value).map((l) => {
            const [name = '', position = '', phone = '', email = ''] = l.split(';').map((x) => x.trim());
            return { name, position, phone, email };
          }),
          services: services.value(),
          controls: controls.value(),
          national_critical: critical.checked,
        };
        save.disabled = true;
        try {
          st.sys = await api('PATCH', `/systems/${id}`, patch, { ifMatch: s.version });
          render('sys-fields-done');
          const d = document.getElementById('sys-fields-done');
          if (d) statusLine(d, 'systems.saved');
        } catch (x) {
          save.disabled = false;
          if (x.status === 412) { conflictBox(alert); return; }
          setAlert(alert, problemKey(x));
          for (const [k, v] of Object.entries(x.fields || {})) {
            const base = k.split(/[.[]/)[0];
            if (F[base]) setFieldError(F[base], fieldKey(v.code));
          }
        }
      },
    },
    alert,
    h('div', { class: 'sys-grid' },
      F.name.wrap, F.owner_name.wrap, F.operator_unit_id.wrap, F.operator_name.wrap,
      F.security_provider.wrap, F.upstream_provider.wrap),
    F.purpose.wrap, critWrap,
    h('div', { class: 'sys-grid' }, F.addresses.wrap, F.domains.wrap, F.os.wrap, F.components.wrap),
    F.contacts.wrap, services.el, controls.el,
    canWrite && !s.retired_at ? h('div', { class: 'toolbar' }, save) : null);
    done.id = 'sys-fields-done';
    return section('sys-h-fields', 'systems.sec.fields', form, done);
  }

  // ---- the level -----------------------------------------------------
  function levelSection() {
    const s = st.sys;
    const ro = !canWrite || !!s.retired_at;
    const lv = st.pack?.levels || { groups: [], criteria: [] };
    st.ticks = new Set(s.criteria || []);
    const result = h('div', { class: 'sys-level-result', 'aria-live': 'polite', id: 'sys-level-result' });
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const done = h('p', { class: 'sys-done', 'aria-live': 'polite' });

    const showLevel = (r) => {
      const reasons = (r.reasons || []).map((x) => h('li', {},
        h('strong', {}, bi({ vi: x.article, en: x.article_en || x.article })), ' ',
        x.component ? h('span', { class: 'sys-comp' }, '(', tn('systems.level.component', { name: x.component }), ') ') : null,
        bi(x)));
      result.replaceChildren(...[
        h('p', { class: 'sys-level-now' }, tn('systems.level.computed'), ' ', levelBadge(r.computed)),
        h('p', {}, bi({ vi: r.summary_vi, en: r.summary_en })),
        reasons.length ? h('ul', { class: 'sys-reasons' }, reasons) : null].filter(Boolean));
    };
    showLevel(s.level || {});

    let seq = 0;
    async function compute() {
      const my = ++seq;
      try {
        const r = await api('POST', '/systems/level', {
          criteria: [...st.ticks], components: (s.components || []).map((c) => ({ name: c.name, criteria: c.criteria || [] })),
        });
        if (my === seq) { setAlert(alert, null); showLevel(r); }
      } catch (x) { if (my === seq) setAlert(alert, problemKey(x)); }
    }

    const byLevel = [1, 2, 3, 4, 5].map((n) => {
      const cs = lv.criteria.filter((c) => c.level === n);
      if (!cs.length) return null;
      return h('fieldset', { class: 'sys-crit-level' },
        h('legend', {}, tn('systems.level_n', { n })),
        cs.map((c) => {
          const cb = h('input', {
            type: 'checkbox', id: `crit-${c.code}`, value: c.code, checked: st.ticks.has(c.code), disabled: ro,
            onchange: (e) => { if (e.target.checked) st.ticks.add(c.code); else st.ticks.delete(c.code); compute(); },
          });
          const g = lv.groups.find((x) => x.code === c.group);
          return h('div', { class: 'sys-crit' }, cb,
            h('label', { for: cb.id },
              h('span', { class: 'sys-crit-art' }, bi({ vi: c.article, en: c.article_en || c.article })),
              g ? h('span', { class: 'sys-crit-group' }, bi(g)) : null,
              bi(c, null, 'span')));
        }));
    });
    const save = h('button', {
      type: 'button', class: 'primary', 'data-i18n': 'systems.level.save',
      onclick: async () => {
        setAlert(alert, null);
        save.disabled = true;
        try {
          st.sys = await api('PATCH', `/systems/${id}`, { criteria: [...st.ticks] }, { ifMatch: s.version });
          render();
          const d = document.getElementById('sys-level-done');
          if (d) statusLine(d, 'systems.saved');
        } catch (x) {
          save.disabled = false;
          if (x.status === 412) conflictBox(alert); else setAlert(alert, problemKey(x));
        }
      },
    }, t('systems.level.save'));
    done.id = 'sys-level-done';
    const approved = s.level?.approved
      ? h('p', { class: 'notice' }, tn('systems.level.approved', { n: s.level.approved })) : null;
    return section('sys-h-level', 'systems.sec.level',
      h('p', { class: 'hint', 'data-i18n': 'systems.level.hint' }, t('systems.level.hint')),
      approved, result, alert, byLevel,
      ro ? null : h('div', { class: 'toolbar sys-sticky' }, save), done);
  }

  // ---- the dossier ---------------------------------------------------
  function dossierSection() {
    const s = st.sys;
    const d = s.dossier || { status: 'draft', parts: [] };
    const editable = canWrite && d.status === 'draft' && !s.retired_at;
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const done = h('p', { class: 'sys-done', 'aria-live': 'polite', id: 'sys-dossier-done' });
    const proposed = field('sys-d-level', 'systems.dossier.proposed', { tag: 'select', disabled: !editable });
    proposed.input.append(h('option', { value: '0', 'data-i18n': 'systems.dossier.follow' }, t('systems.dossier.follow')));
    for (const n of [1, 2, 3, 4, 5]) {
      proposed.input.append(h('option', { value: n, selected: d.proposed_level === n }, t('systems.level_n', { n })));
    }
    const note = field('sys-d-note', 'systems.dossier.note', { tag: 'textarea', readonly: !editable });
    note.input.value = d.note || '';
    const missing = new Set(d.missing || []);
    const parts = (d.parts || []).map((p) => {
      const cb = h('input', { type: 'checkbox', id: `part-${p.code}`, checked: !!p.provided, disabled: !editable });
      const ref = h('input', { type: 'text', id: `part-${p.code}-ref`, value: p.reference || '', readonly: !editable });
      const err = h('p', { class: 'field-error', id: `part-${p.code}-err`, hidden: true });
      const el = h('li', { class: `sys-part${missing.has(p.code) ? ' missing' : ''}` },
        h('div', { class: 'sys-part-head' }, cb,
          h('label', { for: cb.id }, h('span', { class: 'sys-crit-art' }, p.article || ''), ' ', bi(p))),
        h('p', { class: 'sys-part-need' },
          p.required ? tn('systems.dossier.required') : tn('systems.dossier.optional'),
          missing.has(p.code) ? [' · ', h('strong', {}, tn('systems.dossier.missing'))] : null),
        h('div', { class: 'field' },
          h('label', { for: ref.id, 'data-i18n': 'systems.dossier.reference' }, t('systems.dossier.reference')), ref, err),
        partFiles(p, editable));
      return { p, cb, ref, err, el };
    });
    const saveBtn = h('button', {
      type: 'button', class: 'secondary', 'data-i18n': 'systems.dossier.save',
      onclick: async () => {
        setAlert(alert, null);
        saveBtn.disabled = true;
        try {
          st.sys = await api('PATCH', `/systems/${id}/dossier`, {
            proposed_level: Number(proposed.input.value), note: note.input.value.trim(),
            parts: parts.map((x) => ({ code: x.p.code, provided: x.cb.checked, reference: x.ref.value.trim() })),
          }, { ifMatch: s.version });
          render();
          const b = document.getElementById('sys-dossier-done');
          if (b) statusLine(b, 'systems.saved');
        } catch (x) {
          saveBtn.disabled = false;
          if (x.status === 412) conflictBox(alert); else setAlert(alert, problemKey(x));
        }
      },
    }, t('systems.dossier.save'));

    // the moves this state allows
    const moveNote = field('sys-m-note', 'systems.move.note', { type: 'text' });
    const decNo = field('sys-m-decno', 'systems.move.decision_number', { type: 'text' });
    const decDate = field('sys-m-decdate', 'systems.move.decision_date', { type: 'date', max: today() });
    const moves = canWrite && !s.retired_at ? (MOVES[d.status] || []) : [];
    const moveAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const moveBtns = moves.map(([to, key]) => {
      const b = h('button', {
        type: 'button', class: to === 'draft' ? 'secondary' : 'primary', 'data-i18n': key,
        onclick: async () => {
          moveAlert.hidden = true;
          for (const f of [decNo, decDate]) setFieldError(f, null);
          for (const x of parts) { x.err.hidden = true; x.ref.removeAttribute('aria-invalid'); }
          const req = { status: to };
          if (moveNote.input.value.trim()) req.note = moveNote.input.value.trim();
          if (to === 'approved') { req.decision_number = decNo.input.value.trim(); req.decision_date = decDate.input.value; }
          b.disabled = true;
          try {
            st.sys = await api('POST', `/systems/${id}/dossier/status`, req, { ifMatch: s.version });
            render();
            const x = document.getElementById('sys-dossier-done');
            if (x) statusLine(x, 'systems.moved', { status: t(`systems.dossier.status.${to}`) });
          } catch (x) {
            b.disabled = false;
            if (x.status === 412) { conflictBox(moveAlert); return; }
            const miss = Object.keys(x.fields || {}).filter((k) => k.startsWith('parts.')).map((k) => k.slice(6));
            if (miss.length) {
              const names = miss.map((c) => { const p = (d.parts || []).find((q) => q.code === c); return p ? (currentLang() === 'en' ? p.en : p.vi) : c; });
              moveAlert.replaceChildren(tn('systems.move.missing_parts'), h('ul', {}, names.map((n) => h('li', {}, n))));
              moveAlert.hidden = false;
              for (const c of miss) {
                const part = parts.find((q) => q.p.code === c);
                if (part) {
                  part.err.textContent = t('systems.dossier.missing');
                  part.err.hidden = false;
                  part.ref.setAttribute('aria-invalid', 'true');
                  part.ref.setAttribute('aria-describedby', part.err.id);
                }
              }
            } else {
              setAlert(moveAlert, x.status === 409 ? 'systems.move.refused' : problemKey(x));
            }
            if (x.fields?.decision_number) setFieldError(decNo, fieldKey(x.fields.decision_number.code));
            if (x.fields?.decision_date) setFieldError(decDate, fieldKey(x.fields.decision_date.code));
          }
        },
      }, t(key));
      return b;
    });

    const facts = h('dl', { class: 'facts sys-facts' },
      h('div', { class: 'pair' }, h('dt', { 'data-i18n': 'systems.dossier.state' }, t('systems.dossier.state')),
        h('dd', {}, h('span', { class: `badge ${d.status === 'approved' ? 'ok' : d.status === 'draft' ? 'idle' : 'warn'}` },
          valueLabel('systems.dossier.status', d.status)))),
      h('div', { class: 'pair' }, h('dt', { 'data-i18n': 'systems.dossier.level' }, t('systems.dossier.level')),
        h('dd', {}, levelBadge(d.level))),
      d.decision_number ? h('div', { class: 'pair' }, h('dt', { 'data-i18n': 'systems.dossier.decision' }, t('systems.dossier.decision')),
        h('dd', {}, tn('systems.dossier.decision_text', { no: d.decision_number, date: formatDate(`${d.decision_date}T12:00:00+07:00`) }))) : null);

    const history = (d.history || []).length
      ? h('details', { class: 'sys-history' }, h('summary', { 'data-i18n': 'systems.dossier.history' }, t('systems.dossier.history')),
        h('ul', {}, d.history.map((x) => h('li', {},
          `${formatDateTime(x.at)} · ${x.by || ''} · `, valueLabel('systems.dossier.status', x.from), ' → ',
          valueLabel('systems.dossier.status', x.to), x.note ? ` · ${x.note}` : ''))))
      : null;

    return section('sys-h-dossier', 'systems.sec.dossier',
      h('p', { class: 'hint', 'data-i18n': 'systems.dossier.hint' }, t('systems.dossier.hint')),
      facts, alert,
      h('div', { class: 'sys-grid' }, proposed.wrap, note.wrap),
      h('ol', { class: 'sys-parts' }, parts.map((x) => x.el)),
      editable ? h('div', { class: 'toolbar' }, saveBtn) : null,
      moves.length ? h('fieldset', { class: 'sys-move' },
        h('legend', { 'data-i18n': 'systems.move.title' }, t('systems.move.title')),
        moveAlert, moveNote.wrap,
        moves.some(([to]) => to === 'approved') ? h('div', { class: 'sys-grid' }, decNo.wrap, decDate.wrap) : null,
        h('div', { class: 'toolbar' }, moveBtns)) : null,
      done, history);
  }

  // ---- the dossier's files, under each part ---------------------------
  const filesPath = (fid = null) => `/systems/${id}/dossier/files${fid ? `/${fid}` : ''}`;

  /**
   * After an upload or a removal (each moves the system's version):
   * when nothing else changed meanwhile, take the new version and the
   * parts' files in place, keeping what the person typed elsewhere;
   * otherwise show the system as it now is.
   */
  async function filesChanged(focusId) {
    const was = st.sys.version;
    let fresh;
    try { fresh = await api('GET', `/systems/${id}`); } catch { return reload(focusId); }
    if (fresh.version !== was + 1 || fresh.dossier?.status !== st.sys.dossier?.status) {
      st.sys = fresh;
      render(focusId);
      return;
    }
    st.sys.version = fresh.version;
    for (const p of fresh.dossier?.parts || []) {
      const box = document.getElementById(`part-${p.code}-files`);
      if (box && box.ucUpdate) box.ucUpdate(p.files || []);
    }
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function partFiles(p, editable) {
    const base = `part-${p.code}`;
    const list = h('ul', { class: 'sys-files' });
    const live = h('p', { class: 'sys-file-live', 'aria-live': 'polite', id: `${base}-file-live` });
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const box = h('div', { class: 'sys-part-files', id: `${base}-files` });

    function fileRow(f) {
      const link = h('a', { href: `/api/v1${filesPath(f.id)}/content`, download: f.filename, class: 'sys-file-name' },
        f.filename);
      const size = h('span', { class: 'sys-file-size', 'data-bytes': f.size }, formatSize(f.size));
      const row = h('li', { class: 'sys-file' }, link, ' ', size);
      if (!editable) return row;
      const tools = h('span', { class: 'sys-file-tools' });
      const askRemove = () => {
        const yes = h('button', { type: 'button', class: 'danger', 'data-i18n': 'systems.files.remove_yes' },
          t('systems.files.remove_yes'));
        const no = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'systems.files.remove_no' },
          t('systems.files.remove_no'));
        no.addEventListener('click', () => { showTools(); tools.querySelector('button')?.focus(); });
        yes.addEventListener('click', async () => {
          yes.disabled = true;
          no.disabled = true;
          setAlert(alert, null);
          try {
            await api('DELETE', filesPath(f.id));
            statusLine(live, 'systems.files.removed', { name: f.filename });
            await filesChanged(`${base}-file`);
          } catch (x) {
            showTools();
            setAlert(alert, x.status === 409 ? 'systems.files.not_draft' : problemKey(x));
          }
        });
        tools.replaceChildren(h('span', { class: 'sys-file-ask' }, tn('systems.files.remove_ask', { name: f.filename })),
          ' ', yes, ' ', no);
        yes.focus();
      };
      const showTools = () => {
        tools.replaceChildren(h('button', { type: 'button', class: 'secondary sys-file-remove', onclick: askRemove },
          tn('systems.files.remove'), h('span', { class: 'sr-only' }, ` ${f.filename}`)));
      };
      showTools();
      row.append(' ', tools);
      return row;
    }

    const none = h('p', { class: 'sys-files-none hint', 'data-i18n': 'systems.files.none' }, t('systems.files.none'));
    box.ucUpdate = (files) => {
      list.replaceChildren(...files.map(fileRow));
      list.hidden = files.length === 0;
      none.hidden = files.length !== 0;
    };
    box.append(h('p', { class: 'sys-files-head', 'data-i18n': 'systems.files.title' }, t('systems.files.title')),
      none, list, alert);
    box.ucUpdate(p.files || []);
    if (!editable) return box;

    const input = field(`${base}-file`, 'systems.files.choose', { type: 'file' }, 'systems.files.hint');
    const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-labelledby': `${base}-file-live` });
    const send = h('button', { type: 'button', class: 'secondary sys-file-send', 'data-i18n': 'systems.files.upload' },
      t('systems.files.upload'));
    send.addEventListener('click', async () => {
      setFieldError(input, null);
      setAlert(alert, null);
      const f = input.input.files && input.input.files[0];
      if (!f) { setFieldError(input, 'systems.files.pick'); input.input.focus(); return; }
      const data = new FormData();
      data.append('part', p.code);
      data.append('file', f, f.name);
      send.disabled = true;
      box.setAttribute('aria-busy', 'true');
      progress.value = 0;
      progress.hidden = false;
      statusLine(live, 'systems.files.uploading', { name: f.name });
      try {
        const r = await upload(filesPath(), data, (x) => { progress.value = Math.round(x * 100); }).promise;
        progress.value = 100;
        input.input.value = '';
        statusLine(live, 'systems.files.uploaded', { name: r.filename, size: formatSize(r.size) });
        await filesChanged(null);
      } catch (x) {
        statusLine(live, null);
        if (x.status === 401) { api('GET', '/me').catch(() => {}); return; }
        const fe = x.fields?.file || x.fields?.part || x.fields?.content_type;
        if (x.status === 413) setFieldError(input, 'systems.files.too_big');
        else if (x.status === 409) setAlert(alert, 'systems.files.not_draft');
        else if (fe) setFieldError(input, fieldKey(fe.code));
        else setAlert(alert, problemKey(x));
      } finally {
        send.disabled = false;
        progress.hidden = true;
        box.removeAttribute('aria-busy');
      }
    });
    box.append(h('div', { class: 'sys-file-up' }, input.wrap, h('div', { class: 'sys-file-go' }, send, progress)), live);
    return box;
  }

  function render(focusId = null) {
    const s = st.sys;
    delete h1.dataset.i18n;
    h1.textContent = s.name;
    body.replaceChildren(...[
      h('p', { class: 'sys-sub' },
        h('span', {}, `${s.unit_code} · ${s.unit_name || ''}`), ' ', levelBadge(s.level?.in_force),
        s.national_critical ? [' ', h('span', { class: 'badge bad' }, tn('systems.critical'))] : null,
        s.retired_at ? [' ', h('span', { class: 'badge idle' }, tn('systems.retired'))] : null),
      canWrite ? null : h('p', { class: 'notice', 'data-i18n': 'systems.read_only' }, t('systems.read_only')),
      fieldsSection(), levelSection(), dossierSection()].filter(Boolean));
    if (focusId) document.getElementById(focusId)?.focus();
  }

  (async () => {
    try {
      [st.pack, st.units] = await Promise.all([loadPack().catch(() => null), loadUnits().catch(() => [])]);
    } catch { /* shown as plain fields */ }
    await reload();
  })();

  // sizes follow the language's digits (4,1 KB / 4.1 KB)
  const onLang = () => {
    for (const el of node.querySelectorAll('.sys-file-size')) el.textContent = formatSize(Number(el.dataset.bytes));
  };
  document.addEventListener('langchange', onLang);

  return { titleKey: 'systems.system', node, leave: () => document.removeEventListener('langchange', onLang) };
}
