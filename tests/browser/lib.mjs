// Shared helpers of the browser tests: the built sites under test, a tiny
// static file server for one of them, the list of its pages, and the browser.
//
// The sites come from SIGNPOST_SITES (absolute paths of built sites separated
// by ":") or SIGNPOST_SITE (one path); tests/test.sh sets them.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.join(HERE, 'screenshots');

// ---------------------------------------------------------------- the sites

/** The theme a site was built with, from its folder name: `browser-site` is
 *  the default theme, `browser-site-NAME` the theme NAME. */
function themeOf(dir) {
  const base = path.basename(dir);
  if (base === 'browser-site') return 'default';
  const m = /^browser-site-(.+)$/.exec(base);
  return m ? m[1] : base;
}

function readSites() {
  const raw = process.env.SIGNPOST_SITES || process.env.SIGNPOST_SITE || '';
  const dirs = raw.split(':').map((s) => s.trim()).filter(Boolean);
  if (dirs.length === 0) {
    throw new Error(
      'no site to test: set SIGNPOST_SITES=/abs/site[:/abs/other-site] (tests/test.sh does)',
    );
  }
  return dirs.map(siteAt);
}

/** A built site at `dir`: its folder, theme name, base path and pages. */
function siteAt(dir) {
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'index.html'))) {
    throw new Error(`${abs} is not a built site (it has no index.html)`);
  }
  const pages = listPages(abs);
  return { dir: abs, name: themeOf(abs), basePath: basePathOf(abs), pages };
}

/** The URL path the site is built for (`/support/stalking/` for
 *  base_url https://example.ac.uk/support/stalking/): the common folder of
 *  every <loc> in sitemap.xml. Internal links are root-relative to it, so the
 *  test server serves the site under the same path. */
export function basePathOf(dir) {
  let xml;
  try {
    xml = fs.readFileSync(path.join(dir, 'sitemap.xml'), 'utf8');
  } catch {
    return '/';
  }
  const paths = [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => {
    try {
      return new URL(m[1]).pathname;
    } catch {
      return '/';
    }
  });
  if (paths.length === 0) return '/';
  let prefix = paths[0].slice(0, paths[0].lastIndexOf('/') + 1);
  for (const p of paths) {
    while (!p.startsWith(prefix)) {
      prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
    }
  }
  return prefix || '/';
}

/** Every HTML page of a built site as a path relative to the site's base
 *  ('' for the home page, 'law/' for law/index.html, '404.html'), sorted,
 *  leaving out the redirect pages of `aliases` (meta http-equiv=refresh). */
export function listPages(dir) {
  const pages = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        walk(relPath);
      } else if (entry.isFile() && entry.name.endsWith('.html')) {
        const html = fs.readFileSync(path.join(dir, relPath), 'utf8');
        if (/http-equiv\s*=\s*["']?refresh/i.test(html)) continue;
        pages.push(relPath.endsWith('index.html') ? relPath.slice(0, -'index.html'.length) : relPath);
      }
    }
  };
  walk('');
  pages.sort();
  if (!pages.includes('')) throw new Error(`${dir} has no home page`);
  return pages;
}

export const SITES = readSites();

/** The example site built with `quick_exit.history: normal`, from
 *  SIGNPOST_HISTORY_NORMAL_SITE (tests/test.sh sets it), or null. */
export const HISTORY_NORMAL_SITE = process.env.SIGNPOST_HISTORY_NORMAL_SITE
  ? siteAt(process.env.SIGNPOST_HISTORY_NORMAL_SITE)
  : null;

/** A page of the site other than the home page, preferably a leaf page two
 *  levels down (e.g. `law/orders/`). */
export function innerPage(site) {
  const content = site.pages.filter((p) => p !== '' && p.endsWith('/'));
  return content.find((p) => p.split('/').length === 3) || content[0];
}

// ------------------------------------------------------ the static server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
};

/** Parse a Netlify/Cloudflare Pages `_headers` file: a path pattern on a
 *  line of its own, then indented `Name: value` lines. */
export function parseHeadersFile(text) {
  const rules = [];
  let rule = null;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim();
      const source = pattern
        .split(/(\*|:[A-Za-z_][A-Za-z0-9_]*)/)
        .map((part) => {
          if (part === '*') return '.*';
          if (part.startsWith(':')) return '[^/]+';
          return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      rule = { pattern, regex: new RegExp(`^${source}$`), headers: [] };
      rules.push(rule);
    } else if (rule) {
      const m = /^\s+([^:\s]+)\s*:\s*(.*)$/.exec(line);
      if (m) rule.headers.push([m[1], m[2].trim()]);
    }
  }
  return rules;
}

function headersFor(rules, sitePath) {
  const out = {};
  for (const rule of rules) {
    if (!rule.regex.test(sitePath)) continue;
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      out[key] = out[key] ? `${out[key]}, ${value}` : value;
    }
  }
  return out;
}

/** Serve a built site on 127.0.0.1 (random free port) under its base path.
 *  `/law/` → law/index.html, `/law` → redirect to `/law/`, a missing file →
 *  404.html with status 404; headers from the site's `_headers`, if any. */
export async function serveSite(site) {
  const root = site.dir;
  const base = site.basePath;
  let rules = [];
  const headersPath = path.join(root, '_headers');
  if (fs.existsSync(headersPath)) rules = parseHeadersFile(fs.readFileSync(headersPath, 'utf8'));

  const send = (res, status, file, sitePath) => {
    const body = fs.readFileSync(file);
    res.writeHead(status, {
      ...headersFor(rules, sitePath),
      'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(body);
  };
  const notFound = (res, sitePath) => {
    const page404 = path.join(root, '404.html');
    if (fs.existsSync(page404)) return send(res, 404, page404, sitePath);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
  };

  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return res.end();
    }
    if (`${pathname}/` === base) {
      res.writeHead(301, { location: base });
      return res.end();
    }
    if (!pathname.startsWith(base)) return notFound(res, pathname);
    const rel = pathname.slice(base.length);
    const sitePath = `/${rel}`;
    // The host's configuration files are not served (as on Netlify).
    if (/^_(headers|redirects)$/.test(rel) || rel === '.signpost-output') return notFound(res, sitePath);
    let file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(res, sitePath);
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: `${pathname}/` });
        return res.end();
      }
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat || !stat.isFile()) return notFound(res, sitePath);
    return send(res, 200, file, sitePath);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base: origin + base,
    headerRules: rules,
    /** Absolute URL of a page given relative to the site's base. */
    url: (page) => origin + base + page,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// ------------------------------------------------------------ the browser

export const CHROMIUM = process.env.SIGNPOST_CHROMIUM || '/usr/bin/chromium';

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** True when a URL never leaves this machine: the test server's origin, or
 *  a URL with no network behind it (data:, blob:, about:). */
export function isLocal(url, origin) {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/** A browser context in which nothing can leave the machine: every request
 *  that is not to 127.0.0.1 is aborted (and listed in `blocked`). Routes a
 *  test adds on the page (page.route) take precedence, so a test can fulfil
 *  the neutral quick exit site itself. */
export async function guardedContext(browser, server, options = {}) {
  const context = await browser.newContext(options);
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      /* not a URL with a host */
    }
    if (host === '127.0.0.1' || isLocal(url, server.origin)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  context.blocked = blocked;
  return context;
}

/** Watch a page: every request URL, console errors, uncaught exceptions and
 *  error responses. */
export function watchPage(page) {
  const log = { requests: [], errors: [], badResponses: [] };
  page.on('request', (req) => log.requests.push(req.url()));
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location();
      log.errors.push(`console: ${msg.text()}${where && where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => log.errors.push(`uncaught: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) log.badResponses.push(`${res.status()} ${res.url()}`);
  });
  return log;
}

/** The source of axe-core from this package's own dependency (newer than the
 *  copy @axe-core/playwright bundles). */
export function axeSource() {
  return fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/** The neutral page a quick exit lands on, served by the test itself. */
export const NEUTRAL_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Neutral site</title></head><body><p>Weather</p></body></html>';

/** Label of a page in test names. */
export function pageLabel(page) {
  return `/${page}`;
}

/**
 * A test body that runs `fn` on a new page of the context `getContext()`
 * returns (read when the test runs, after `before` has made it), and closes
 * the page whatever happens: `const withPage = pageRunner(() => context)`, then
 * `test(name, withPage(async (page) => …))`.
 */
export function pageRunner(getContext) {
  return (fn, ctx = getContext) => async () => {
    const page = await ctx().newPage();
    try {
      await fn(page);
    } finally {
      await page.close();
    }
  };
}

/** Everything a page could have left behind, as seen from the site's origin. */
export function leftBehind() {
  return (async () => {
    const out = {
      cookie: document.cookie,
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      indexedDB: [],
      caches: [],
      serviceWorkers: 0,
    };
    if (indexedDB.databases) out.indexedDB = (await indexedDB.databases()).map((d) => d.name);
    if (self.caches) out.caches = await caches.keys();
    if (navigator.serviceWorker) out.serviceWorkers = (await navigator.serviceWorker.getRegistrations()).length;
    return out;
  })();
}

/** What `leftBehind` finds when a visit stored nothing. */
export const NOTHING = { cookie: '', localStorage: 0, sessionStorage: 0, indexedDB: [], caches: [], serviceWorkers: 0 };

// ------------------------------------------------- the quick exit, used
// by quick-exit.test.mjs and by the tests of other languages' pages

export const LINK = '[data-signpost="quick-exit"]';
export const OVERLAY = '[data-signpost="quick-exit-overlay"], .quick-exit__overlay';
export const PREVIOUS = 'https://previous-site.test/';
export const PREVIOUS_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Before</title></head><body><p>A page visited before</p></body></html>';

export function deferred() {
  let resolve;
  const promise = new Promise((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Answer for the neutral site (any URL off 127.0.0.1) and for a "previous
 *  site" to come from, on this page. With `gate`, requests to the neutral
 *  site wait until `release('fulfill' | 'abort')`; `hit` resolves when the
 *  first one arrives. */
export async function routeNeutral(page, { gate = false } = {}) {
  const requests = [];
  const hit = deferred();
  const open = deferred();
  if (!gate) open.resolve('fulfill');
  await page.route(
    (u) => u.hostname !== '127.0.0.1' && !u.href.startsWith(PREVIOUS),
    async (route) => {
      requests.push({ url: route.request().url(), headers: route.request().headers() });
      hit.resolve();
      const action = await open.promise;
      if (action === 'abort') return route.abort('aborted');
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEUTRAL_HTML });
    },
  );
  await page.route(`${PREVIOUS}**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PREVIOUS_HTML }),
  );
  return { requests, hit: hit.promise, release: (action = 'fulfill') => open.resolve(action) };
}

/** Resolve `promise`, or fail with `message` after `ms`. */
export function within(ms, promise, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Click the quick exit link like a person would, without Playwright waiting
 *  for the navigation it starts. */
export async function clickQuickExit(page) {
  const link = page.locator(LINK);
  await link.scrollIntoViewIfNeeded();
  const box = await link.boundingBox();
  assert.ok(box, 'the quick exit link has no box to click');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

export async function exitHref(page) {
  const href = await page.locator(LINK).first().evaluate((a) => a.href);
  assert.match(href, /^https?:\/\//, 'the quick exit link has no absolute neutral URL');
  return href;
}

/** Open `url` after a page of another site, so Back has somewhere to go. */
export async function openAfterPrevious(page, url) {
  await page.goto(PREVIOUS);
  await page.goto(url, { waitUntil: 'load' });
}

/** The visitor left: the tab shows the neutral site, and Back goes to the
 *  page before the signpost page, not to it (location.replace). */
export async function assertLeftForGood(page, href, neutral, server) {
  await page.waitForURL(href, { timeout: 5000 });
  assert.ok(neutral.requests.length > 0, 'the neutral site was not requested');
  assert.equal(neutral.requests[0].url, href, 'the quick exit went somewhere else than its link says');
  for (const r of neutral.requests) {
    assert.equal(r.headers.referer, undefined, `the neutral site was told where the visitor came from: Referer ${r.headers.referer}`);
  }
  await page.goBack({ waitUntil: 'load' }).catch(() => null);
  const back = page.url();
  assert.ok(
    !back.startsWith(server.origin),
    `Back returned to the signpost page (${back}): the quick exit must leave with location.replace`,
  );
  assert.equal(back, PREVIOUS, 'Back should return to the page visited before the signpost page');
}

/** Open `url` after another site, leave it with `leave(page)` (a click,
 *  Shift three times) and check that the visitor left for good. */
export async function leavesForGood(page, server, url, leave) {
  const neutral = await routeNeutral(page);
  await openAfterPrevious(page, url);
  const href = await exitHref(page);
  await leave(page);
  await assertLeftForGood(page, href, neutral, server);
}

/** Press Shift on its own `times` times. */
export async function pressShift(page, times = 1) {
  for (let i = 0; i < times; i += 1) await page.keyboard.press('Shift');
}

/** What the page's live regions say now (those a screen reader hears), joined by " | ". */
export function liveRegionText(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"]')]
      .filter(
        (el) =>
          el.getAttribute('aria-live') !== 'off' &&
          el.closest('[aria-hidden="true"]') === null &&
          getComputedStyle(el).display !== 'none' &&
          getComputedStyle(el).visibility !== 'hidden',
      )
      .map((el) => el.textContent.trim())
      .join(' | '),
  );
}

/** The built sites named by the environment variable `name` (absolute paths
 *  separated by ":"), or [] when it is not set. */
export function sitesFrom(name) {
  return (process.env[name] || '')
    .split(':')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(siteAt);
}

/** A theme's English interface strings (themes/NAME/strings.yaml: one
 *  `key: "text"` a line), by key. */
export function themeStrings(name) {
  const file = path.join(HERE, '..', '..', 'themes', name, 'strings.yaml');
  const out = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([a-z][\w.]*):\s*"(.*)"\s*$/.exec(line);
    if (m) out[m[1]] = m[2].replace(/\\"/g, '"');
  }
  return out;
}
