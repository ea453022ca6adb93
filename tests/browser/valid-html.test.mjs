// Every page signpost writes is valid HTML: the Nu Html Checker (vnu.jar, the
// W3C's validator, from npm's vnu-jar; it needs Java) over every HTML file of
// every built site the other tests use. Minification must never cost
// validity (issue #15: a minifier that drops the space between attributes
// makes a page browsers read, but not valid HTML).

import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { SITES } from './lib.mjs';

const require = createRequire(import.meta.url);
const VNU = String(require('vnu-jar'));

const folders = [
  ...SITES.map((s) => s.dir),
  process.env.SIGNPOST_HISTORY_NORMAL_SITE,
  process.env.SIGNPOST_LANGUAGES_SITE,
  ...(process.env.SIGNPOST_ARABIC_SITES || '').split(':'),
].filter(Boolean);

/** The checker's errors for every HTML file below `dir`. */
function errorsIn(dir) {
  let out;
  try {
    out = execFileSync(
      'java',
      ['-jar', VNU, '--errors-only', '--skip-non-html', '--format', 'json', '--stdout', dir],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (e) {
    // vnu exits 1 when it finds errors; the report is on stdout all the same.
    if (!e.stdout) throw e;
    out = e.stdout;
  }
  const text = out.trim() || '{"messages":[]}';
  return JSON.parse(text).messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
}

for (const dir of folders) {
  test(`every page of ${dir} is valid HTML`, () => {
    const errors = errorsIn(dir);
    const shown = errors
      .slice(0, 10)
      .map((m) => `${m.url.replace(/^file:/, '')}:${m.lastLine}:${m.lastColumn}: ${m.message} ${m.extract ?? ''}`);
    assert.equal(errors.length, 0, `${errors.length} errors:\n${shown.join('\n')}`);
  });
}
