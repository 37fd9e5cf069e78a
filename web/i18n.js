// Strings: every visible string comes from web/i18n/<lang>.json.
// Vietnamese by default; the choice is kept in localStorage.

export const LANGS = ['vi', 'en'];
const KEY = 'ungcuu.lang';
let lang = 'vi';
let dict = {};

async function load(l) {
  const r = await fetch(`/assets/i18n/${l}.json`, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`dictionary ${l}: HTTP ${r.status}`);
  return r.json();
}

export async function setLang(l) {
  const want = LANGS.includes(l) ? l : 'vi';
  dict = await load(want);
  lang = want;
  try { localStorage.setItem(KEY, want); } catch { /* private mode */ }
  document.documentElement.lang = want;
}

export function initialLang() {
  try { return localStorage.getItem(KEY) || 'vi'; } catch { return 'vi'; }
}

export function currentLang() { return lang; }

/** t('app.title', {page: 'X'}); a missing key shows as itself. */
export function t(key, vars = {}) {
  const s = Object.hasOwn(dict, key) ? dict[key] : key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/**
 * An element whose text is the key's, kept in the current language by
 * translate(): tn(key, {n: 3}).
 */
export function tn(key, vars = null, tag = 'span') {
  const el = document.createElement(tag);
  el.dataset.i18n = key;
  if (vars) el.dataset.i18nVars = JSON.stringify(vars);
  el.textContent = t(key, vars || {});
  return el;
}

/**
 * The label of a coded value ('status', 'checking'), following the
 * language; an unknown code shows as itself.
 */
export function valueLabel(prefix, value) {
  const key = `${prefix}.${value}`;
  const el = document.createElement('span');
  el.dataset.i18n = key;
  el.textContent = tOr(key, String(value));
  return el;
}

/** t() with a fallback when the key is absent (e.g. a new status). */
export function tOr(key, fallback) {
  return Object.hasOwn(dict, key) ? dict[key] : fallback;
}

/**
 * Data that carries both languages (rule pack labels, units' names):
 * pick({vi: 'Sự cố', en: 'Incident'}) or pick(obj, 'label') for
 * obj.label_vi / obj.label_en. Falls back to Vietnamese.
 */
export function pick(obj, stem = null) {
  const [vi, en] = both(obj, stem);
  return lang === 'en' ? en : vi;
}

function both(obj, stem) {
  const vi = (stem ? obj?.[`${stem}_vi`] : obj?.vi) || '';
  const en = (stem ? obj?.[`${stem}_en`] : obj?.en) || '';
  return [vi || en, en || vi];
}

/**
 * An element showing bilingual data in the current language, switched
 * in place by translate(): bi({vi, en}) or bi(obj, 'label').
 */
export function bi(obj, stem = null, tag = 'span') {
  const el = document.createElement(tag);
  [el.dataset.vi, el.dataset.en] = both(obj, stem);
  el.textContent = lang === 'en' ? el.dataset.en : el.dataset.vi;
  return el;
}

/**
 * Fill [data-i18n] text (with [data-i18n-vars]), [data-i18n-label] aria-labels,
 * [data-i18n-placeholder] placeholders and bi() spans under root.
 */
export function translate(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const vars = el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : null;
    el.textContent = vars ? t(el.dataset.i18n, vars) : tOr(el.dataset.i18n, el.textContent);
  }
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  }
  for (const el of root.querySelectorAll('[data-vi]')) {
    el.textContent = lang === 'en' ? el.dataset.en : el.dataset.vi;
  }
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
}
