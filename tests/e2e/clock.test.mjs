// web/clock.js in Chromium: the span words, the states, the countdown
// and the in-place language switch, with clocks made up in the test.
import assert from 'node:assert/strict';
import { useWorld, e2e, open } from './lib/harness.mjs';

useWorld();

const HOUR = 3_600_000;

/** Render clocks in the page (signed out: only the modules are needed). */
async function render(page, clocks) {
  return page.evaluate(async ([cs, HOUR]) => {
    const m = await import('/assets/clock.js');
    const now = Date.now();
    const iso = (ms) => (ms === null ? null : new Date(now + ms).toISOString());
    const box = m.clockList(cs.map((c) => ({
      ...c, due_at: iso(c.due), warn_at: iso(c.warn), sent_at: iso(c.sent),
    })));
    box.id = 'clocks-under-test';
    document.querySelector('main').replaceChildren(box);
    return [m.formatSpan(26 * HOUR + 5 * 60_000), m.formatSpan(-(2 * HOUR + 30 * 60_000)),
      m.formatSpan(59_000), m.formatSpan(-1000)];
  }, [clocks, HOUR]);
}

const CLOCKS = [
  { report: 'r1', label_vi: 'Báo cáo ban đầu', label_en: 'Initial report', state: 'pending',
    due: 30 * HOUR, warn: 20 * HOUR, sent: null,
    to: [{ party: 'ir_unit', label_vi: 'Đơn vị chuyên trách', label_en: 'Response unit' }] },
  { report: 'r2', label_vi: 'Thông báo sự cố', label_en: 'Incident notice', state: 'due_soon',
    due: 2 * HOUR, warn: -HOUR, sent: null, to: [] },
  { report: 'r3', label_vi: 'Phản hồi', label_en: 'Acknowledgement', state: 'overdue',
    due: -3 * HOUR, warn: -4 * HOUR, sent: null, to: [] },
  { report: 'r4', label_vi: 'Báo cáo đã gửi', label_en: 'Sent report', state: 'met',
    due: -HOUR, warn: -2 * HOUR, sent: -2 * HOUR, to: [] },
  { report: 'r5', label_vi: 'Báo cáo kết thúc', label_en: 'Final report', state: 'not_started',
    due: null, warn: null, sent: null, to: [] },
];

e2e('clocks: most urgent first, words with every colour, a running countdown', {},
  async ({ page, base, errors }) => {
    await open(page, base);
    const spans = await render(page, CLOCKS);
    assert.deepEqual(spans, ['1 ngày 2 giờ', '2 giờ 30 phút', '0 phút', '1 phút']);
    const items = page.locator('#clocks-under-test > ul > li');
    assert.equal(await items.count(), 4);
    const text = await items.allInnerTexts();
    assert.match(text[0], /Phản hồi[\s\S]*Quá hạn[\s\S]*quá hạn 3 giờ/);
    assert.match(text[1], /Thông báo sự cố[\s\S]*Sắp đến hạn[\s\S]*còn (1 giờ 59 phút|2 giờ)/);
    assert.match(text[2], /Báo cáo ban đầu[\s\S]*Gửi: Đơn vị chuyên trách[\s\S]*Trong hạn[\s\S]*còn (1 ngày 5 giờ|1 ngày 6 giờ)/);
    assert.match(text[3], /Đã gửi đúng hạn[\s\S]*Đã gửi lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.doesNotMatch(text[3], /còn|quá hạn/, 'a sent report has no countdown');
    const waiting = page.locator('#clocks-under-test details');
    assert.match(await waiting.locator('summary').innerText(), /1 báo cáo chưa đến lúc tính hạn/);
    // the language switch turns every word, the countdown included
    await page.getByRole('button', { name: 'EN' }).click();
    await page.locator('html[lang="en"]').waitFor();
    const en = await items.allInnerTexts();
    assert.match(en[0], /Acknowledgement[\s\S]*Overdue[\s\S]*overdue by 3 h/);
    assert.match(en[2], /Initial report[\s\S]*To: Response unit[\s\S]*On time[\s\S]*left/);
    assert.match(en[3], /Sent on time/);
    assert.deepEqual(errors, []);
  });

e2e('a running clock turns overdue by itself when its time passes', {},
  async ({ page, base, errors }) => {
    await page.clock.install();
    await open(page, base);
    await render(page, [{ ...CLOCKS[1], due: 20_000, warn: -HOUR }]);
    const badge = page.locator('#clocks-under-test .badge');
    assert.equal(await badge.innerText(), 'Sắp đến hạn');
    await page.clock.runFor(31_000);
    assert.equal(await badge.innerText(), 'Quá hạn');
    assert.match(await page.locator('#clocks-under-test .countdown').innerText(), /^quá hạn 1 phút$/);
    assert.deepEqual(errors, []);
  });
