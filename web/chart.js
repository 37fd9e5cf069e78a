// Small horizontal bar charts in SVG, readable without the picture: the
// SVG is role="img" with a summary in its aria-label, and a table of the
// same numbers follows it, visually hidden until a link in it has the
// keyboard focus. Each bar (and each row of the table) links to where
// its incidents are listed. Labels are functions, so a language switch
// draws the chart again in the new language (one listener for the page).
import { h } from './dom.js';
import { t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 46; // px per bar: its label line, then the bar
const BAR = 16;
const LABEL_MAX = 44; // characters; the whole label is in the bar's title
const charts = new WeakMap(); // figure -> draw()

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined && v !== false) el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function short(text) {
  return text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1).trimEnd()}…` : text;
}

/** One bar: the label above, the bar, the number after it; a link. */
function bar(row, i, max) {
  const y = i * ROW;
  // the longest bar takes 85% of the width, leaving room for its number
  const pct = max > 0 ? Math.max((row.value / max) * 85, row.value > 0 ? 0.8 : 0) : 0;
  const label = row.label();
  // for the mouse the whole row opens the list (picture() listens); the
  // keyboard and screen readers have the same links in the table, since
  // a picture (role img) may hold no control of its own
  return s('g', { 'data-href': row.href, class: 'chart-bar' },
    s('title', {}, `${label}: ${row.value}`),
    s('rect', { x: 0, y, width: '100%', height: ROW, class: 'chart-hit' }),
    s('text', { x: 0, y: y + 15, class: 'chart-label' }, short(label)),
    s('rect', { x: 0, y: y + 22, width: `${pct}%`, height: BAR, rx: 2, class: 'chart-fill' }),
    s('text', { x: `${pct}%`, dx: 6, y: y + 35, class: 'chart-value' }, String(row.value)));
}

function picture(spec) {
  const { rows } = spec;
  const max = Math.max(0, ...rows.map((r) => r.value));
  const summary = t(spec.summaryKey, {
    ...spec.summaryVars,
    title: spec.title(),
    items: rows.map((r) => `${r.label()} ${r.value}`).join('; '),
  });
  const svg = s('svg', {
    role: 'img', 'aria-label': summary, width: '100%', height: rows.length * ROW,
    class: 'chart-svg', focusable: 'false',
  }, rows.map((r, i) => bar(r, i, max)));
  svg.addEventListener('click', (ev) => {
    const g = ev.target.closest('[data-href]');
    if (g) location.href = g.dataset.href;
  });
  return svg;
}

function table(spec) {
  return h('div', { class: 'chart-data' }, h('table', {},
    h('caption', {}, spec.title()),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t(spec.categoryKey)),
      h('th', { scope: 'col' }, t(spec.countKey)))),
    h('tbody', {}, spec.rows.map((r) => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: r.href }, r.label())),
      h('td', {}, String(r.value)))))));
}

/**
 * barChart({title, rows: [{label, value, href}], emptyKey, summaryKey,
 * summaryVars, categoryKey, countKey}) -> <figure>. title and each
 * label are functions giving the text in the current language;
 * summaryKey's string gets summaryVars, {title} and {items}
 * ("Mới 3; Đang xác minh 1").
 */
export function barChart(spec) {
  const fig = h('figure', { class: 'chart' });
  const draw = () => {
    const caption = h('figcaption', { class: 'chart-title' }, spec.title());
    if (spec.rows.length === 0) {
      fig.replaceChildren(caption, h('p', { class: 'empty' }, t(spec.emptyKey)));
      return;
    }
    fig.replaceChildren(caption, picture(spec), table(spec));
  };
  draw();
  charts.set(fig, draw);
  return fig;
}

document.addEventListener('langchange', () => {
  for (const fig of document.querySelectorAll('figure.chart')) {
    const draw = charts.get(fig);
    if (draw) draw();
  }
});
