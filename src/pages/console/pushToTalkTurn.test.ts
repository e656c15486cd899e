import { MIN_INPUT_COMMIT_MS } from '../../lib/protocol/input-commit';
import { PushToTalkTurn, tooShortMessage } from './pushToTalkTurn';

const RATE = 24000;
const chunk = (samples: number, value = 1) => new Int16Array(samples).fill(value);

function turn() {
  const sent: Int16Array[] = [];
  let enough = 0;
  let clock = 1000;
  const t = new PushToTalkTurn({ sampleRate: RATE, send: (c) => sent.push(c), onEnough: () => enough++, now: () => clock });
  return { t, sent, enough: () => enough, advance: (ms: number) => void (clock += ms) };
}

test('a click (a short press with little audio) sends nothing and ends short', () => {
  const { t, sent, enough, advance } = turn();
  t.push(chunk(RATE / 20)); // 50 ms
  advance(60);
  t.push(chunk(RATE / 25)); // 40 ms
  const end = t.end();
  expect(sent).toEqual([]);
  expect(enough()).toBe(0);
  expect(end).toEqual({ enough: false, pressMs: 60, durationMs: 90, minimumMs: MIN_INPUT_COMMIT_MS });
  expect(tooShortMessage(end)).toBe(`Too short to send (60 ms): hold to talk, at least ${MIN_INPUT_COMMIT_MS} ms.`);
});

test('a click sends nothing even when the microphone delivers more audio than the click lasted', () => {
  const { t, sent, advance } = turn();
  advance(30);
  t.release();
  t.push(chunk(RATE / 4)); // 250 ms the pipeline had buffered, delivered on release
  expect(t.end()).toMatchObject({ enough: false, pressMs: 30, durationMs: 250 });
  expect(sent).toEqual([]);
});

test('a press with no audio at all (the microphone had not started) ends short', () => {
  const { t, sent, advance } = turn();
  advance(500);
  const end = t.end();
  expect(end).toEqual({ enough: false, pressMs: 500, durationMs: 0, minimumMs: MIN_INPUT_COMMIT_MS });
  expect(tooShortMessage(end)).toMatch(/^Too short to send \(only 0 ms of audio\): hold to talk/);
  expect(sent).toEqual([]);
});

test('once the press and the audio are long enough the held chunks go out in order, then every chunk at once', () => {
  const { t, sent, enough, advance } = turn();
  const a = chunk(1200, 1);
  const b = chunk(1200, 2);
  t.push(a);
  advance(100);
  expect(sent).toEqual([]);
  t.push(b); // 100 ms of audio, 100 ms pressed
  expect(sent).toEqual([a, b]);
  expect(enough()).toBe(1);
  const c = chunk(480, 3);
  t.push(c);
  expect(sent).toEqual([a, b, c]);
  expect(enough()).toBe(1);
  advance(20);
  expect(t.end()).toEqual({ enough: true, pressMs: 120, durationMs: 120, minimumMs: MIN_INPUT_COMMIT_MS });
});

test('audio that came early is sent at the end when the press turned out long enough', () => {
  const { t, sent, advance } = turn();
  const a = chunk(RATE / 5);
  t.push(a); // 200 ms at once, before 100 ms of pressing
  advance(150);
  t.release();
  expect(sent).toEqual([]);
  expect(t.end().enough).toBe(true);
  expect(sent).toEqual([a]);
});

test('chunks after the end are ignored', () => {
  const { t, sent, advance } = turn();
  advance(200);
  t.end();
  t.push(chunk(RATE));
  expect(sent).toEqual([]);
});
