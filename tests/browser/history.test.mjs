// One history entry per visit (site.yaml quick_exit.history: single, the
// default): with JavaScript, moving around the site adds nothing to the tab's
// history, so after the quick exit Back lands on the page the visitor had
// open before the site. Clicks meant otherwise are left alone; with
// JavaScript off, or in a site built with `history: normal`, navigation is
// the browser's own, and the pages say so.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SITES,
  HISTORY_NORMAL_SITE,
  serveSite,
  launchBrowser,
  guardedContext,
  NEUTRAL_HTML,
  pageRunner,
} from './lib.mjs';

const PREVIOUS = 'https://previous-site.test/';
const PREVIOUS_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Before</title></head><body><p>A page visited before</p></body></html>';
const LINK = '[data-signpost="quick-exit"]';
const SENTENCES = '[data-signpost="history-note"]';
const QUICK_EXIT_PAGE = 'staying-safe/quick-exit/';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Answer for the page before the site and for the neutral site, then open
 *  the page before the site, so Back has somewhere to go. */
async function startBefore(page) {
  await page.route(
    (u) => u.hostname !== '127.0.0.1',
    (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: route.request().url().startsWith(PREVIOUS) ? PREVIOUS_HTML : NEUTRAL_HTML,
      }),
  );
  await page.goto(PREVIOUS);
}

const historyLength = (page) => page.evaluate(() => history.length);

/** Click the first visible link whose href ends with `suffix` and wait for
 *  the page it opens. */
async function clickTo(page, suffix) {
  const link = page.locator(`a[href$="${suffix}"]:visible`).first();
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith(suffix)), link.click()]);
  await page.waitForLoadState('load');
}

async function pressShift(page, times) {
  for (let i = 0; i < times; i += 1) await page.keyboard.press('Shift');
}

/** A walk through the site as in issue #10: home, "What stalking is", the
 *  law section, a law page, one of its "On this page" entries and the skip
 *  link. Returns the history length seen on arrival. */
async function walk(page, server, expectGrowth) {
  await page.goto(server.url(''), { waitUntil: 'load' });
  const start = await historyLength(page);
  const steps = [];
  await clickTo(page, '/about/');
  steps.push(await historyLength(page));
  await clickTo(page, '/law/');
  steps.push(await historyLength(page));
  await clickTo(page, '/law/england-and-wales/');
  steps.push(await historyLength(page));
  await page.locator('.toc a').nth(1).click();
  await page.waitForURL((u) => u.hash.length > 1);
  steps.push(await historyLength(page));
  await page.locator('.skip-link').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.hash === '#main');
  steps.push(await historyLength(page));
  const expected = steps.map((_, i) => (expectGrowth ? start + i + 1 : start));
  assert.deepEqual(steps, expected, `history.length after each step (it was ${start} on arrival)`);
  return start;
}

async function leaveAndGoBack(page, how) {
  const href = await page.locator(LINK).evaluate((a) => a.href);
  if (how === 'shift') await pressShift(page, 3);
  else {
    const box = await page.locator(LINK).boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }
  await page.waitForURL(href, { timeout: 5000 });
  await page.goBack({ waitUntil: 'load' }).catch(() => null);
  return page.url();
}

for (const site of SITES) {
  describe(`${site.name}: one history entry per visit`, () => {
    let server;
    let context;
    let noJs;
    before(async () => {
      server = await serveSite(site);
      context = await guardedContext(browser, server);
      noJs = await guardedContext(browser, server, { javaScriptEnabled: false });
    });
    after(async () => {
      await context?.close();
      await noJs?.close();
      await server?.close();
    });
    const withPage = pageRunner(() => context);

    for (const how of ['shift', 'button']) {
      test(`after links, anchors and the quick exit (${how === 'shift' ? 'Shift ×3' : 'the button'}), Back reaches the page before the site`, withPage(async (page) => {
        await startBefore(page);
        const before = await historyLength(page);
        const start = await walk(page, server, false);
        assert.equal(start, before + 1, 'the site should have added one entry on arrival');
        const back = await leaveAndGoBack(page, how);
        assert.equal(back, PREVIOUS, `Back went to ${back}, not to the page before the site`);
        assert.equal(await historyLength(page), start, 'the quick exit added a history entry');
      }));
    }

    test('an in-page anchor scrolls its target clear of the bar and moves the Tab starting point', withPage(async (page) => {
      await page.goto(server.url('law/england-and-wales/'), { waitUntil: 'load' });
      const start = await historyLength(page);
      const entry = page.locator('.toc a').last();
      const id = (await entry.getAttribute('href')).split('#')[1];
      await entry.click();
      await page.waitForURL((u) => u.hash === `#${id}`);
      const where = await page.evaluate((target) => {
        const el = document.getElementById(target);
        const bar = document.querySelector('.quick-exit').getBoundingClientRect();
        return { top: el.getBoundingClientRect().top, barBottom: bar.bottom, vh: window.innerHeight };
      }, id);
      assert.ok(where.top >= where.barBottom && where.top < where.vh, `the target is at ${where.top} px, the bar ends at ${where.barBottom} px`);
      await page.keyboard.press('Tab');
      const after = await page.evaluate((target) => {
        const el = document.getElementById(target);
        // eslint-disable-next-line no-bitwise
        return !!(el.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING);
      }, id);
      assert.ok(after, 'Tab after the anchor did not go to an element after its target');
      // The skip link focuses <main>, as a skip link does.
      await page.locator('.skip-link').focus();
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.hash === '#main');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'the skip link did not focus <main>');
      assert.equal(await historyLength(page), start, 'in-page links added history entries');
    }));

    test('clicks meant otherwise are left alone: Ctrl, Shift, middle button, target, download, other origins, handled clicks', withPage(async (page) => {
      await startBefore(page);
      await page.goto(server.url(''), { waitUntil: 'load' });
      const url = page.url();
      const start = await historyLength(page);
      const link = page.locator('a[href$="/about/"]:visible').first();
      for (const [what, click] of [
        ['Ctrl+click', () => link.click({ modifiers: ['Control'] })],
        ['Shift+click', () => link.click({ modifiers: ['Shift'] })],
        ['a middle click', () => link.click({ button: 'middle' })],
      ]) {
        const opened = context.waitForEvent('page', { timeout: 5000 });
        await click();
        const other = await opened.catch(() => null);
        assert.ok(other, `${what} on a link did not open it in a new tab or window`);
        await other.close();
        assert.equal(page.url(), url, `${what} navigated the tab itself`);
      }
      // A link with target= and one another script handled.
      await page.evaluate(() => {
        const add = (id, attrs) => {
          const a = document.createElement('a');
          a.id = id;
          a.textContent = id;
          for (const [k, v] of Object.entries(attrs)) a.setAttribute(k, v);
          document.querySelector('main').prepend(a);
        };
        add('test-target', { href: 'about/', target: '_blank' });
        add('test-handled', { href: 'about/' });
        document.getElementById('test-handled').addEventListener('click', (e) => e.preventDefault());
        add('test-download', { href: 'about/', download: '' });
        add('test-other-origin', { href: 'https://previous-site.test/other' });
      });
      const opened = context.waitForEvent('page', { timeout: 5000 });
      await page.click('#test-target');
      await (await opened).close();
      await page.click('#test-handled');
      await page.waitForTimeout(300);
      assert.equal(page.url(), url, 'a click another script prevented (or a target= link) navigated the tab');
      assert.equal(await historyLength(page), start, 'history changed without a navigation');
      const download = page.waitForEvent('download', { timeout: 5000 }).catch(() => null);
      await page.click('#test-download');
      assert.ok(await download, 'a download link was not downloaded');
      assert.equal(page.url(), url, 'a download link navigated the tab');
      // A link to another origin is a normal navigation: Back comes back.
      await Promise.all([page.waitForURL(`${PREVIOUS}other`), page.click('#test-other-origin')]);
      assert.equal(await historyLength(page), start + 1, 'a link to another site did not add a history entry');
    }));

    test('a GET form to the site replaces the history entry too', withPage(async (page) => {
      await page.goto(server.url(''), { waitUntil: 'load' });
      const start = await historyLength(page);
      await page.evaluate(() => {
        const form = document.createElement('form');
        form.action = 'about/';
        form.innerHTML = '<input name="q" value="a b"><button id="test-submit">Go</button>';
        document.querySelector('main').prepend(form);
      });
      await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/about/')), page.click('#test-submit')]);
      assert.equal(new URL(page.url()).search, '?q=a+b');
      assert.equal(await historyLength(page), start, 'the form added a history entry');
    }));

    test('with JavaScript off, navigation is normal (Back returns) and the page says so', withPage(async (page) => {
      await startBefore(page);
      const start = await walk(page, server, true);
      await page.goBack({ waitUntil: 'load' });
      assert.ok(page.url().startsWith(server.origin), 'with JavaScript off, Back did not return to the site');
      await page.goto(server.url(QUICK_EXIT_PAGE), { waitUntil: 'load' });
      const sentences = page.locator(SENTENCES);
      assert.ok(await sentences.isVisible(), 'the quick exit page shows no sentences about history');
      assert.match(await sentences.innerText(), /JavaScript is turned off/);
      assert.ok(start > 1, 'the page before the site is not in the history');
    }, () => noJs));
  });
}

describe('a site built with quick_exit.history: normal', () => {
  let server;
  let context;
  let singleText = '';
  before(async () => {
    if (!HISTORY_NORMAL_SITE) return;
    server = await serveSite(HISTORY_NORMAL_SITE);
    context = await guardedContext(browser, server);
    const single = await serveSite(SITES[0]);
    const page = await context.newPage();
    await page.goto(single.url(QUICK_EXIT_PAGE));
    singleText = await page.locator(`${SENTENCES} li`).first().innerText();
    await page.close();
    await single.close();
  });
  after(async () => {
    await context?.close();
    await server?.close();
  });

  test('moving between pages adds entries, and Back after the quick exit returns to the site', async (t) => {
    if (!HISTORY_NORMAL_SITE) return t.skip('SIGNPOST_HISTORY_NORMAL_SITE is not set (tests/test.sh sets it)');
    const page = await context.newPage();
    await startBefore(page);
    await walk(page, server, true);
    const back = await leaveAndGoBack(page, 'shift');
    assert.ok(back.startsWith(server.origin), `Back went to ${back}, not to a page of the site`);
    await page.close();
    return undefined;
  });

  test('its pages do not say the Back list holds nothing of the site', async (t) => {
    if (!HISTORY_NORMAL_SITE) return t.skip('SIGNPOST_HISTORY_NORMAL_SITE is not set (tests/test.sh sets it)');
    const page = await context.newPage();
    for (const path of [QUICK_EXIT_PAGE, 'staying-safe/online/']) {
      await page.goto(server.url(path));
      const text = await page.locator('main').innerText();
      assert.ok(singleText && !text.includes(singleText), `${path} says "${singleText}"`);
      assert.equal(await page.locator(`${SENTENCES}[data-history="normal"]`).count(), 1, `${path} has no sentences for history: normal`);
    }
    assert.equal(await page.locator('.quick-exit[data-history="normal"]').count(), 1, 'the quick exit bar is not told data-history="normal"');
    await page.close();
    return undefined;
  });
});
