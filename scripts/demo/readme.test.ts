// The README's promises about the demo and the runtime config, checked against the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DEFAULTS, DEMO_ENV } from './options';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

test('the README lists every demo setting with its default (issue 13, item 10)', () => {
  for (const [option, variable] of Object.entries(DEMO_ENV)) {
    const value = String(DEMO_DEFAULTS[option as keyof typeof DEMO_DEFAULTS]);
    assert.match(README, new RegExp(`\\| \`${variable}\` \\| ${value.replace(/\./g, '\\.')} \\|`), variable);
  }
});

test("the README's runtime-config example names every runtime setting, realtimeUrl included", () => {
  const example = README.match(/```js\nwindow\.REALTIME_CONSOLE_CONFIG = \{([\s\S]*?)\};\n```/);
  assert.ok(example, 'a runtime-config example');
  for (const key of ['relayUrl', 'realtimeUrl', 'defaultModel', 'weatherUrl', 'weatherSimulated']) assert.match(example[1], new RegExp(`\\b${key}:`), key);
  assert.match(readFileSync(join(ROOT, 'public', 'runtime-config.js'), 'utf8'), /realtimeUrl:/);
});

test('the README says which Node it needs and why 20 is fine although openai declares 22; no "about a minute" build', () => {
  const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
  assert.equal(engines, '>=20');
  assert.match(README, /Requires Node\.js 20 or later/);
  assert.match(README, /EBADENGINE/);
  assert.doesNotMatch(README, /about\s+a\s+minute/);
  assert.match(README, /kill -USR1/);
});
