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

/** t() with a fallback when the key is absent (e.g. a new status). */
export function tOr(key, fallback) {
  return Object.hasOwn(dict, key) ? dict[key] : fallback;
}

/** Fill [data-i18n] text and [data-i18n-label] aria-labels under root. */
export function translate(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = tOr(el.dataset.i18n, el.textContent);
  }
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
}
