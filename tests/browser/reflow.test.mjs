// Reflow (WCAG 1.4.10): no page scrolls sideways at 320 px wide, nor at
// 400 % zoom of a 1280×720 window, which in CSS pixels is a 320×180 viewport
// with 4 device pixels to the CSS pixel.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SITES, serveSite, launchBrowser, guardedContext, pageLabel } from './lib.mjs';

const SIZES = [
  { name: '320 px wide', options: { viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 } },
  { name: '400 % zoom (1280×720)', options: { viewport: { width: 320, height: 180 }, deviceScaleFactor: 4 } },
];

/** Width of the document and, when it is too wide, the elements that stick
 *  out although their parent does not (the likely causes). */
function measure() {
  const vw = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const culprits = [];
  if (scrollWidth > vw) {
    const describe = (el) => {
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} "${text}"`;
    };
    const scrolls = (el) => /(auto|scroll|hidden|clip)/.test(getComputedStyle(el).overflowX);
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= vw + 0.5) continue;
      // Inside a scrolling box (a wide table in .table-wrap) it is fine.
      let p = el.parentElement;
      let contained = false;
      while (p && p !== document.body) {
        if (scrolls(p)) {
          contained = true;
          break;
        }
        p = p.parentElement;
      }
      if (contained) continue;
      const parent = el.parentElement;
      if (!parent || parent === document.body || parent.getBoundingClientRect().right <= vw + 0.5) {
        culprits.push(`${describe(el)} right edge at ${Math.round(r.right)} px`);
      }
      if (culprits.length >= 10) break;
    }
  }
  return { vw, scrollWidth, culprits };
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const site of SITES) {
  describe(`${site.name}: no horizontal scrolling`, () => {
    let server;
    const contexts = [];
    const tabs = []; // one tab per size, reused: opening a tab costs more than a page load
    before(async () => {
      server = await serveSite(site);
      for (const s of SIZES) {
        const context = await guardedContext(browser, server, s.options);
        contexts.push(context);
        tabs.push(await context.newPage());
      }
    });
    after(async () => {
      for (const c of contexts) await c.close();
      await server?.close();
    });

    for (const path of site.pages) {
      test(`${pageLabel(path)} fits 320 px and 400 % zoom`, async () => {
        const problems = [];
        for (const [i, size] of SIZES.entries()) {
          const page = tabs[i];
          await page.goto(server.url(path), { waitUntil: 'load' });
          const m = await page.evaluate(measure);
          if (m.scrollWidth > m.vw) {
            problems.push(
              `at ${size.name}: the page is ${m.scrollWidth} px wide in a ${m.vw} px viewport` +
                (m.culprits.length ? `; sticking out:\n    ${m.culprits.join('\n    ')}` : ''),
            );
          }
        }
        assert.ok(problems.length === 0, `${pageLabel(path)} scrolls sideways\n  ${problems.join('\n  ')}`);
      });
    }
  });
}
