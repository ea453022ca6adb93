// Accessibility: axe-core finds no WCAG 2.2 A/AA violation on any page at a
// desktop width, nor on the home page and one inner page at 320 px (axe is
// the slowest part of the run: every page at both widths would double it).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilderModule from '@axe-core/playwright';
import { SITES, serveSite, launchBrowser, guardedContext, axeSource, innerPage, pageLabel } from './lib.mjs';

const AxeBuilder = AxeBuilderModule.default || AxeBuilderModule;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SOURCE = axeSource();

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `      ${n.target.join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : '';
      return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const WIDTHS = [
  { name: '1280 px', viewport: { width: 1280, height: 800 } },
  { name: '320 px', viewport: { width: 320, height: 640 } },
];

for (const site of SITES) {
  describe(`${site.name}: axe-core WCAG 2.2 AA`, () => {
    let server;
    const contexts = [];
    const tabs = []; // one tab per width, reused: opening a tab costs more than a page load
    before(async () => {
      server = await serveSite(site);
      for (const w of WIDTHS) {
        const context = await guardedContext(browser, server, { viewport: w.viewport });
        contexts.push(context);
        tabs.push(await context.newPage());
      }
    });
    after(async () => {
      for (const c of contexts) await c.close();
      await server?.close();
    });

    const narrowToo = new Set(['', innerPage(site)]);
    for (const path of site.pages) {
      const widths = narrowToo.has(path) ? WIDTHS : WIDTHS.slice(0, 1);
      test(`${pageLabel(path)} has no axe violations at ${widths.map((w) => w.name).join(' and ')}`, async () => {
        const problems = [];
        for (const w of widths) {
          const i = WIDTHS.indexOf(w);
          const page = tabs[i];
          await page.goto(server.url(path), { waitUntil: 'load' });
          const results = await new AxeBuilder({ page, axeSource: SOURCE }).withTags(TAGS).analyze();
          if (results.violations.length > 0) {
            problems.push(`at ${w.name}:\n${describeViolations(results.violations)}`);
          }
        }
        assert.ok(problems.length === 0, `axe violations on ${pageLabel(path)}\n${problems.join('\n')}`);
      });
    }
  });
}
