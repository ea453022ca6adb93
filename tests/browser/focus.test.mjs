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

/** Pages to tab through: the home page, a long page with a table of
 *  contents, and the incident diary (a tall, scrolling table). */
const PAGES = ['', 'law/england-and-wales/', 'evidence/diary/'];

/** Runs in the page: where the focused element is
 *  and which sticky or fixed boxes cover part of it. */
function measureFocus() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const describe = (e) => {
    const cls = typeof e.className === 'string' && e.className.trim() ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
    const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `<${e.tagName.toLowerCase()}${cls}> "${text}"`;
  };
  // The element's box grown by its focus indicator (outline, box-shadow).
  const es = getComputedStyle(el);
  const spread = Math.max(
    es.outlineStyle === 'none' ? 0 : parseFloat(es.outlineWidth) + parseFloat(es.outlineOffset),
    ...[...es.boxShadow.matchAll(/(-?[\d.]+)px\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+(-?[\d.]+)px(?!.*inset)/g)].map((m) => +m[4]),
    0,
  );
  const box = el.getBoundingClientRect();
  const r = { left: box.left - spread, right: box.right + spread, top: box.top - spread, bottom: box.bottom + spread };
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

/** Resolve at the next animation frame: what the visitor sees right after
 *  the key press (a smooth scroll still running would leave the element
 *  under the bar, so the test does not wait for the scroll to settle). */
function nextFrame() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => resolve());
  });
}

const MEASURE = `(${nextFrame})().then(${measureFocus})`;

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
