import { MIN_INPUT_COMMIT_MS } from '../../lib/protocol/input-commit';
import { PushToTalkTurn, tooShortMessage } from './pushToTalkTurn';

const RATE = 24000;
const chunk = (samples: number, value = 1) => new Int16Array(samples).fill(value);

function turn() {
  const sent: Int16Array[] = [];
  let enough = 0;
  const t = new PushToTalkTurn({ sampleRate: RATE, send: (c) => sent.push(c), onEnough: () => enough++ });
  return { t, sent, enough: () => enough };
}

test('a click (less than the minimum) sends nothing and ends short', () => {
  const { t, sent, enough } = turn();
  t.push(chunk(RATE / 20)); // 50 ms
  t.push(chunk(RATE / 25)); // 40 ms
  const end = t.end();
  expect(sent).toEqual([]);
  expect(enough()).toBe(0);
  expect(end).toEqual({ enough: false, durationMs: 90, minimumMs: MIN_INPUT_COMMIT_MS });
  expect(tooShortMessage(end)).toMatch(/hold to talk/);
});

test('a press with no audio at all (the microphone had not started) ends short', () => {
  const { t, sent } = turn();
  expect(t.end()).toEqual({ enough: false, durationMs: 0, minimumMs: MIN_INPUT_COMMIT_MS });
  expect(sent).toEqual([]);
});

test('once the minimum is reached the held chunks go out in order, then every chunk at once', () => {
  const { t, sent, enough } = turn();
  const a = chunk(1200, 1);
  const b = chunk(1200, 2);
  t.push(a);
  expect(sent).toEqual([]);
  t.push(b); // 100 ms in all
  expect(sent).toEqual([a, b]);
  expect(enough()).toBe(1);
  const c = chunk(480, 3);
  t.push(c);
  expect(sent).toEqual([a, b, c]);
  expect(enough()).toBe(1);
  expect(t.end()).toEqual({ enough: true, durationMs: 120, minimumMs: MIN_INPUT_COMMIT_MS });
});

test('chunks after the end are ignored', () => {
  const { t, sent } = turn();
  t.end();
  t.push(chunk(RATE));
  expect(sent).toEqual([]);
});
