// Print: the quick exit and the site's chrome are left out, the incident
// diary fits the width of the paper, and the emergency numbers are printed
// once, as text (one emergency notice, not the banner and the page's own).
// The window is as wide as A4 paper inside 1.5 cm margins (680 CSS px), and
// as a narrower page.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SITES, serveSite, launchBrowser, guardedContext, pageLabel } from './lib.mjs';

const WIDTHS = [680, 560];
const PAGES = ['evidence/diary/', 'get-help/', ''];
const CHROME = '[data-signpost^="quick-exit"], .quick-exit, .skip-link, .site-nav, .breadcrumbs, .site-footer, .page-sidebar';

/** Runs in the page under print media. */
function printed() {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.display !== 'none' && s.visibility !== 'hidden';
  };
  // The page's own text may name 999 (the Silent Solution, Relay UK): what
  // must print once is each number of the emergency notices.
  const phones = [...document.querySelectorAll('[data-signpost="emergency"] .emergency__phone')].filter(shown);
  const numbers = phones.map((a) => {
    const s = getComputedStyle(a);
    const number = a.textContent.trim();
    return {
      number,
      times: phones.filter((b) => b.textContent.trim() === number).length,
      // Printed as text: no button border or fill.
      asText: parseFloat(s.borderTopWidth) === 0 && s.backgroundColor === 'rgba(0, 0, 0, 0)',
    };
  });
  const diary = document.querySelector('.diary__table');
  return {
    chrome: [...document.querySelectorAll(CHROME_SELECTOR)].filter(shown).map((el) => el.outerHTML.slice(0, 80)),
    width: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    diary: diary ? diary.getBoundingClientRect().right : null,
    numbers,
  };
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const site of SITES) {
  describe(`${site.name}: print`, () => {
    let server;
    before(async () => {
      server = await serveSite(site);
    });
    after(async () => {
      await server?.close();
    });

    for (const width of WIDTHS) {
      test(`${width} px paper: no quick exit or chrome, the diary fits, emergency numbers once as text`, async () => {
        const context = await guardedContext(browser, server, { viewport: { width, height: 900 } });
        const problems = [];
        try {
          const page = await context.newPage();
          await page.emulateMedia({ media: 'print' });
          for (const path of PAGES.filter((p) => site.pages.includes(p))) {
            await page.goto(server.url(path), { waitUntil: 'load' });
            const m = await page.evaluate(`const CHROME_SELECTOR = ${JSON.stringify(CHROME)}; (${printed})()`);
            const where = pageLabel(path);
            for (const el of m.chrome) problems.push(`${where}: printed ${el}`);
            if (m.scrollWidth > m.width) problems.push(`${where}: the printed page is ${m.scrollWidth} px wide, wider than the paper (${m.width} px)`);
            if (path === 'evidence/diary/' && (m.diary === null || m.diary > m.width)) {
              problems.push(`${where}: the diary table ends at ${m.diary} px, past the paper's ${m.width} px`);
            }
            if (m.numbers.length === 0) problems.push(`${where}: no emergency number is printed`);
            for (const n of m.numbers) {
              if (n.times !== 1) problems.push(`${where}: ${n.number} is printed ${n.times} times`);
              if (!n.asText) problems.push(`${where}: ${n.number} is printed as a button, not as text`);
            }
          }
        } finally {
          await context.close();
        }
        assert.deepEqual(problems, []);
      });
    }
  });
}
