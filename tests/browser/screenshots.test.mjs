// Screenshots of every site's home page, full length, at 320 and 1280 px wide,
// into tests/browser/screenshots/<theme>-home-<width>.png (gitignored), for a
// person to look at.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITES, SCREENSHOTS, serveSite, launchBrowser, guardedContext } from './lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

for (const site of SITES) {
  describe(`${site.name}: screenshots`, () => {
    for (const width of [320, 1280]) {
      test(`home page at ${width} px`, async (t) => {
        const server = await serveSite(site);
        const context = await guardedContext(browser, server, { viewport: { width, height: 800 } });
        try {
          const page = await context.newPage();
          await page.goto(server.url(''), { waitUntil: 'load' });
          const file = path.join(SCREENSHOTS, `${site.name}-home-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          assert.ok(fs.statSync(file).size > 1000, `${file} is empty`);
          t.diagnostic(file);
        } finally {
          await context.close();
          await server.close();
        }
      });
    }
  });
}
