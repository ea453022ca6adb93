// `signpost report`: the health page opened from disk as a safeguarding lead
// would open it. axe-core finds no WCAG 2.2 A/AA violation at 1280 and 320 px;
// the page makes no request but for itself (no fonts, images, scripts or
// styles from anywhere); printed (print media), nothing is cut off at the
// width of A4 paper and the tiles, chart and tables all print. A screenshot
// goes to tests/browser/screenshots/report-1280.png for a person to look at.
//
// The report comes from SIGNPOST_REPORT (an absolute path; tests/test.sh
// writes it from the example site).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilderModule from '@axe-core/playwright';
import { SCREENSHOTS, launchBrowser, axeSource } from './lib.mjs';

const AxeBuilder = AxeBuilderModule.default || AxeBuilderModule;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const REPORT = process.env.SIGNPOST_REPORT;

let browser;
before(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

/** A page of the report at `width`, with every request it makes listed. */
async function open(width, fn) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const requests = [];
  context.on('request', (req) => requests.push(req.url()));
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(REPORT).href, { waitUntil: 'load' });
    await fn(page, requests);
  } finally {
    await context.close();
  }
}

describe('report', { skip: !REPORT && 'SIGNPOST_REPORT is not set (tests/test.sh sets it)' }, () => {
  for (const width of [1280, 320]) {
    test(`has no axe violations at ${width} px`, async () => {
      await open(width, async (page) => {
        const results = await new AxeBuilder({ page, axeSource: axeSource() }).withTags(TAGS).analyze();
        const problems = results.violations.map(
          (v) => `${v.id}: ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`,
        );
        assert.deepEqual(problems, [], problems.join('\n'));
      });
    });
  }

  test('requests nothing but itself, and its policy allows its own style', async () => {
    await open(1280, async (page, requests) => {
      assert.deepEqual(requests, [pathToFileURL(REPORT).href]);
      // The inline style is applied (its hash is in the page's CSP): tiles are a grid.
      const display = await page.$eval('.tiles', (el) => getComputedStyle(el).display);
      assert.equal(display, 'grid');
      assert.equal(await page.locator('svg.calendar-chart rect').count() > 0, true, 'the chart has bars');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'report-1280.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1350 } });
    });
  });

  test('prints on A4 with nothing cut off', async () => {
    await open(680, async (page) => {
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => ({
        width: document.documentElement.clientWidth,
        scrollWidth: document.documentElement.scrollWidth,
        tiles: getComputedStyle(document.querySelector('.tiles')).gridTemplateColumns.split(' ').length,
        chart: document.querySelector('svg.calendar-chart').getBoundingClientRect().right,
        tables: [...document.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right),
        linkUrlsShown: getComputedStyle(document.querySelector('td a[href^="http"]'), '::after').content,
      }));
      assert.equal(printed.scrollWidth, printed.width, 'nothing is wider than the paper');
      assert.equal(printed.tiles, 4, 'four tiles to a row');
      assert.ok(printed.chart <= printed.width, `the chart fits (${printed.chart} of ${printed.width})`);
      for (const right of printed.tables) assert.ok(right <= printed.width + 1, `a table is cut off at ${right}`);
      assert.match(printed.linkUrlsShown, /https:/, 'printed links show their address');
      const pdf = await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
      assert.ok(pdf.length > 10_000, 'a PDF with content');
    });
  });
});
