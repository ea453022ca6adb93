// Nothing leaves the machine: every request a page makes goes to the site's
// own origin, and no page logs a console error (CSP violations, missing
// files and script errors all show up there).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SITES,
  serveSite,
  launchBrowser,
  guardedContext,
  watchPage,
  isLocal,
  pageLabel,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const site of SITES) {
  describe(`${site.name}: requests and console`, () => {
    let server;
    let context;
    let page; // one tab for every page: opening a tab costs more than a page load
    let log;
    before(async () => {
      server = await serveSite(site);
      context = await guardedContext(browser, server);
      page = await context.newPage();
      log = watchPage(page);
    });
    after(async () => {
      await context?.close();
      await server?.close();
    });

    test('the test server serves the site under its base path, with its _headers', async () => {
      const probe = await context.newPage();
      try {
        const home = await probe.goto(server.url(''));
        assert.equal(home.status(), 200);
        if (server.headerRules.length > 0) {
          const csp = (await home.allHeaders())['content-security-policy'];
          assert.ok(csp, 'the _headers file gives a Content-Security-Policy, but the home page was served without it');
        }
        const missing = await probe.goto(server.url('no-such-page/'));
        assert.equal(missing.status(), 404, 'a missing page is served with status 404');
      } finally {
        await probe.close();
      }
    });

    for (const path of site.pages) {
      test(`${pageLabel(path)} requests only its own origin and logs no errors`, async () => {
        await page.goto('about:blank');
        for (const list of Object.values(log)) list.length = 0;
        const blockedBefore = context.blocked.length;
        const response = await page.goto(server.url(path), { waitUntil: 'load' });
        assert.equal(response.status(), 200, `${pageLabel(path)} was not served`);
        // Load whatever is lazy or only for print, then give late requests a moment.
        await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
        await page.emulateMedia({ media: 'print' });
        await page.emulateMedia({ media: 'screen' });
        await page.waitForTimeout(150);

        const foreign = log.requests.filter((url) => !isLocal(url, server.origin));
        const blocked = context.blocked.slice(blockedBefore);
        assert.deepEqual(
          [...new Set([...foreign, ...blocked])],
          [],
          `${pageLabel(path)} made requests to other origins than ${server.origin}`,
        );
        assert.deepEqual(log.badResponses, [], `${pageLabel(path)} requested files that failed`);
        assert.deepEqual(log.errors, [], `${pageLabel(path)} logged errors`);
      });
    }
  });
}
