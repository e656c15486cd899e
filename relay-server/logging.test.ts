import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, escapeControl, formatBytes, redact } from './logging';

test('the key, the token and key-shaped text are redacted; short secrets do not blank out words', () => {
  const lines: string[] = [];
  const log = createLogger((line) => lines.push(line), ['sk-live-0123456789abcdef', 'token-0123456789', 'tok', null]);
  log('key sk-live-0123456789abcdef and token-0123456789 and sk-proj-abc***wxyz; an access token is required');
  assert.deepEqual(lines, ['key [redacted] and [redacted] and sk-[redacted]; an access token is required']);
  assert.equal(redact('plain text', []), 'plain text');
});

test('byte counts stay short', () => {
  assert.deepEqual([999, 1536, 2_500_000, 3e9].map(formatBytes), ['999 B', '1.5 kB', '2.5 MB', '3.00 GB']);
});

test('control characters are escaped: a quoted value cannot forge a line or drive the terminal', () => {
  const lines: string[] = [];
  const log = createLogger((line) => lines.push(line), []);
  log('model "x\nrelay #9 forged\u001b[31m\r\t\u0000\u007f\u009b\u2028" refused');
  assert.deepEqual(lines, ['model "x\\nrelay #9 forged\\x1b[31m\\r\\t\\x00\\x7f\\x9b\\u2028" refused']);
  assert.equal(escapeControl('café ✓'), 'café ✓');
});
