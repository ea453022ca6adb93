// No cookies and no storage: after visiting every page (and pressing Shift
// once on each, so the quick exit has something to remember), the browser
// holds no cookie, nothing in localStorage or sessionStorage, no IndexedDB
// database, no Cache Storage and no service worker.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SITES, serveSite, launchBrowser, guardedContext, pageLabel, leftBehind, NOTHING } from './lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const site of SITES) {
  describe(`${site.name}: no cookies and no storage`, () => {
    test('after visiting every page, nothing is stored', async () => {
      const server = await serveSite(site);
      const context = await guardedContext(browser, server);
      try {
        const page = await context.newPage();
        const problems = [];
        for (const path of site.pages) {
          await page.goto(server.url(path), { waitUntil: 'load' });
          await page.keyboard.press('Shift');
          await page.waitForTimeout(50);
          const found = await page.evaluate(leftBehind);
          if (JSON.stringify(found) !== JSON.stringify(NOTHING)) {
            problems.push(`${pageLabel(path)}: ${JSON.stringify(found)}`);
          }
        }
        assert.deepEqual(problems, [], 'pages stored something');
        assert.deepEqual(await context.cookies(), [], 'cookies were set');
        // sessionStorage is per tab: look again in the tab that saw every page.
        const last = await page.evaluate(leftBehind);
        assert.deepEqual(last, NOTHING);
      } finally {
        await context.close();
        await server.close();
      }
    });
  });
}
