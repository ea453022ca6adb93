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
