// The web application built into the binary: "/" and /assets/..., with
// ETag / If-None-Match, gzip when accepted, Cache-Control no-cache, and
// the same strict CSP as every reply; the API's root moved to /api/v1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, api, rawHttp, REPO_ROOT } from './lib/server.mjs';
import { useEngine, assertProblem } from './lib/common.mjs';

const ctx = useEngine();
let srv;

before(async () => { srv = await startServer({ ...ctx, sample: false }); });
after(async () => { if (srv) await srv.stop(); });

const WEB = path.join(REPO_ROOT, 'web');
const web = (f) => fs.readFileSync(path.join(WEB, f), 'utf8');
const inDir = (d, ext) => fs.readdirSync(path.join(WEB, d)).filter((n) => n.endsWith(ext)).sort();

/** app.css is web/css/*.css joined in name order, each under its name. */
function joinedCss() {
  return inDir('css', '.css').map((n) => {
    const text = web(`css/${n}`);
    return `/* css/${n} */\n${text}${text.endsWith('\n') ? '' : '\n'}`;
  }).join('');
}

/** i18n/LANG.json is web/i18n/LANG/*.json as one dictionary. */
function joinedDictionary(lang) {
  return Object.assign({}, ...inDir(`i18n/${lang}`, '.json')
    .map((n) => JSON.parse(web(`i18n/${lang}/${n}`))));
}

test('GET / is web/index.html under the strict CSP', async () => {
  const r = await rawHttp(`${srv.base}/`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assert.equal(r.text, web('index.html'));
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  assert.match(r.headers.get('etag'), /^"[0-9a-f]{20}"$/);
  assert.equal(r.headers.get('vary'), 'Accept-Encoding');
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.doesNotMatch(r.text, /<script>|<script [^>]*>[^<]|\son\w+=/, 'no inline script');
});

test('assets: MIME types, subfolders, 404 for unknown files', async () => {
  const cases = [['app.js', /^text\/javascript/, web('app.js')],
    ['app.css', /^text\/css/, joinedCss()]];
  for (const [f, type, want] of cases) {
    const r = await rawHttp(`${srv.base}/assets/${f}`);
    assert.equal(r.status, 200, f);
    assert.match(r.headers.get('content-type'), type, f);
    assert.equal(r.text, want, f);
  }
  for (const lang of ['vi', 'en']) {
    const r = await rawHttp(`${srv.base}/assets/i18n/${lang}.json`);
    assert.equal(r.status, 200, lang);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(JSON.parse(r.text), joinedDictionary(lang));
  }
  // the parts are not served on their own
  for (const p of ['/assets/css/00-base.css', '/assets/i18n/vi/common.json']) {
    assertProblem(await rawHttp(`${srv.base}${p}`), 404, { msg: p });
  }
  for (const p of ['/assets/nope.js', '/assets/../meson.build', '/assets/i18n/xx.json', '/index.html']) {
    assertProblem(await rawHttp(`${srv.base}${p}`), 404, { msg: p });
  }
  assertProblem(await api(srv.base, 'POST', '/assets/app.js', { body: {} }), 405);
});

test('If-None-Match answers 304 without a body; a stale ETag gets 200', async () => {
  const first = await rawHttp(`${srv.base}/assets/app.js`);
  const etag = first.headers.get('etag');
  const again = await rawHttp(`${srv.base}/assets/app.js`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
  assert.equal(again.headers.get('etag'), etag);
  const weak = await rawHttp(`${srv.base}/assets/app.js`, { headers: { 'if-none-match': `"x", W/${etag}` } });
  assert.equal(weak.status, 304);
  const stale = await rawHttp(`${srv.base}/assets/app.js`, { headers: { 'if-none-match': '"0000"' } });
  assert.equal(stale.status, 200);
});

test('gzip when accepted (and not when q=0); HEAD has the headers only', async () => {
  const plain = await rawHttp(`${srv.base}/assets/app.css`);
  assert.equal(plain.headers.get('content-encoding'), null);
  const off = await rawHttp(`${srv.base}/assets/app.css`, { headers: { 'accept-encoding': 'gzip;q=0, br' } });
  assert.equal(off.headers.get('content-encoding'), null);
  const r = await fetch(`${srv.base}/assets/app.css`, { headers: { 'accept-encoding': 'gzip, deflate' } });
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  assert.equal(await r.text(), joinedCss()); // fetch decodes it
  const head = await rawHttp(`${srv.base}/`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  assert.ok(head.headers.get('etag'));
});

test('GET /api/v1 is the API root (JSON)', async () => {
  const r = await api(srv.base, 'GET', '/api/v1');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { name: 'ungcuu', openapi: '/api/v1/openapi.json', web: '/' });
});
