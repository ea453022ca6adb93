// The quick exit (PRODUCT.md, "What every built site guarantees"), on the
// home page and on one inner page of every site. The neutral site is never
// contacted: the tests answer for it with page.route.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SITES,
  serveSite,
  launchBrowser,
  guardedContext,
  innerPage,
  pageLabel,
  pageRunner,
  LINK,
  OVERLAY,
  routeNeutral,
  within,
  clickQuickExit,
  exitHref,
  openAfterPrevious,
  assertLeftForGood,
  pressShift,
  liveRegionText,
  leavesForGood,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The visitor is still on the page: the URL is the same, the page is not
 *  blanked and the neutral site was not asked for. */
async function assertStayed(page, url, neutral, what) {
  await page.waitForTimeout(400);
  assert.equal(page.url(), url, `${what} left the page`);
  assert.equal(neutral.requests.length, 0, `${what} started leaving for the neutral site`);
  const overlayShown = await page.evaluate((sel) => {
    const o = document.querySelector(sel);
    return !!o && !o.hidden;
  }, OVERLAY);
  assert.equal(overlayShown, false, `${what} blanked the page`);
}

for (const site of SITES) {
  const pages = ['', innerPage(site)].filter((p) => p !== undefined);

  for (const path of pages) {
    describe(`${site.name}: quick exit on ${pageLabel(path)}`, () => {
      let server;
      let context;
      let noJs;
      let url;
      before(async () => {
        server = await serveSite(site);
        url = server.url(path);
        context = await guardedContext(browser, server, { viewport: { width: 1280, height: 720 } });
        noJs = await guardedContext(browser, server, { javaScriptEnabled: false });
      });
      after(async () => {
        await context?.close();
        await noJs?.close();
        await server?.close();
      });

      const withPage = pageRunner(() => context);

      test('the first Tab focuses the quick exit link', withPage(async (page) => {
        await page.goto(url, { waitUntil: 'load' });
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement;
          return el ? { tag: el.tagName, signpost: el.getAttribute('data-signpost'), text: el.textContent.trim() } : null;
        });
        assert.equal(
          focused && focused.signpost,
          'quick-exit',
          `the first Tab focused ${JSON.stringify(focused)} instead of the quick exit link`,
        );
        assert.ok(await page.locator(LINK).first().isVisible(), 'the focused quick exit link is not visible');
      }));

      test('is a plain nofollow noreferrer link, with a second link for assistive technology', withPage(async (page) => {
        await page.goto(url, { waitUntil: 'load' });
        assert.equal(await page.locator(LINK).count(), 1, 'there should be exactly one [data-signpost="quick-exit"] link');
        const link = page.locator(LINK);
        assert.equal(await link.evaluate((el) => el.tagName), 'A');
        const rel = ((await link.getAttribute('rel')) || '').split(/\s+/);
        assert.ok(rel.includes('nofollow') && rel.includes('noreferrer'), `rel is "${rel.join(' ')}", not "nofollow noreferrer"`);
        const href = await exitHref(page);
        const sameTarget = await page.evaluate((h) => [...document.querySelectorAll('a')].filter((a) => a.href === h).length, href);
        assert.ok(sameTarget >= 2, 'there is no second (visually hidden) link to the neutral site for assistive technology');
      }));

      test('stays in view at the top when the page is scrolled (320 px and 400 % zoom)', async (t) => {
        for (const options of [
          { viewport: { width: 320, height: 640 } },
          { viewport: { width: 320, height: 180 }, deviceScaleFactor: 4 },
        ]) {
          const ctx = await guardedContext(browser, server, options);
          try {
            const page = await ctx.newPage();
            await page.goto(url, { waitUntil: 'load' });
            await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
            await page.waitForTimeout(100);
            const box = await page.locator(LINK).evaluate((el) => {
              const r = el.getBoundingClientRect();
              let bar = el;
              while (bar.parentElement && bar.parentElement !== document.body) bar = bar.parentElement;
              return {
                top: r.top,
                bottom: r.bottom,
                vh: window.innerHeight,
                scrolled: window.scrollY,
                barHeight: bar.getBoundingClientRect().height,
              };
            });
            const size = `${options.viewport.width}×${options.viewport.height}`;
            t.diagnostic(`${size}: the sticky quick exit bar is ${Math.round(box.barHeight)} of ${box.vh} CSS px high`);
            if (box.scrolled > 0) {
              assert.ok(
                box.top >= 0 && box.bottom <= box.vh,
                `at ${size}, scrolled to the bottom, the quick exit link is out of view (top ${box.top}, bottom ${box.bottom})`,
              );
            }
          } finally {
            await ctx.close();
          }
        }
      });

      test('a click leaves for the neutral site with location.replace (Back does not return, no Referer)', withPage(async (page) => {
        await leavesForGood(page, server, url, clickQuickExit);
      }));

      test('Shift pressed three times leaves (Back does not return)', withPage(async (page) => {
        await leavesForGood(page, server, url, (p) => pressShift(p, 3));
      }));

      test('Shift used with another key (Shift+A) does not count', withPage(async (page) => {
        const neutral = await routeNeutral(page);
        await page.goto(url, { waitUntil: 'load' });
        const shiftA = async () => {
          await page.keyboard.down('Shift');
          await page.keyboard.press('a');
          await page.keyboard.up('Shift');
        };
        await shiftA();
        await shiftA();
        await shiftA();
        await assertStayed(page, url, neutral, 'Shift+A three times');
        await pressShift(page, 2);
        await shiftA();
        await assertStayed(page, url, neutral, 'Shift, Shift, Shift+A');
      }));

      test('Shift presses count only within 5 seconds of the last one', async (t) => {
        const probe = await context.newPage();
        const hasClock = !!(probe.clock && typeof probe.clock.install === 'function');
        await probe.close();
        if (!hasClock) t.diagnostic('page.clock is missing: waiting in real time');

        const run = async (steps) => {
          // A context of its own: the fake clock is installed for a whole context.
          const ctx = await guardedContext(browser, server);
          try {
            const page = await ctx.newPage();
            if (hasClock) await page.clock.install();
            const neutral = await routeNeutral(page);
            await page.goto(url, { waitUntil: 'load' });
            const href = await exitHref(page);
            await steps(page, neutral, href, async (ms) => {
              if (hasClock) await page.clock.fastForward(ms);
              else await page.waitForTimeout(ms);
            });
          } finally {
            await ctx.close();
          }
        };

        // A pause of more than 5 s starts the count again ...
        await run(async (page, neutral, href, wait) => {
          await pressShift(page, 2);
          await wait(6000);
          await pressShift(page, 1);
          await assertStayed(page, url, neutral, 'Shift, Shift, a pause of 6 s, Shift');
          await pressShift(page, 2); // ... so these two make three in a row
          await page.waitForURL(href, { timeout: 5000 });
        });
        // ... while presses each within 5 s of the last count, even over 8 s in all.
        if (hasClock) {
          await run(async (page, neutral, href, wait) => {
            await pressShift(page, 1);
            await wait(4000);
            await pressShift(page, 1);
            await wait(4000);
            await pressShift(page, 1);
            await page.waitForURL(href, { timeout: 5000 });
          });
        }
      });

      test('after a Shift press an aria-live region says how many presses remain', withPage(async (page) => {
        await page.goto(url, { waitUntil: 'load' });
        const readNow = () => liveRegionText(page);
        const regions = await page.locator('[aria-live], [role="status"], [role="alert"]').count();
        assert.ok(regions > 0, 'the page has no aria-live region for the quick exit to speak through');
        const waitForWords = async (re, what) => {
          const deadline = Date.now() + 3000;
          let said = '';
          while (Date.now() < deadline) {
            said = await readNow();
            if (re.test(said)) return said;
            await page.waitForTimeout(50);
          }
          return assert.fail(`${what}: the live region says "${said}", not how many presses remain (${re})`);
        };
        await pressShift(page, 1);
        await waitForWords(/\b(2|two)\b/i, 'after one Shift press');
        await pressShift(page, 1);
        await waitForWords(/\b(1|one)\b/i, 'after two Shift presses');
      }));

      test('without JavaScript a click on the link still leaves', withPage(async (page) => {
        const neutral = await routeNeutral(page);
        await page.goto(url, { waitUntil: 'load' });
        const href = await exitHref(page);
        await clickQuickExit(page);
        await page.waitForURL(href, { timeout: 5000 });
        assert.ok(neutral.requests.length > 0, 'the neutral site was not requested');
        assert.equal(neutral.requests[0].headers.referer, undefined, 'the neutral site was sent a Referer');
      }, () => noJs));

      test('is hidden in print', withPage(async (page) => {
        await page.goto(url, { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        const shown = await page.evaluate(() =>
          [...document.querySelectorAll('[data-signpost^="quick-exit"]')]
            .filter((el) => {
              const r = el.getBoundingClientRect();
              const s = getComputedStyle(el);
              return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none';
            })
            .map((el) => el.outerHTML.slice(0, 120)),
        );
        assert.deepEqual(shown, [], 'quick exit elements are printed');
      }));

      // While a navigation to another site is pending, Chromium holds back
      // DevTools commands to the page, so the page reports on itself: a
      // MutationObserver calls back into the test (exposeBinding) as soon as
      // the overlay or the <html> class changes, while the test holds the
      // neutral site's answer back.
      test('a click blanks the page at once, before the neutral site answers', withPage(async (page) => {
        const reports = [];
        await page.exposeBinding('signpostTestReport', (_source, state) => {
          reports.push(state);
        });
        const neutral = await routeNeutral(page, { gate: true });
        await page.goto(url, { waitUntil: 'load' });
        const href = await exitHref(page);
        const overlay = page.locator(OVERLAY);
        assert.equal(await overlay.count(), 1, `there should be one quick exit overlay (${OVERLAY})`);
        assert.equal(await overlay.evaluate((el) => el.hidden), true, 'the overlay is not hidden before the click');
        await page.evaluate((sel) => {
          const o = document.querySelector(sel);
          const report = () => {
            const r = o.getBoundingClientRect();
            const main = document.querySelector('main, #main');
            const mr = main ? main.getBoundingClientRect() : null;
            const mainShown = !!main && mr.width > 0 && mr.height > 0 && getComputedStyle(main).visibility !== 'hidden';
            const atCentre = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2);
            window.signpostTestReport({
              hidden: o.hidden,
              display: getComputedStyle(o).display,
              covers: r.left <= 0 && r.top <= 0 && r.right >= window.innerWidth && r.bottom >= window.innerHeight,
              contentVisible: mainShown && !!atCentre && main.contains(atCentre),
            });
          };
          const observer = new MutationObserver(report);
          observer.observe(o, { attributes: true });
          observer.observe(document.documentElement, { attributes: true });
        }, OVERLAY);
        try {
          await clickQuickExit(page);
          await within(5000, neutral.hit, 'the click did not start leaving for the neutral site');
          const deadline = Date.now() + 2000;
          while (!reports.some((r) => !r.hidden) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          assert.equal(page.url(), url, 'the page was gone before the neutral site answered');
          const state = reports.find((r) => !r.hidden);
          assert.ok(state, `the overlay kept its hidden attribute while the neutral site loads (reports: ${JSON.stringify(reports)})`);
          assert.notEqual(state.display, 'none', 'the overlay is not displayed while the neutral site loads');
          assert.ok(state.covers, 'the overlay does not cover the whole window');
          assert.equal(state.contentVisible, false, 'the page content can still be seen while leaving');
        } finally {
          neutral.release('fulfill');
        }
        await page.waitForURL(href, { timeout: 5000 });
      }));

      test('coming back through the browser cache (pageshow, persisted) shows the page again', withPage(async (page) => {
        // The neutral site never answers (the navigation is aborted), so the
        // blanked page stays, as it would be kept in the back-forward cache.
        const neutral = await routeNeutral(page, { gate: true });
        neutral.release('abort');
        await page.goto(url, { waitUntil: 'load' });
        await clickQuickExit(page);
        await within(5000, neutral.hit, 'the click did not start leaving for the neutral site');
        let blanked = false;
        for (let i = 0; i < 50 && !blanked; i += 1) {
          await page.waitForTimeout(20);
          blanked = await page.evaluate((sel) => {
            const o = document.querySelector(sel);
            return !!o && !o.hidden;
          }, OVERLAY);
        }
        assert.ok(blanked, 'the click did not blank the page');
        const after = await page.evaluate((sel) => {
          window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
          const main = document.querySelector('main, #main');
          const r = main.getBoundingClientRect();
          const atCentre = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2);
          return {
            overlayHidden: document.querySelector(sel).hidden,
            mainShown: r.width > 0 && r.height > 0 && getComputedStyle(main).visibility !== 'hidden',
            overlayAtCentre: !!atCentre && atCentre.matches(sel),
          };
        }, OVERLAY);
        assert.equal(after.overlayHidden, true, 'after pageshow (persisted) the overlay is still shown');
        assert.equal(after.mainShown, true, 'after pageshow (persisted) the main content is still hidden');
        assert.equal(after.overlayAtCentre, false, 'after pageshow (persisted) the overlay still covers the page');
      }));
    });
  }
}
