// The sections of the new-incident form, in the order of the notice and
// the initial report (regulation §3.3 A-B), built from the rule pack in
// use: its taxonomy, harms, option lists and their labels. Every field is
// registered under the API path it fills, so that the server's field
// errors land beside it.
import { h } from './dom.js';
import { tn, bi } from './i18n.js';
import {
  textField, selectField, choice, choiceGroup, whenField, checkField, levelItems, both, desc,
} from './incident-new-parts.js';
import { reportSection } from './incident-new-report.js';

export const MAX_SYSTEMS = 20; // the API's limit (IncidentCreateRequest.systems)

/** A pack list as a select, its default chosen, the chosen item's description under it. */
function listSelect(pack, id, code, label = null) {
  const list = pack.options[code];
  if (!list) return null;
  const f = selectField(id, label || both(list), list.items.map((it) => ({ value: it.code, label: both(it) })));
  f.input.value = list.default || list.items[0].code;
  const note = h('p', { class: 'hint option-desc', id: `${id}-desc` });
  f.input.setAttribute('aria-describedby', note.id);
  const show = () => {
    const it = list.items.find((x) => x.code === f.input.value);
    note.replaceChildren(...(it && desc(it) ? [bi(desc(it))] : []));
  };
  f.input.addEventListener('change', show);
  f.sync = show;
  show();
  f.wrap.insertBefore(note, f.err);
  return f;
}


function section(id, legendKey, ...children) {
  return h('fieldset', { class: 'section', id },
    h('legend', {}, h('span', { class: 'section-title' }, tn(legendKey))), ...children);
}

/** The unit (a choice when the person may report for several) and the source. */
function sourceSection(f, reg, units, me) {
  const nodes = [];
  if (units.length > 1) {
    const items = units.map((u) => {
      const name = `${'– '.repeat(Math.max(0, (u.depth || 0) - 1))}${u.name} (${u.code})`;
      return { value: String(u.id), label: { vi: name, en: name } };
    });
    f.unit = selectField('n-unit', 'new.unit.label', items, { required: true, hint: 'new.unit.hint' });
    f.unit.input.value = String(units.some((u) => u.id === me.unit_id) ? me.unit_id : units[0].id);
    reg.set('unit_id', f.unit);
    nodes.push(f.unit.wrap);
  } else if (units.length === 1) {
    nodes.push(h('p', { class: 'ni-static' }, h('strong', {}, tn('new.unit.label'), ': '), units[0].name));
  }
  f.source = choiceGroup('n-source', 'new.source.legend', [
    { value: 'unit', label: 'new.source.unit', hint: 'new.source.unit_hint' },
    { value: 'notice', label: 'new.source.notice', hint: 'new.source.notice_hint' },
  ], { multi: false, required: true });
  f.source.set(['unit']);
  reg.set('source', f.source);
  nodes.push(f.source.wrap);
  return section('n-s-source', 'new.s.source', ...nodes);
}

/** §3.3 A: who notified us (only for a third party's notice). */
function noticeSection(f, reg) {
  const tf = (key, path, label, opts) => { f[key] = textField(`n-${key}`, label, opts); reg.set(path, f[key]); return f[key].wrap; };
  const node = section('n-s-notice', 'new.s.notice',
    h('p', { class: 'hint' }, tn('new.notice.intro')),
    h('div', { class: 'ni-cols' },
      tf('nname', 'notice.notifier_name', 'new.notice.name', { required: true, attrs: { maxlength: '200' } }),
      tf('naddr', 'notice.notifier_address', 'new.notice.address', { required: true, attrs: { maxlength: '300' } })),
    h('div', { class: 'ni-cols' },
      tf('nphone', 'notice.notifier_phone', 'new.notice.phone', { attrs: { type: 'tel', maxlength: '32', autocomplete: 'off' } }),
      tf('nemail', 'notice.notifier_email', 'new.notice.email', { attrs: { type: 'email', maxlength: '254', autocomplete: 'off' } })),
    h('div', { class: 'ni-cols' },
      tf('nop', 'notice.operator_name', 'new.notice.operator', { attrs: { maxlength: '200' } }),
      tf('nown', 'notice.owner_name', 'new.notice.owner', { attrs: { maxlength: '200' } })));
  f.nphone.formatKey = 'new.err.phone';
  f.nemail.formatKey = 'new.err.email';
  reg.set('notice', f.nname);
  return node;
}

/** What happened and when. */
function incidentSection(f, reg) {
  f.title = textField('n-title', 'new.title', { required: true, hint: 'new.title_hint', attrs: { maxlength: '200' } });
  f.description = textField('n-desc', 'new.description', {
    required: true, tag: 'textarea', hint: 'new.description_hint', attrs: { maxlength: '20000', rows: '6' },
  });
  f.detected = whenField('n-det', 'new.detected', 'new.detected_date', 'new.detected_time');
  f.reported = whenField('n-rep', 'new.reported', 'new.reported_date', 'new.reported_time', { hint: 'new.when.hint_now' });
  for (const [p, x] of [['title', f.title], ['description', f.description], ['detected_at', f.detected], ['reported_at', f.reported]]) reg.set(p, x);
  return section('n-s-incident', 'new.s.incident', f.title.wrap, f.description.wrap,
    h('div', { class: 'ni-cols' }, f.detected.wrap, f.reported.wrap));
}

/** §3.3 A: the notifier's result and proposals. */
function noticeMoreSection(f, reg) {
  f.nresult = textField('n-nresult', 'new.notice.result', { tag: 'textarea', attrs: { maxlength: '5000', rows: '3' } });
  f.nprop = textField('n-nprop', 'new.notice.proposals', { tag: 'textarea', attrs: { maxlength: '5000', rows: '3' } });
  reg.set('notice.result', f.nresult);
  reg.set('notice.proposals', f.nprop);
  return section('n-s-notice2', 'new.s.notice_more', f.nresult.wrap, f.nprop.wrap);
}

/** One affected system: name, domain, IP, level, national critical list. */
function systemRow(pack, i, onRemove) {
  const id = `n-sys-${i}`;
  const r = {
    name: textField(`${id}-name`, 'new.system.name', { attrs: { maxlength: '200' } }),
    domain: textField(`${id}-domain`, 'new.system.domain', { attrs: { autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off', inputmode: 'url' } }),
    ip: textField(`${id}-ip`, 'new.system.ip', { attrs: { autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off' } }),
    level: selectField(`${id}-level`, 'new.system.level', levelItems()),
  };
  r.domain.formatKey = 'new.err.domain';
  r.ip.formatKey = 'new.err.ip';
  const phrases = pack.serious.phrases || {};
  r.critical = checkField(`${id}-crit`, { vi: phrases.critical_vi, en: phrases.critical_en });
  const remove = h('button', { type: 'button', class: 'secondary remove', id: `${id}-remove` }, tn('new.system.remove', { n: i + 1 }));
  remove.addEventListener('click', () => onRemove(i));
  r.remove = remove;
  const legend = tn('new.system.legend', { n: i + 1 });
  for (const k of ['name', 'domain', 'ip', 'level', 'critical']) r[k].context = legend;
  r.wrap = h('fieldset', { class: 'system' },
    h('legend', {}, legend),
    h('div', { class: 'ni-cols' }, r.name.wrap, r.level.wrap),
    h('div', { class: 'ni-cols' }, r.domain.wrap, r.ip.wrap),
    r.critical.wrap, h('div', { class: 'row-tools' }, remove));
  return r;
}

/** The affected systems, a list the person grows and shrinks. */
function systemsSection(f, reg, pack, changed) {
  const rows = h('div', { class: 'systems' });
  const add = h('button', { type: 'button', class: 'secondary', id: 'n-sys-add' }, tn('new.system.add'));
  const hint = h('p', { class: 'hint', id: 'n-systems-hint' }, tn('new.systems.hint'));
  const err = h('p', { class: 'field-error', id: 'n-systems-err', hidden: true });
  f.systems = [];
  const node = section('n-s-systems', 'new.s.systems', hint, err, rows, h('div', { class: 'row-tools' }, add));
  node.setAttribute('aria-describedby', hint.id);
  f.systemsGroup = { wrap: node, err, hint, name: node.querySelector('.section-title'), targets: [node], focusEl: null };
  reg.set('systems', f.systemsGroup);

  const read = (r) => ({
    name: r.name.input.value, domain: r.domain.input.value, ip: r.ip.input.value,
    level: r.level.input.value, critical: r.critical.input.checked,
  });
  const write = (r, v) => {
    r.name.input.value = v.name; r.domain.input.value = v.domain; r.ip.input.value = v.ip;
    r.level.input.value = v.level; r.critical.input.checked = v.critical;
  };
  function register() {
    for (const k of [...reg.keys()]) if (k.startsWith('systems[')) reg.delete(k);
    f.systems.forEach((r, i) => {
      for (const k of ['name', 'domain', 'ip', 'level']) reg.set(`systems[${i}].${k}`, r[k]);
      reg.set(`systems[${i}].national_critical`, r.critical);
      reg.set(`systems[${i}]`, r.name);
      r.remove.hidden = f.systems.length < 2;
    });
    f.systemsGroup.focusEl = f.systems[0] ? f.systems[0].name.input : add;
    add.disabled = f.systems.length >= MAX_SYSTEMS;
  }
  /** Lay the rows out again from values (after a removal or a restore). */
  function setRows(values) {
    f.systems = values.map((v, i) => {
      const r = systemRow(pack, i, remove);
      write(r, v);
      return r;
    });
    rows.replaceChildren(...f.systems.map((r) => r.wrap));
    register();
  }
  function remove(i) {
    const values = f.systems.map(read);
    values.splice(i, 1);
    setRows(values);
    const next = f.systems[Math.min(i, f.systems.length - 1)];
    next.name.input.focus();
    changed();
  }
  add.addEventListener('click', () => {
    setRows([...f.systems.map(read), { name: '', domain: '', ip: '', level: '0', critical: false }]);
    f.systems[f.systems.length - 1].name.input.focus();
    changed();
  });
  f.setSystems = setRows;
  f.readSystems = () => f.systems.map(read);
  setRows([{ name: '', domain: '', ip: '', level: '0', critical: false }]);
  return node;
}

/** The taxonomy: a fieldset per group, a checkbox per type. */
function typesSection(f, reg, pack) {
  const inputs = [];
  const groups = pack.groups.map((g) => {
    const types = pack.types.filter((ty) => ty.group === g.code);
    const list = h('div', { class: 'choices' }, types.map((ty) => choice(`n-type-${ty.code}`, 'n-types', ty.code,
      both(ty), { hint: ty.multi_label ? 'new.types.multi_hint' : null })));
    inputs.push(...list.querySelectorAll('input'));
    return h('fieldset', { class: 'group types-group' }, h('legend', {}, bi(g)), list);
  });
  const hint = h('p', { class: 'hint', id: 'n-types-hint' }, tn('new.types.hint'));
  const err = h('p', { class: 'field-error', id: 'n-types-err', hidden: true });
  const node = section('n-s-types', 'new.s.types', hint, err, h('div', { class: 'types' }, groups));
  node.setAttribute('aria-describedby', hint.id);
  f.types = {
    wrap: node, err, hint, inputs, name: node.querySelector('.section-title'), targets: [node], focusEl: inputs[0],
    values: () => inputs.filter((i) => i.checked).map((i) => i.value),
  };
  reg.set('types', f.types);
  return node;
}

/** The serious test (QĐ 05/2017 Đ9): harms, the owner's capacity; and beyond the unit's capacity. */
function seriousSection(f, reg, pack) {
  const s = pack.serious;
  const levels = s.levels.join(', ');
  const intro = h('p', { class: 'hint' }, tn(s.national_critical ? 'new.serious.intro' : 'new.serious.intro_levels', { levels }));
  f.harms = choiceGroup('n-harms', 'new.harms.legend', pack.harms.map((x) => ({
    value: x.code, label: { vi: `${x.code}) ${x.vi}`, en: `${x.code}) ${x.en}` },
  })), { hint: 'new.harms.hint' });
  f.owner = checkField('n-owner', 'new.owner_cannot', 'new.owner_cannot_hint');
  f.beyond = checkField('n-beyond', 'new.beyond', 'new.beyond_hint');
  f.verdict = h('p', { class: 'verdict', id: 'n-verdict' });
  reg.set('harms', f.harms);
  reg.set('owner_cannot_handle', f.owner);
  reg.set('beyond_capacity', f.beyond);
  return section('n-s-serious', 'new.s.serious', intro, f.harms.wrap, f.owner.wrap, f.verdict, f.beyond.wrap);
}

/** Priority, TLP and the impact on confidentiality, integrity, availability. */
function handlingSection(f, reg, pack) {
  f.priority = listSelect(pack, 'n-priority', 'priority');
  f.tlp = listSelect(pack, 'n-tlp', 'tlp');
  if (f.priority) reg.set('priority', f.priority);
  if (f.tlp) reg.set('tlp', f.tlp);
  const impact = pack.options.impact;
  f.impact = {};
  let impactNode = null;
  if (impact) {
    const sel = (axis) => {
      const x = selectField(`n-imp-${axis}`, `new.impact.${axis}`, impact.items.map((it) => ({ value: it.code, label: both(it) })));
      x.input.value = impact.default || impact.items[0].code;
      reg.set(`impact.${axis}`, x);
      f.impact[axis] = x;
      return x.wrap;
    };
    impactNode = h('fieldset', { class: 'group impact' }, h('legend', {}, bi(impact)),
      h('div', { class: 'ni-cols three' }, sel('confidentiality'), sel('integrity'), sel('availability')));
  }
  return section('n-s-handling', 'new.s.handling',
    h('div', { class: 'ni-cols' }, f.priority ? f.priority.wrap : null, f.tlp ? f.tlp.wrap : null), impactNode);
}

/**
 * The whole form: {node, f (fields by name), reg (API path -> field)}.
 * changed() is called after changes made by buttons (add/remove a system).
 */
export function buildSections({ pack, units, me }, changed) {
  const f = {};
  const reg = new Map();
  const report = reportSection(f, reg, pack);
  const nodes = [
    sourceSection(f, reg, units, me),
    noticeSection(f, reg),
    incidentSection(f, reg),
    noticeMoreSection(f, reg),
    systemsSection(f, reg, pack, changed),
    typesSection(f, reg, pack),
    seriousSection(f, reg, pack),
    handlingSection(f, reg, pack),
    report,
  ];
  return { nodes, f, reg };
}
