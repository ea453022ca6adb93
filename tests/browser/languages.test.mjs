// A site in two languages (README, "Languages"): the starter written by
// `signpost init --languages en,cy` and built (SIGNPOST_LANGUAGES_SITE;
// tests/test.sh sets it). Each page's switcher goes to the same page in the
// other language, labelled in that language; the Welsh pages are lang="cy"
// and leave for the Welsh neutral site; search on a Welsh page finds Welsh
// pages only, and the Welsh A–Z lists only Welsh pages.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilderModule from '@axe-core/playwright';
import {
  serveSite,
  launchBrowser,
  guardedContext,
  axeSource,
  pageRunner,
  routeNeutral,
  exitHref,
  openAfterPrevious,
  assertLeftForGood,
  pressShift,
  sitesFrom,
} from './lib.mjs';

const AxeBuilder = AxeBuilderModule.default || AxeBuilderModule;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const [SITE] = sitesFrom('SIGNPOST_LANGUAGES_SITE');
const SWITCHER = 'nav.language-switcher';
/** A page of the starter and its Welsh translation (`slug:` of the section and of the page). */
const ENGLISH_PAGE = 'about/signs/';
const WELSH_PAGE = 'cy/beth-yw-stelcian/arwyddion/';
const BOX = '#signpost-search-input';
const RESULT_LINKS = '#signpost-search-results .search__result-link';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The switcher's links on the page open in `page`. */
function switcherLinks(page) {
  return page.$$eval(`${SWITCHER} a`, (links) =>
    links.map((a) => ({ href: a.href, hreflang: a.getAttribute('hreflang'), lang: a.getAttribute('lang'), text: a.textContent.trim() })),
  );
}

if (!SITE) {
  test('a site in two languages', (t) => t.skip('SIGNPOST_LANGUAGES_SITE is not set (tests/test.sh sets it)'));
} else {
  describe('the bilingual starter (en-GB and cy)', () => {
    let server;
    let context;
    let noJs;
    const withPage = pageRunner(() => context);
    before(async () => {
      server = await serveSite(SITE);
      context = await guardedContext(browser, server, { viewport: { width: 1280, height: 800 } });
      noJs = await guardedContext(browser, server, { javaScriptEnabled: false });
    });
    after(async () => {
      await context?.close();
      await noJs?.close();
      await server?.close();
    });

    test('the English page links to the same page in Welsh, labelled "Cymraeg" in Welsh', withPage(async (page) => {
      await page.goto(server.url(ENGLISH_PAGE), { waitUntil: 'load' });
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-GB');
      assert.ok(await page.locator(SWITCHER).getAttribute('aria-label'), 'the switcher has no label');
      assert.deepEqual(await switcherLinks(page), [
        { href: server.url(WELSH_PAGE), hreflang: 'cy', lang: 'cy', text: 'Cymraeg' },
      ]);
      await page.click(`${SWITCHER} a[hreflang="cy"]`);
      await page.waitForURL(server.url(WELSH_PAGE));
      assert.equal((await page.textContent('h1')).trim(), 'Arwyddion stelcian');
    }));

    test('the Welsh page is lang="cy" and links back to the same English page, labelled "English"', withPage(async (page) => {
      await page.goto(server.url(WELSH_PAGE), { waitUntil: 'load' });
      const html = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
      assert.deepEqual(html, { lang: 'cy', dir: 'ltr' });
      assert.equal(await page.locator(SWITCHER).getAttribute('aria-label'), 'Ieithoedd');
      assert.deepEqual(await switcherLinks(page), [
        { href: server.url(ENGLISH_PAGE), hreflang: 'en-GB', lang: 'en-GB', text: 'English' },
      ]);
    }));

    test('every page has a switcher to its own counterpart, never to the other home page', withPage(async (page) => {
      const pages = SITE.pages.filter((p) => p.endsWith('/'));
      for (const p of pages) {
        await page.goto(server.url(p), { waitUntil: 'load' });
        const links = await switcherLinks(page);
        assert.equal(links.length, 1, `${p}: ${JSON.stringify(links)}`);
        const home = server.url(p.startsWith('cy/') ? '' : 'cy/');
        if (p !== '' && p !== 'cy/') assert.notEqual(links[0].href, home, `${p} switches to the home page`);
        // The counterpart switches back to this page.
        await page.goto(links[0].href, { waitUntil: 'load' });
        const back = await switcherLinks(page);
        assert.equal(back[0] && back[0].href, server.url(p), `${links[0].href} does not switch back to ${p}`);
      }
    }));

    test('<head> names both languages and x-default with absolute URLs', withPage(async (page) => {
      await page.goto(server.url(WELSH_PAGE), { waitUntil: 'load' });
      const alternates = await page.$$eval('link[rel="alternate"][hreflang]', (links) =>
        Object.fromEntries(links.map((l) => [l.getAttribute('hreflang'), new URL(l.getAttribute('href')).pathname])),
      );
      assert.deepEqual(alternates, {
        'en-GB': `${SITE.basePath}${ENGLISH_PAGE}`,
        cy: `${SITE.basePath}${WELSH_PAGE}`,
        'x-default': `${SITE.basePath}${ENGLISH_PAGE}`,
      });
    }));

    test('the Welsh quick exit says "Gadael y wefan hon" and leaves for the Welsh neutral site', withPage(async (page) => {
      const neutral = await routeNeutral(page);
      await openAfterPrevious(page, server.url(WELSH_PAGE));
      assert.equal(await page.locator('[data-signpost="quick-exit"]').textContent(), 'Gadael y wefan hon');
      const href = await exitHref(page);
      assert.equal(href, 'https://www.bbc.co.uk/cymrufyw');
      await pressShift(page, 3);
      await assertLeftForGood(page, href, neutral, server);
    }));

    test('search on the Welsh search page finds Welsh pages, and only Welsh pages', withPage(async (page) => {
      await page.goto(server.url('cy/search/'), { waitUntil: 'load' });
      await page.focus(BOX);
      await page.fill(BOX, 'arwyddion');
      await page.waitForSelector(RESULT_LINKS, { timeout: 5000 });
      const found = await page.$$eval(RESULT_LINKS, (links) => links.map((a) => ({ title: a.textContent, href: a.href })));
      assert.equal(found[0].title, 'Arwyddion stelcian');
      for (const r of found) assert.ok(r.href.startsWith(server.url('cy/')), `${r.title} (${r.href}) is not a Welsh page`);
      // An English word found only on English pages finds nothing here.
      await page.fill(BOX, 'restraining');
      await page.waitForFunction(() => document.querySelectorAll('#signpost-search-results li').length === 0);
    }));

    test('the Welsh A–Z (JavaScript off) lists every Welsh page and no English one', async () => {
      const page = await noJs.newPage();
      try {
        await page.goto(server.url('cy/search/'), { waitUntil: 'load' });
        const listed = await page.$$eval('#signpost-search-az a', (links) => links.map((a) => new URL(a.href).pathname));
        const welsh = SITE.pages.filter((p) => p.startsWith('cy/') && p.endsWith('/') && !/^cy\/(search|accessibility)\/$/.test(p));
        for (const p of welsh) assert.ok(listed.includes(SITE.basePath + p), `${p} is not in the Welsh A–Z`);
        const other = listed.filter((u) => !u.startsWith(`${SITE.basePath}cy/`));
        assert.deepEqual(other, [], 'English pages in the Welsh A–Z');
        await page.goto(server.url('search/'), { waitUntil: 'load' });
        const english = await page.$$eval('#signpost-search-az a', (links) => links.map((a) => new URL(a.href).pathname));
        assert.deepEqual(english.filter((u) => u.startsWith(`${SITE.basePath}cy/`)), [], 'Welsh pages in the English A–Z');
      } finally {
        await page.close();
      }
    });

    test('the one 404 page says its message in each language, each block with its lang', withPage(async (page) => {
      await page.goto(server.url('cy/dim-tudalen-yma/'), { waitUntil: 'load' });
      const langs = await page.$$eval('main [lang]', (els) => els.map((e) => e.getAttribute('lang')));
      assert.ok(langs.includes('cy') && langs.includes('en-GB'), `blocks in ${langs.join(', ')}`);
      const welsh = await page.locator('main [lang="cy"]').first().innerText();
      assert.match(welsh, /Tudalen heb ei chanfod/);
    }));

    test('the Welsh home page and a Welsh page have no axe violations', withPage(async (page) => {
      for (const p of ['cy/', WELSH_PAGE]) {
        const response = await page.goto(server.url(p), { waitUntil: 'load' });
        assert.equal(response.status(), 200, `${p} is not there`);
        const axe = await new AxeBuilder({ page, axeSource: axeSource() }).withTags(TAGS).analyze();
        assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], p);
      }
    }));
  });
}
