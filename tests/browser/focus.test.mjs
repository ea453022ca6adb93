// Focus not obscured (WCAG 2.2 SC 2.4.11 AA, and 2.4.12 AAA: not even partly
// hidden). Tab through every focusable element of several pages, a long one
// with a table of contents among them, at 1280×600 and 320×600; after each
// Tab, the focused element's box must not overlap the box of any sticky or
// fixed element (the quick exit bar) that does not contain it.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SITES, serveSite, launchBrowser, guardedContext, pageLabel } from './lib.mjs';

const SIZES = [
  { width: 1280, height: 600 },
  { width: 320, height: 600 },
];

/** Pages to tab through: the home page, the longest page with a table of
 *  contents, the incident diary (a tall scrolling table) and one more. */
const PAGES = ['', 'law/england-and-wales/', 'evidence/diary/', 'staying-safe/online/', 'get-help/'];

/** Runs in the page once the scroll has settled: where the focused element is
 *  and which sticky or fixed boxes cover part of it. */
function measureFocus() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const describe = (e) => {
    const cls = typeof e.className === 'string' && e.className.trim() ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
    const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `<${e.tagName.toLowerCase()}${cls}> "${text}"`;
  };
  const r = el.getBoundingClientRect();
  const covers = [];
  for (const other of document.querySelectorAll('body *')) {
    const s = getComputedStyle(other);
    if (s.position !== 'sticky' && s.position !== 'fixed') continue;
    if (s.display === 'none' || s.visibility === 'hidden' || other.contains(el)) continue;
    const o = other.getBoundingClientRect();
    if (o.width === 0 || o.height === 0) continue;
    const x = Math.min(r.right, o.right) - Math.max(r.left, o.left);
    const y = Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top);
    if (x > 0.5 && y > 0.5) covers.push(`${describe(other)} covers ${Math.round(y)} px of its height`);
  }
  const all = document.querySelectorAll('*');
  return {
    key: Array.prototype.indexOf.call(all, el),
    what: describe(el),
    top: Math.round(r.top),
    height: Math.round(r.height),
    covers,
  };
}

/** Resolve once scrollY has stayed the same for two animation frames. */
function settled() {
  return new Promise((resolve) => {
    let last = -1;
    let same = 0;
    const step = () => {
      if (window.scrollY === last) same += 1;
      else same = 0;
      last = window.scrollY;
      if (same >= 2) resolve();
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

const MEASURE = `(${settled})().then(${measureFocus})`;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const site of SITES) {
  describe(`${site.name}: focus is never hidden behind the sticky bar`, () => {
    let server;
    before(async () => {
      server = await serveSite(site);
    });
    after(async () => {
      await server?.close();
    });

    for (const viewport of SIZES) {
      test(`${viewport.width}×${viewport.height}: ${PAGES.map(pageLabel).join(', ')}`, async (t) => {
        const context = await guardedContext(browser, server, { viewport });
        const problems = [];
        let focused = 0;
        try {
          const page = await context.newPage();
          for (const path of PAGES.filter((p) => site.pages.includes(p))) {
            await page.goto(server.url(path), { waitUntil: 'load' });
            // Forwards, then backwards from the end, where elements come into
            // view from the top, under the bar.
            for (const key of ['Tab', 'Shift+Tab']) {
              const seen = new Set();
              for (let i = 0; i < 400; i += 1) {
                await page.keyboard.press(key);
                const m = await page.evaluate(MEASURE);
                if (!m) continue;
                if (seen.has(m.key)) break; // round the page once
                seen.add(m.key);
                focused += 1;
                if (m.covers.length > 0) {
                  problems.push(`${pageLabel(path)} ${key}: ${m.what} (top ${m.top} px): ${m.covers.join('; ')}`);
                }
              }
            }
          }
        } finally {
          await context.close();
        }
        t.diagnostic(`${focused} focused elements, ${problems.length} obscured`);
        assert.deepEqual(problems, [], `focused elements partly hidden at ${viewport.width}×${viewport.height}`);
      });
    }
  });
}
