// The one way the pages talk to the server: JSON to /api/v1, the session
// cookie (HttpOnly, set by the server) plus the X-CSRF-Token header on
// every write, and RFC 9457 problems turned into an ApiError with
// per-field codes the forms show beside their fields.

let csrfToken = null;
let onUnauthenticated = () => {};

export function setCsrf(token) { csrfToken = token || null; }

/** The token writes carry (for a request api() cannot make: an upload). */
export function csrf() { return csrfToken; }

/** Called when a request made while signed in gets 401. */
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

export class ApiError extends Error {
  constructor(status, problem) {
    const p = problem && typeof problem === 'object' ? problem : {};
    super(p.detail || p.title || `HTTP ${status}`);
    this.status = status;
    // "https://ungcuu.vn/problems/totp-required" -> "totp-required"
    this.slug = status === 0 ? 'network'
      : String(p.type || '').split('/').pop() || 'unknown';
    this.fields = {};
    for (const e of Array.isArray(p.errors) ? p.errors : []) {
      if (e && typeof e.field === 'string' && !(e.field in this.fields)) {
        this.fields[e.field] = { code: e.code, message: e.message };
      }
    }
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * api('GET', '/incidents?open=1') -> parsed JSON (null for 204).
 * Throws ApiError; status 0 when the server cannot be reached.
 * opts.quiet401: do not call the unauthenticated handler.
 * opts.ifMatch: the version the change is based on (If-Match); a stale
 * one gets 412 (slug 'precondition-failed').
 * opts.headers: more headers (Idempotency-Key).
 */
export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (WRITES.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.ifMatch !== undefined && opts.ifMatch !== null) headers['If-Match'] = `"${opts.ifMatch}"`;
  let r;
  try {
    r = await fetch(`/api/v1${path}`, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const type = r.headers.get('Content-Type') || '';
  const data = r.status === 204 || !/json/.test(type)
    ? null : await r.json().catch(() => null);
  if (r.ok) return data;
  const err = new ApiError(r.status, data);
  if (r.status === 401 && err.slug === 'unauthenticated' && !opts.quiet401) {
    onUnauthenticated();
  }
  throw err;
}

/**
 * POST a multipart body with upload progress (fetch has none):
 * onProgress(fraction). { promise, abort }: the promise resolves with
 * the parsed reply, rejects with an ApiError (status 0: the network)
 * or { aborted: true } after abort().
 */
export function upload(path, data, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', `/api/v1${path}`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrf()) xhr.setRequestHeader('X-CSRF-Token', csrf());
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = null; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, null)));
    xhr.addEventListener('abort', () => reject({ aborted: true }));
    xhr.send(data);
  });
  return { promise, abort: () => xhr.abort() };
}
