// Site search (README, "Search") on the search page of every site: nothing
// of search loads before the box is used, a query finds the right page and
// marks the match, nothing is stored and the address and history do not
// change, the result count is said once typing stops, the results are usable
// by keyboard and pass axe, JavaScript off shows the A–Z list, and the quick
// exit still works from the box (capitals typed with Shift do not count).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilderModule from '@axe-core/playwright';
import {
  SITES,
  serveSite,
  launchBrowser,
  guardedContext,
  watchPage,
  axeSource,
  NEUTRAL_HTML,
  pageRunner,
  leftBehind,
  NOTHING,
} from './lib.mjs';

const AxeBuilder = AxeBuilderModule.default || AxeBuilderModule;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BOX = '#signpost-search-input';
const RESULTS = '#signpost-search-results';
const RESULT_LINKS = `${RESULTS} .search__result-link`;
const STATUS = '#signpost-search-status';
/** A request for the search script or an index file. */
const SEARCH_FILE = /\/js\/search\.[^/]*\.js$|\/search\/index\.[^/]*\.json$/;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Type `text` into the box like a person: capitals with Shift held. */
async function typeLikeAPerson(page, text) {
  await page.focus(BOX);
  for (const c of text) {
    if (c !== c.toLowerCase()) {
      await page.keyboard.down('Shift');
      await page.keyboard.press(c);
      await page.keyboard.up('Shift');
    } else {
      await page.keyboard.press(c === ' ' ? 'Space' : c);
    }
  }
}

/** The results' titles and addresses, once the list shows. */
async function results(page) {
  await page.waitForSelector(RESULT_LINKS, { timeout: 5000 });
  return page.$$eval(RESULT_LINKS, (links) => links.map((a) => ({ title: a.textContent, href: a.href })));
}

for (const site of SITES) {
  describe(`${site.name}: search`, () => {
    let server;
    let context;
    const withPage = pageRunner(() => context);
    before(async () => {
      server = await serveSite(site);
      context = await guardedContext(browser, server);
      await context.route((u) => u.hostname !== '127.0.0.1', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEUTRAL_HTML }),
      );
    });
    after(async () => {
      await context?.close();
      await server?.close();
    });

    test('every page links to the search page, and nothing of search loads before the box is used', withPage(async (page) => {
      const log = watchPage(page);
      await page.goto(server.url(''), { waitUntil: 'load' });
      await page.click('.site-header__search');
      await page.waitForURL(server.url('search/'));
      await page.waitForTimeout(500);
      assert.deepEqual(log.requests.filter((u) => SEARCH_FILE.test(u)), [], 'fetched before use');
      // Tab moves focus through the page to the box: then the script and the index load.
      await page.focus(BOX);
      await page.waitForFunction(() => document.getElementById('signpost-search-input').hasAttribute('data-signpost-ready'));
      await page.waitForTimeout(300);
      const fetched = log.requests.filter((u) => SEARCH_FILE.test(u));
      assert.ok(fetched.some((u) => /\/js\/search\./.test(u)), `no search script: ${fetched}`);
      assert.ok(fetched.some((u) => /index\.[^/]*\.json$/.test(u)), `no index: ${fetched}`);
      assert.deepEqual(log.errors, []);
    }));

    test('a query finds the right page first, marks the match, and says the count once typing stops', withPage(async (page) => {
      await page.goto(server.url('search/'), { waitUntil: 'load' });
      await typeLikeAPerson(page, 'Scotland');
      const found = await results(page);
      assert.equal(found[0].title, 'Stalking law in Scotland');
      assert.ok(found[0].href.startsWith(server.url('law/scotland/')), found[0].href);
      assert.equal(await page.textContent(`${RESULTS} li:first-child .search__result-link mark`), 'Scotland');
      assert.equal(await page.isVisible('#signpost-search-az'), false, 'the A–Z gives way to the results');
      // Said in a polite live region, and only after the typing has stopped.
      assert.equal(await page.getAttribute(STATUS, 'aria-live'), 'polite');
      await page.waitForFunction((s) => /\d+ pages? found/.test(document.querySelector(s).textContent), STATUS, { timeout: 3000 });
      await page.keyboard.press('Space');
      await page.keyboard.press('l');
      assert.equal(await page.textContent(STATUS), '', 'the count is said while typing');
      // Accents and case do not matter; English plurals are found as singular.
      await page.fill(BOX, 'ÉVIDENCE');
      assert.ok((await results(page)).some((r) => r.title === 'Gathering evidence'));
      await page.fill(BOX, 'orders');
      assert.equal((await results(page))[0].title, 'Orders that can protect you');
      // A prefix finds the page while the word is typed.
      await page.fill(BOX, 'diar');
      assert.equal((await results(page))[0].title, 'Incident diary');
      await page.fill(BOX, 'zzzzqx');
      await page.waitForFunction((s) => /No pages found/.test(document.querySelector(s).textContent), STATUS, { timeout: 3000 });
      assert.equal(await page.$$eval(`${RESULTS} li`, (li) => li.length), 0);
    }));

    test('the results are links that the keyboard reaches from the box', withPage(async (page) => {
      await page.goto(server.url('search/'), { waitUntil: 'load' });
      await typeLikeAPerson(page, 'diary');
      await results(page);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement.textContent);
      assert.equal(focused, 'Incident diary');
      await page.keyboard.press('Enter');
      await page.waitForURL(/evidence\/diary\/$/);
    }));

    test('searching stores nothing and changes neither the address nor the history', withPage(async (page) => {
      await page.goto(server.url('search/'), { waitUntil: 'load' });
      const before = { url: page.url(), length: await page.evaluate(() => history.length) };
      await typeLikeAPerson(page, 'Report anonymously');
      await results(page);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(1200);
      assert.equal(page.url(), before.url);
      assert.equal(await page.evaluate(() => history.length), before.length);
      assert.equal(await page.evaluate(() => JSON.stringify(history.state)), 'null');
      assert.deepEqual(await page.evaluate(leftBehind), NOTHING);
      assert.deepEqual(await context.cookies(), []);
      // Leaving and coming Back (the back-forward cache) shows no query.
      await page.goto(server.url(''), { waitUntil: 'load' });
      await page.goBack({ waitUntil: 'load' });
      assert.equal(await page.inputValue(BOX), '');
    }));

    test('the search page with results shown has no axe violations', withPage(async (page) => {
      for (const viewport of [{ width: 1280, height: 800 }, { width: 320, height: 640 }]) {
        await page.setViewportSize(viewport);
        await page.goto(server.url('search/'), { waitUntil: 'load' });
        await typeLikeAPerson(page, 'stalking');
        await results(page);
        await page.waitForTimeout(1200);
        const axe = await new AxeBuilder({ page, axeSource: axeSource() }).withTags(TAGS).analyze();
        assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], `at ${viewport.width} px`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(overflow, false, `the page scrolls sideways at ${viewport.width} px`);
      }
    }));

    test('the quick exit works from the box; capitals typed with Shift do not count', withPage(async (page) => {
      await page.goto(server.url('search/'), { waitUntil: 'load' });
      await typeLikeAPerson(page, 'Help NHS Police');
      await page.waitForTimeout(400);
      assert.equal(page.url(), server.url('search/'), 'typing capitals left the site');
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift');
      await page.waitForURL((u) => !u.href.startsWith(server.origin), { timeout: 5000 });
    }));
  });

  describe(`${site.name}: search without JavaScript`, () => {
    test('the search page is the A–Z list of every page, with no box', async () => {
      const server = await serveSite(site);
      const context = await guardedContext(browser, server, { javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(server.url('search/'), { waitUntil: 'load' });
        assert.equal(await page.isVisible(BOX), false, 'a box that cannot work is shown');
        assert.equal(await page.$$eval('form', (f) => f.length), 0, 'a form would put the query in the address');
        const listed = await page.$$eval('#signpost-search-az a', (links) => links.map((a) => new URL(a.href).pathname));
        const content = site.pages.filter((p) => p.endsWith('/') && p !== 'search/' && p !== 'accessibility/');
        for (const p of content) {
          assert.ok(listed.includes(site.basePath + p), `${p} is not in the A–Z`);
        }
        const sections = await page.$$eval('#signpost-search-az h3', (h) => h.map((e) => e.textContent));
        assert.ok(sections.includes('Stalking and the law'), sections.join(', '));
        // Each section's pages in A–Z order.
        const inOrder = await page.$$eval('#signpost-search-az ul', (lists) =>
          lists.every((ul) => {
            const titles = [...ul.querySelectorAll('a')].map((a) => a.textContent.toLowerCase());
            return titles.every((t, i) => i === 0 || titles[i - 1].localeCompare(t) <= 0);
          }),
        );
        assert.ok(inOrder, 'a section is not in A–Z order');
      } finally {
        await context.close();
        await server.close();
      }
    });
  });
}
