import assert from 'node:assert/strict';
import { it } from 'node:test';
import { expiryState } from './session-expiry';

it('counts down to expires_at in minutes and seconds, warns from 5 minutes, stops at zero', () => {
  const expires = 1_900_000_000; // seconds
  const at = (msBefore: number) => expiryState(expires, expires * 1000 - msBefore);
  assert.deepEqual(at(60 * 60 * 1000), { remainingMs: 3_600_000, text: '60:00', warning: false, expired: false });
  assert.equal(at(5 * 60 * 1000 + 1).warning, false);
  assert.deepEqual(at(5 * 60 * 1000), { remainingMs: 300_000, text: '5:00', warning: true, expired: false });
  assert.equal(at(65_500).text, '1:06', 'partial seconds round up: the time shown has not run out');
  assert.deepEqual(at(-10_000), { remainingMs: 0, text: '0:00', warning: true, expired: true });
});
