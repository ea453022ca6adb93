// A right-to-left page (README, "Languages"): the Arabic pages of
// tests/fixtures/arabic, built with each built-in theme (SIGNPOST_ARABIC_SITES;
// tests/test.sh sets it). `<html lang="ar" dir="rtl">`, no axe violation, no
// sideways scrolling at 320 px, no English interface text, and the quick exit
// first to Tab, working by click and by Shift three times, its bar mirrored to
// the right-hand (inline-start) side. Screenshots for a person to look at.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilderModule from '@axe-core/playwright';
import {
  SCREENSHOTS,
  serveSite,
  launchBrowser,
  guardedContext,
  axeSource,
  pageRunner,
  pageLabel,
  LINK,
  routeNeutral,
  clickQuickExit,
  exitHref,
  openAfterPrevious,
  assertLeftForGood,
  pressShift,
  liveRegionText,
  sitesFrom,
  themeStrings,
  leavesForGood,
} from './lib.mjs';

const AxeBuilder = AxeBuilderModule.default || AxeBuilderModule;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SITES = sitesFrom('SIGNPOST_ARABIC_SITES');
/** The fixture's Arabic strings that the quick exit speaks. */
const PRESSES_LEFT_2 = 'اضغط على Shift مرتين أخريين لمغادرة هذا الموقع';
const PRESSES_LEFT_1 = 'اضغط على Shift مرة أخرى لمغادرة هذا الموقع';
/** English interface text that must not appear on an Arabic page: every
 *  string of the default theme of more than one word (single words such as
 *  "Email" may be part of a service's name). */
const ENGLISH = Object.values(themeStrings('default')).filter((s) => /\S\s+\S/.test(s) && !s.includes('{'));

let browser;
before(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

if (SITES.length === 0) {
  test('Arabic pages', (t) => t.skip('SIGNPOST_ARABIC_SITES is not set (tests/test.sh sets it)'));
}

for (const site of SITES) {
  // Every Arabic page (home, section, search, accessibility statement), and
  // the section page among them, whatever its slug.
  const arabic = site.pages.filter((p) => p.startsWith('ar/') && p.endsWith('/'));
  const section = arabic.find((p) => !/^ar\/((search|accessibility)\/)?$/.test(p));

  describe(`${site.name}: Arabic pages, right to left`, () => {
    let server;
    let context;
    let narrow;
    const withPage = pageRunner(() => context);
    before(async () => {
      server = await serveSite(site);
      context = await guardedContext(browser, server, { viewport: { width: 1280, height: 800 } });
      narrow = await guardedContext(browser, server, { viewport: { width: 320, height: 640 } });
    });
    after(async () => {
      await context?.close();
      await narrow?.close();
      await server?.close();
    });

    test('the site has an Arabic home page and an Arabic section page', () => {
      assert.ok(arabic.includes('ar/'), `no ar/ home page among ${site.pages.join(', ')}`);
      assert.ok(section, `no Arabic page but the home page: ${arabic.join(', ')}`);
    });

    for (const p of arabic) {
      test(`${pageLabel(p)} is lang="ar" dir="rtl", and shows no English interface text`, withPage(async (page) => {
        await page.goto(server.url(p), { waitUntil: 'load' });
        const html = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
        assert.deepEqual(html, { lang: 'ar', dir: 'rtl' });
        assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
        const shown = await page.evaluate(() => {
          const labels = [...document.querySelectorAll('[aria-label], [title], [alt]')].map((el) =>
            ['aria-label', 'title', 'alt'].map((a) => el.getAttribute(a) || '').join(' '),
          );
          return `${document.body.innerText}\n${labels.join('\n')}\n${document.title}`;
        });
        const english = ENGLISH.filter((s) => shown.includes(s));
        assert.deepEqual(english, [], `English interface text on an Arabic page`);
      }));

      test(`${pageLabel(p)} has no axe violations at 1280 and 320 px`, async () => {
        for (const ctx of [context, narrow]) {
          const page = await ctx.newPage();
          try {
            await page.goto(server.url(p), { waitUntil: 'load' });
            const axe = await new AxeBuilder({ page, axeSource: axeSource() }).withTags(TAGS).analyze();
            const width = page.viewportSize().width;
            assert.deepEqual(
              axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
              [],
              `at ${width} px`,
            );
          } finally {
            await page.close();
          }
        }
      });

      test(`${pageLabel(p)} does not scroll sideways at 320 px or 400 % zoom`, async () => {
        for (const options of [
          { viewport: { width: 320, height: 640 } },
          { viewport: { width: 320, height: 180 }, deviceScaleFactor: 4 },
        ]) {
          const ctx = await guardedContext(browser, server, options);
          try {
            const page = await ctx.newPage();
            await page.goto(server.url(p), { waitUntil: 'load' });
            // In right-to-left, what sticks out does so to the left, and
            // scrollWidth counts it as well.
            const m = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, vw: window.innerWidth }));
            assert.ok(m.scrollWidth <= m.vw, `${JSON.stringify(options)}: the page is ${m.scrollWidth} px wide in a ${m.vw} px window`);
          } finally {
            await ctx.close();
          }
        }
      });

      test(`${pageLabel(p)}: the first Tab focuses the quick exit, in Arabic`, withPage(async (page) => {
        await page.goto(server.url(p), { waitUntil: 'load' });
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement;
          return el ? { signpost: el.getAttribute('data-signpost'), text: el.textContent.trim() } : null;
        });
        assert.deepEqual(focused, { signpost: 'quick-exit', text: 'غادر هذا الموقع' });
        assert.equal(await exitHref(page), 'https://www.bbc.com/arabic', 'the Arabic neutral site');
      }));
    }

    test('a click on the quick exit leaves for good', withPage(async (page) => {
      await leavesForGood(page, server, server.url(section), clickQuickExit);
    }));

    test('Shift three times leaves for good, and each press is spoken in Arabic', withPage(async (page) => {
      const neutral = await routeNeutral(page);
      await openAfterPrevious(page, server.url('ar/'));
      const href = await exitHref(page);
      const said = async (words) => {
        const deadline = Date.now() + 3000;
        let now = '';
        while (Date.now() < deadline) {
          now = await liveRegionText(page);
          if (now.includes(words)) return;
          await page.waitForTimeout(50);
        }
        assert.fail(`the live region says "${now}", not "${words}"`);
      };
      await pressShift(page, 1);
      await said(PRESSES_LEFT_2);
      await pressShift(page, 1);
      await said(PRESSES_LEFT_1);
      await pressShift(page, 1);
      await assertLeftForGood(page, href, neutral, server);
    }));

    // In right-to-left text the groups of a number written with spaces are
    // laid out right to left: 0808 802 0300 would read 0300 802 0808, a
    // wrong number. Each number must keep its left-to-right order.
    test('phone numbers read left to right, in the order they are dialled', withPage(async (page) => {
      await page.goto(server.url(section), { waitUntil: 'load' });
      const numbers = await page.$$eval('a[href^="tel:"]', (links) =>
        links.map((a) => {
          const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
          const text = [];
          for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim()) text.push(n);
          const first = text[0];
          const last = text[text.length - 1];
          const at = (node, offset) => {
            const r = document.createRange();
            r.setStart(node, offset);
            r.setEnd(node, offset + 1);
            return r.getBoundingClientRect().left;
          };
          const firstDigit = first.textContent.search(/\d/);
          const lastDigit = last.textContent.length - 1 - [...last.textContent].reverse().join('').search(/\d/);
          return { shown: a.textContent.trim(), firstLeft: at(first, firstDigit), lastLeft: at(last, lastDigit), top: a.getBoundingClientRect().top };
        }),
      );
      assert.ok(numbers.some((n) => /\d\s+\d/.test(n.shown)), `no number with spaces to check: ${JSON.stringify(numbers)}`);
      const reversed = numbers.filter((n) => /\d\s+\d/.test(n.shown) && n.firstLeft >= n.lastLeft).map((n) => n.shown);
      assert.deepEqual(reversed, [], 'numbers shown with their groups in reverse order');
    }));

    test('the quick exit bar is mirrored: the link sits as far from the right edge as it does from the left on an English page', async () => {
      for (const width of [320, 1280]) {
        const ctx = await guardedContext(browser, server, { viewport: { width, height: 800 } });
        try {
          const page = await ctx.newPage();
          const gaps = async (p) => {
            await page.goto(server.url(p), { waitUntil: 'load' });
            return page.locator(LINK).evaluate((el) => {
              const r = el.getBoundingClientRect();
              return { left: Math.round(r.left), right: Math.round(window.innerWidth - r.right) };
            });
          };
          const english = await gaps('');
          const rtl = await gaps('ar/');
          assert.ok(english.left < english.right, `at ${width} px the English link is not at the left (${JSON.stringify(english)})`);
          assert.ok(Math.abs(rtl.right - english.left) <= 1, `at ${width} px the Arabic link is ${rtl.right} px from the right edge, the English ${english.left} px from the left`);
        } finally {
          await ctx.close();
        }
      }
    });

    test('screenshots of the Arabic section page at 320 and 1280 px', async (t) => {
      for (const width of [320, 1280]) {
        const ctx = await guardedContext(browser, server, { viewport: { width, height: 800 } });
        try {
          const page = await ctx.newPage();
          await page.goto(server.url(section), { waitUntil: 'load' });
          const file = path.join(SCREENSHOTS, `arabic-${site.name}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          assert.ok(fs.statSync(file).size > 1000, `${file} is empty`);
          t.diagnostic(file);
        } finally {
          await ctx.close();
        }
      }
    });
  });
}
