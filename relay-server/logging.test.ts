import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, formatBytes, redact } from './logging';

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
