// The rule pack in use (#/admin/rulepack, ?id= another pack): read only,
// for everyone signed in. Its name and version, then collapsible sections
// with a table of contents: the taxonomy, the serious test, the
// procedures, the reports and their deadlines, how days are counted, the
// parties, the holidays and the closed lists of the forms. Every rule
// names its source (file:line in data/rulepacks/) in small text.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, bi, pick } from './i18n.js';
import { setAlert, problemKey } from './form.js';
import { formatDate } from './format.js';
import { adminFrame, alertBox, button } from './admin.js';

const PATH = '/admin/rulepack';
const TITLE = 'admin.rp.title';
const SECTIONS = ['types', 'serious', 'procedures', 'reports', 'days', 'parties', 'holidays', 'options'];

function src(where) {
  return h('small', { class: 'src' }, h('span', { 'data-i18n': 'admin.rp.src' }, t('admin.rp.src')), ' ', where);
}

function yes(v) {
  return tn(v ? 'admin.yes' : 'admin.no');
}

/** A <details> section with an <h2> in its summary. */
/** The pack's note, in the language shown. */
function noteOf(pack) {
  const p = bi({ vi: pack.note, en: pack.note_en }, null, 'p');
  p.className = 'note';
  return p;
}

function section(name, ...content) {
  const key = `admin.rp.s.${name}`;
  return h('details', { class: 'rp-section card', id: `rp-${name}` },
    h('summary', {}, h('h2', { 'data-i18n': key }, t(key))), ...content);
}

function pair(key, ...value) {
  return h('div', { class: 'pair' }, h('dt', { 'data-i18n': key }, t(key)), h('dd', {}, ...value));
}

/** "within 5 days" + "of detection", each following the language. */
function deadline(d, clocks) {
  if (!d || d.due === 'none') return tn('admin.rp.due.none');
  const due = tn(`admin.rp.due.${d.due}`, { n: d.amount, m: clocks?.immediate_minutes ?? 0 });
  return d.anchor === 'none' ? due : [due, ' ', tn(`admin.rp.anchor.${d.anchor}`)];
}

export function rulepackPage(ctx) {
  const want = ctx.query.get('id');
  const alert = alertBox();
  const body = h('div', { class: 'rp-body', 'aria-busy': 'true' },
    h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
  const node = adminFrame(ctx, PATH, TITLE,
    h('p', { class: 'intro', 'data-i18n': 'admin.rp.intro' }, t('admin.rp.intro')), alert, body);

  function partyOf(pack) {
    const m = new Map(pack.parties.map((p) => [p.code, p]));
    return (code) => (m.has(code) ? bi(m.get(code)) : h('span', { class: 'code' }, code));
  }

  function list(codes, party) {
    if (!codes || codes.length === 0) return tn('admin.rp.nobody');
    return codes.flatMap((c, i) => (i ? [', ', party(c)] : [party(c)]));
  }

  function summary(pack, all) {
    const others = all.filter((p) => p.id !== pack.id);
    return h('section', { class: 'card rp-summary', 'aria-labelledby': 'rp-name' },
      h('h2', { id: 'rp-name' }, bi(pack)),
      h('p', {}, pack.in_use
        ? h('span', { class: 'badge ok', 'data-i18n': 'admin.rp.in_use' }, t('admin.rp.in_use'))
        : h('span', { class: 'badge idle', 'data-i18n': 'admin.rp.not_in_use' }, t('admin.rp.not_in_use'))),
      h('dl', { class: 'facts' },
        pair('admin.rp.version', h('span', { class: 'code' }, pack.id)),
        pair('admin.rp.regime', h('span', { class: 'code' }, pack.regime)),
        pair('admin.rp.effective', pack.effective_to
          ? tn('admin.rp.from_to', { from: formatDate(pack.effective_from), to: formatDate(pack.effective_to) })
          : tn('admin.rp.from', { from: formatDate(pack.effective_from) }))),
      pack.note ? noteOf(pack) : null,
      src(pack.src),
      others.length ? h('p', { class: 'others' }, h('span', { 'data-i18n': 'admin.rp.others' }, t('admin.rp.others')), ' ',
        others.flatMap((p, i) => [i ? ', ' : '', h('a', { href: `#${PATH}?id=${encodeURIComponent(p.id)}` }, bi(p))])) : null);
  }

  function toc(sections) {
    const links = SECTIONS.map((name) => {
      const key = `admin.rp.s.${name}`;
      const a = h('a', { href: `#rp-${name}`, 'data-i18n': key }, t(key));
      // the location's hash is the router's: open and show the section instead
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        const d = sections.get(name);
        d.open = true;
        d.scrollIntoView({ block: 'start' });
        d.querySelector('summary').focus();
      });
      return h('li', {}, a);
    });
    const openAll = button('admin.rp.open_all', 'secondary small', {
      onclick: () => { for (const d of sections.values()) d.open = true; },
    });
    const closeAll = button('admin.rp.close_all', 'secondary small', {
      onclick: () => { for (const d of sections.values()) d.open = false; },
    });
    return h('nav', { class: 'card rp-toc', 'aria-labelledby': 'toc-h' },
      h('h2', { id: 'toc-h', 'data-i18n': 'admin.rp.toc' }, t('admin.rp.toc')),
      h('ol', {}, links), h('div', { class: 'toolbar' }, openAll, closeAll));
  }

  function types(pack) {
    return section('types',
      h('p', { class: 'hint' }, tn('admin.rp.types_count', { groups: pack.groups.length, types: pack.types.length })),
      pack.groups.map((g) => h('section', { class: 'rp-group', 'aria-labelledby': `rp-g-${g.code}` },
        h('h3', { id: `rp-g-${g.code}` }, h('span', { class: 'code' }, g.code), ' ', bi(g)), src(g.src),
        h('ul', { class: 'rules rp-types' }, pack.types.filter((x) => x.group === g.code).map((x) => h('li', {},
          h('p', { class: 'rule-head' }, h('span', { class: 'code' }, x.code), ' ', bi(x, null, 'strong'),
            x.multi_label ? [' ', h('span', { class: 'tag', 'data-i18n': 'admin.rp.multi' }, t('admin.rp.multi'))] : null),
          h('p', { class: 'rsit' }, h('span', { 'data-i18n': 'admin.rp.rsit' }, t('admin.rp.rsit')), ' ',
            x.rsit ? h('span', { class: 'code' }, x.rsit) : tn('admin.rp.rsit_none'),
            x.rsit_alt?.length ? [' ', tn('admin.rp.rsit_alt', { list: x.rsit_alt.join(', ') })] : null),
          src(x.src)))))));
  }

  function serious(pack) {
    const s = pack.serious;
    return section('serious',
      h('p', {}, tn('admin.rp.serious_intro')),
      h('ul', { class: 'rules' },
        h('li', {}, tn('admin.rp.serious_levels', { levels: s.levels.join(', ') })),
        s.national_critical ? h('li', {}, bi(s.phrases, 'critical')) : null),
      src(s.src),
      h('h3', { 'data-i18n': 'admin.rp.harms' }, t('admin.rp.harms')),
      h('ol', { class: 'rules harms' }, pack.harms.map((x) => h('li', {},
        h('p', { class: 'rule-head' }, h('span', { class: 'code' }, `${x.code})`), ' ', bi(x)), src(x.src)))));
  }

  function procedures(pack, party) {
    return section('procedures', pack.procedures.map((p) => h('section', { class: 'rp-proc', 'aria-labelledby': `rp-p-${p.code}` },
      h('h3', { id: `rp-p-${p.code}` }, bi(p)), src(p.src),
      (p.stages.length ? p.stages : [{ code: '', vi: '', en: '' }]).map((stage) => h('div', { class: 'rp-stage' },
        stage.code ? h('h4', {}, h('span', { class: 'code' }, stage.code), ' ', bi(stage)) : null,
        h('ol', { class: 'rules rp-steps' }, p.steps.filter((x) => !stage.code || x.stage === stage.code).map((x) => h('li', {},
          h('p', { class: 'rule-head' }, h('span', { class: 'code' }, x.code), ' ', bi(x, null, 'strong'), ' ',
            h('span', { class: 'tag', 'data-i18n': x.required ? 'admin.rp.required' : 'admin.rp.optional' },
              t(x.required ? 'admin.rp.required' : 'admin.rp.optional'))),
          h('dl', { class: 'parties' },
            pair('admin.rp.lead', list(x.lead, party)),
            pair('admin.rp.coordinate', list(x.coordinate, party)),
            x.reopen?.length ? pair('admin.rp.reopen', x.reopen.join(', ')) : null,
            x.reset?.length ? pair('admin.rp.reset', x.reset.join(', ')) : null),
          x.content ? h('details', { class: 'content' },
            // the plan's own words, quoted as written (in Vietnamese)
            h('summary', { 'data-i18n': 'admin.rp.content' }, t('admin.rp.content')),
            h('p', { lang: 'vi' }, x.content),
            x.note ? h('p', { class: 'hint', lang: 'vi' }, x.note) : null) : null,
          src(x.src)))))))));
  }

  function reports(pack, party) {
    const ack = pack.acknowledge;
    return section('reports',
      h('ol', { class: 'rules reports' }, pack.reports.map((r) => h('li', {},
        h('p', { class: 'rule-head' }, h('span', { class: 'code' }, String(r.number)), ' ', bi(r, null, 'strong'),
          r.form ? [' ', h('span', { class: 'tag' }, r.form)] : null,
          r.closure ? [' ', h('span', { class: 'tag', 'data-i18n': 'admin.rp.closure' }, t('admin.rp.closure'))] : null),
        h('dl', { class: 'parties' },
          pair('admin.rp.deadline', deadline(r.deadline, pack.clocks)),
          pair('admin.rp.recipients', list(r.recipients, party))),
        src(r.src)))),
      ack ? h('div', { class: 'rp-ack' },
        h('h3', {}, bi(ack)),
        h('dl', { class: 'parties' },
          pair('admin.rp.deadline', deadline(ack.deadline, pack.clocks)),
          pair('admin.rp.recipients', list(ack.recipients, party))),
        src(ack.src)) : null);
  }

  function days(pack) {
    const d = pack.days;
    const c = pack.clocks;
    return section('days',
      h('dl', { class: 'facts' },
        pair('admin.rp.count', tn(`admin.rp.count_${d.count}`)),
        pair('admin.rp.start_next', yes(d.start_next_day)),
        pair('admin.rp.roll', yes(d.roll_non_working)),
        pair('admin.rp.weekend', d.weekend.flatMap((w, i) => (i ? [', ', tn(`admin.rp.wd.${w}`)] : [tn(`admin.rp.wd.${w}`)]))),
        pair('admin.rp.warn_days', tn('admin.rp.n_days', { n: d.warn_days }))),
      src(d.src),
      c ? [h('dl', { class: 'facts' },
        pair('admin.rp.immediate', tn('admin.rp.n_minutes', { n: c.immediate_minutes })),
        pair('admin.rp.warn_percent', `${c.warn_percent}%`)), src(c.src)] : null);
  }

  function parties(pack) {
    const bound = pack.parties.some((p) => 'unit_id' in p || 'unit_code' in p);
    return section('parties',
      bound ? null : h('p', { class: 'hint', 'data-i18n': 'admin.rp.binding_unknown' }, t('admin.rp.binding_unknown')),
      h('ul', { class: 'rules' }, pack.parties.map((p) => h('li', {},
        h('p', { class: 'rule-head' }, bi(p, null, 'strong'), ' ', h('span', { class: 'code' }, p.code)),
        bound ? h('p', {}, h('span', { 'data-i18n': 'admin.rp.bound' }, t('admin.rp.bound')), ' ',
          p.unit_code ? `${p.unit_name || ''} (${p.unit_code})` : tn('admin.rp.unbound')) : null,
        src(p.src)))));
  }

  function holidays(pack) {
    const years = [...new Set(pack.holidays.map((x) => x.date.slice(0, 4)))];
    return section('holidays', years.map((y) => h('section', { class: 'rp-year', 'aria-labelledby': `rp-y-${y}` },
      h('h3', { id: `rp-y-${y}` }, y),
      h('ul', { class: 'rules holidays' }, pack.holidays.filter((x) => x.date.startsWith(y)).map((x) => h('li', {},
        h('span', { class: 'date' }, formatDate(`${x.date}T12:00:00+07:00`)), ' ', x.name, ' ', src(x.src)))))));
  }

  function options(pack) {
    return section('options', Object.entries(pack.options || {}).map(([code, o]) => h('section', { class: 'rp-opt' },
      h('h3', {}, bi(o), ' ', h('span', { class: 'code' }, code)),
      h('p', { class: 'hint' }, tn(o.multi ? 'admin.rp.multi_choice' : 'admin.rp.single_choice')),
      src(o.src),
      h('ul', { class: 'rules' }, o.items.map((x) => h('li', {},
        h('span', { class: 'code' }, x.code), ' ', bi(x),
        pick(x, 'description') ? [' — ', bi(x, 'description')] : null, ' ', src(x.src)))))));
  }

  async function load() {
    try {
      const all = (await api('GET', '/rulepacks')).items;
      const id = want || all.find((p) => p.in_use)?.id || all[0]?.id;
      const pack = await api('GET', `/rulepacks/${encodeURIComponent(id)}`);
      const party = partyOf(pack);
      const built = [types(pack), serious(pack), procedures(pack, party), reports(pack, party), days(pack),
        parties(pack), holidays(pack), options(pack)];
      const sections = new Map(SECTIONS.map((name, i) => [name, built[i]]));
      body.replaceChildren(summary(pack, all), toc(sections), ...built);
    } catch (err) {
      if (!err.slug) throw err;
      body.replaceChildren();
      if (err.status !== 401) setAlert(alert, problemKey(err));
    } finally {
      body.removeAttribute('aria-busy');
    }
  }

  load();
  return { titleKey: TITLE, node };
}
