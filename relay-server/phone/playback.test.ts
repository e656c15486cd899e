// What the caller heard, from marks and the media clock (playback.ts), without sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlaybackTracker } from './playback';

test('heard = the last echoed mark plus the media time since, capped at what was sent', () => {
  const tracker = new PlaybackTracker();
  const a = tracker.sent('item_1', 100, 1000);
  const b = tracker.sent('item_1', 100, 1005);
  assert.equal(tracker.heard(1040)?.ms, 40, 'playing from the first send');
  tracker.echoed(a, 1100);
  assert.deepEqual(tracker.heard(1150), { itemId: 'item_1', ms: 150, sentMs: 200 });
  assert.equal(tracker.heard(1400)?.ms, 200, 'never past what was sent');
  tracker.echoed(b, 1200);
  assert.equal(tracker.playing, false);
});

test("a new item starts when the previous item's last mark is echoed", () => {
  const tracker = new PlaybackTracker();
  const first = tracker.sent('item_1', 300, 0);
  tracker.sent('item_2', 100, 50); // queued behind item_1's audio
  assert.equal(tracker.heard(200)?.ms, 0, 'item_2 has not started');
  tracker.echoed(first, 300);
  assert.equal(tracker.heard(340)?.ms, 40);
});

test('after an underrun the next audio plays from when it was sent; after a clear echoes are ignored', () => {
  const tracker = new PlaybackTracker();
  const first = tracker.sent('item_1', 100, 0);
  tracker.echoed(first, 100);
  tracker.sent('item_1', 100, 500); // all played, the stream paused, more audio now
  assert.equal(tracker.heard(550)?.ms, 150);
  const late = tracker.sent('item_1', 100, 560);
  tracker.cleared();
  tracker.echoed(late, 570);
  assert.equal(tracker.heard(600), null);
  assert.equal(tracker.playing, false);
});
