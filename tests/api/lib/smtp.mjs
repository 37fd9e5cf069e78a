// A real SMTP server on loopback for the outbox tests: Debian's
// python3-aiosmtpd, run by the embedded Python script below.
//
//   const smtp = await startSmtp({ user, password, tls: {cert, key} })
//   smtp.url            smtp://127.0.0.1:PORT
//   smtp.messages()     every accepted message, decoded by Python's email
//                       package: {mail_from, rcpt_tos, from, to, subject,
//                       date, message_id, content_type, text, html,
//                       headers, auth_login, tls}
//   smtp.refuse(n)      answer the next n messages with 451 after DATA
//   smtp.refused()      how many were refused so far
//   smtp.waitFor(pred, ms) the messages, once pred(messages) holds
//   smtp.stop()
//
// Each accepted message is written to DIR/msg-NNNN.json (renamed into
// place, so a reader never sees half of one); DIR/refuse holds the count
// of refusals still to give, DIR/refused the count given.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './pg.mjs';
import { sleep } from './server.mjs';

const PY = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const SCRIPT = String.raw`
import email, email.policy, json, os, signal, ssl, sys, threading
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, out = int(sys.argv[1]), sys.argv[2]
user, password = os.environ.get('SMTP_USER'), os.environ.get('SMTP_PASSWORD')
cert, key = os.environ.get('SMTP_CERT'), os.environ.get('SMTP_KEY')
lock = threading.Lock()
count = [0]

def counter(name, delta):
    p = os.path.join(out, name)
    try:
        n = int(open(p).read().strip() or '0')
    except FileNotFoundError:
        n = 0
    if delta < 0 and n <= 0:
        return False
    with open(p + '.tmp', 'w') as f:
        f.write(str(n + delta))
    os.replace(p + '.tmp', p)
    return True

def body(msg, kind):
    part = msg.get_body((kind,))
    return part.get_content() if part is not None else None

class Handler:
    async def handle_DATA(self, server, session, envelope):
        with lock:
            if counter('refuse', -1):
                counter('refused', 1)
                return '451 4.3.0 Try again later (test refusal)'
            msg = email.message_from_bytes(envelope.original_content,
                                           policy=email.policy.default)
            count[0] += 1
            rec = {
                'mail_from': envelope.mail_from,
                'rcpt_tos': envelope.rcpt_tos,
                'from': str(msg['from']), 'to': str(msg['to']),
                'subject': str(msg['subject']), 'date': str(msg['date']),
                'message_id': str(msg['message-id']),
                'content_type': msg.get_content_type(),
                'text': body(msg, 'plain'), 'html': body(msg, 'html'),
                'headers': {k: str(v) for k, v in msg.items()},
                'auth_login': (session.auth_data.login.decode()
                               if isinstance(session.auth_data, LoginPassword)
                               else None),
                'tls': session.ssl is not None,
            }
            p = os.path.join(out, 'msg-%04d.json' % count[0])
            with open(p + '.tmp', 'w') as f:
                json.dump(rec, f, ensure_ascii=False)
            os.replace(p + '.tmp', p)
        return '250 2.0.0 OK'

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login.decode() == user
          and auth_data.password.decode() == password)
    return AuthResult(success=ok, auth_data=auth_data if ok else None)

kw = {}
if user:
    kw.update(authenticator=authenticator, auth_required=True,
              auth_require_tls=bool(cert))
if cert:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    kw.update(tls_context=ctx, require_starttls=True)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
c = Controller(Handler(), hostname='127.0.0.1', port=port, **kw)
c.start()
print('ready', flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
c.stop()
`;

export async function startSmtp({ user, password, tls } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ungcuu-smtp-'));
  const port = await freePort();
  const env = { ...process.env };
  if (user) Object.assign(env, { SMTP_USER: user, SMTP_PASSWORD: password });
  if (tls) Object.assign(env, { SMTP_CERT: tls.cert, SMTP_KEY: tls.key });
  const proc = spawn(PY, ['-c', SCRIPT, String(port), dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`aiosmtpd did not start:\n${log}`)), 15_000);
    proc.stdout.on('data', (d) => { if (String(d).includes('ready')) { clearTimeout(t); resolve(); } });
    proc.on('exit', (code) => { clearTimeout(t); reject(new Error(`aiosmtpd exited ${code}:\n${log}`)); });
  });
  const readCount = (name) => {
    try { return Number(fs.readFileSync(path.join(dir, name), 'utf8')) || 0; } catch { return 0; }
  };
  const messages = () => fs.readdirSync(dir).filter((f) => /^msg-\d+\.json$/.test(f)).sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    dir,
    messages,
    refuse(n) {
      fs.writeFileSync(path.join(dir, 'refuse.tmp'), String(n));
      fs.renameSync(path.join(dir, 'refuse.tmp'), path.join(dir, 'refuse'));
    },
    refused: () => readCount('refused'),
    async waitFor(pred, ms = 20_000) {
      const end = Date.now() + ms;
      for (;;) {
        const m = messages();
        if (pred(m)) return m;
        if (Date.now() > end) throw new Error(`SMTP: condition not met in ${ms} ms; got ${JSON.stringify(m.map((x) => [x.rcpt_tos, x.subject]))}\n${log}`);
        await sleep(50);
      }
    },
    log: () => log,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => { proc.once('exit', r); setTimeout(r, 5000); });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
