// Thousands of random frames both ways: the relay never crashes, every browser frame gets
// exactly one outcome (forwarded as the same bytes, or an `error` event back), nothing it
// forwards could be read with a different top-level type, and it keeps serving afterwards.
// Seeded: FUZZ_SEED=N reproduces a run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLIENT_EVENT_TYPES } from '../src/lib/protocol/validate';
import { startRelay } from './server';
import { echo, eventually, openBrowser, startTestUpstream } from './test-support';
import { fuzzSeed, mulberry32 } from '../testing/seeded-random';

const SESSIONS = 4;
const FRAMES_PER_SESSION = 1500;
const SERVER_FRAMES = 2000;
const SEED = fuzzSeed();


/** `plain`: a serialised event with one string type, which must never be refused. */
type Frame = { text: string; plain?: boolean } | { binary: Buffer };

function generator(random: () => number) {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const types = [...CLIENT_EVENT_TYPES.keys()];
  const alphabet = '{}[]":,\\ \n\tabcdefghijklmnopqrstuvwxyz0123456789.-_eE+té✓\u0000\u001f';
  const randomString = (n: number) => Array.from({ length: n }, () => pick([...alphabet])).join('');

  const randomValue = (depth: number): unknown => {
    switch (depth > 2 ? int(4) : int(6)) {
      case 0: return randomString(int(12));
      case 1: return random() * 1e6 - 5e5;
      case 2: return pick([true, false, null]);
      case 3: return int(1000);
      case 4: return Array.from({ length: int(4) }, () => randomValue(depth + 1));
      default: return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(['type', 'a', 'item', 'audio', randomString(3)]), randomValue(depth + 1)]));
    }
  };
  const validEvent = () => ({
    type: pick(types),
    event_id: `evt_${int(1e6)}`,
    ...(random() < 0.5 ? { payload: randomValue(0) } : {}),
    ...(random() < 0.3 ? { session: { type: pick(['realtime', 'transcription', randomString(3)]), instructions: randomString(8) } } : {}),
    ...(random() < 0.3 ? { response: random() < 0.5 ? { instructions: randomString(8) } : randomValue(1) } : {}),
  });

  const mutate = (text: string): string => {
    const at = int(text.length + 1);
    switch (int(9)) {
      case 0: return text.slice(0, at);
      case 1: return text.slice(0, at) + pick([...alphabet]) + text.slice(at);
      case 2: return text.slice(0, at) + text.slice(at + 1);
      case 3: return text.replace('{', `{"type":"${pick(types)}",`);
      case 4: return text.replace('"type"', '"typ\\u0065"');
      case 5: return text.replace(/"/g, "'");
      case 6: return `${text}${pick([' ', '{}', ',', '\n', 'x'])}`;
      case 7: return `[${text}]`;
      default: return text.replace('"type"', `"${randomString(4)}"`);
    }
  };

  return (): Frame => {
    const roll = random();
    if (roll < 0.35) return { text: JSON.stringify(validEvent()), plain: true };
    if (roll < 0.75) return { text: mutate(JSON.stringify(validEvent())) };
    if (roll < 0.85) return { text: randomString(int(200)) };
    if (roll < 0.9) return { text: JSON.stringify(randomValue(0)) };
    if (roll < 0.95) return { text: `{"type":"${randomString(int(300))}"}` };
    return { binary: Buffer.from(Array.from({ length: int(64) + 1 }, () => int(256))) };
  };
}

function jsonTypeOf(text: string): string | null | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const type = (value as { type?: unknown }).type;
    return typeof type === 'string' ? type : null;
  } catch {
    return undefined; // not JSON
  }
}

test(`fuzz: ${SESSIONS * FRAMES_PER_SESSION} random browser frames and ${SERVER_FRAMES} random upstream frames (seed ${SEED})`, { timeout: 90_000 }, async () => {
  const random = mulberry32(SEED);
  const next = generator(random);
  const serverFrames: Frame[] = Array.from({ length: SERVER_FRAMES }, next);
  const upstream = await startTestUpstream({
    onConnection: (c) => {
      echo(c);
      c.socket.on('message', (data) => {
        if (data.toString() === '{"type":"fuzz.server"}') {
          for (const frame of serverFrames) 'text' in frame ? c.socket.send(frame.text) : c.socket.send(frame.binary, { binary: true });
        }
      });
    },
  });
  const relay = await startRelay({ apiKey: 'sk-fuzz', port: 0, upstreamUrl: upstream.url, log: () => undefined });
  const why = `(FUZZ_SEED=${SEED})`;
  try {
    // Browser → upstream.
    await Promise.all(Array.from({ length: SESSIONS }, async () => {
      const frames = Array.from({ length: FRAMES_PER_SESSION }, next);
      const browser = await openBrowser(relay.url);
      browser.send({ type: 'session.update', session: {} });
      await browser.waitForFrames(1);
      for (const frame of frames) 'text' in frame ? browser.socket.send(frame.text) : browser.socket.send(frame.binary, { binary: true });
      const received = (await browser.waitForFrames(frames.length + 1, 30_000)).slice(1);
      // Errors are sent at once, echoes after a round trip: match the echoes as a subsequence.
      const isRelayError = (text: string) => text.startsWith('{"type":"error","event_id":"event_relay_');
      const echoes = received.filter((text) => !isRelayError(text));
      const errors = received.filter(isRelayError).map((text) => JSON.parse(text) as { error: { code: string } });
      const forwarded: string[] = [];
      let refused = 0;
      for (const frame of frames) {
        if ('text' in frame && echoes[forwarded.length] === frame.text) {
          forwarded.push(frame.text);
          const type = jsonTypeOf(frame.text);
          if (type !== undefined) assert.ok(typeof type === 'string' && type.length > 0, `forwarded a frame JSON reads without a string type: ${frame.text} ${why}`);
        } else {
          refused++;
          assert.ok(!('text' in frame && frame.plain), `refused a well-formed event: ${'text' in frame ? frame.text : ''} ${why}`);
        }
      }
      assert.equal(forwarded.length, echoes.length, `every echo matches a frame sent, in order ${why}`);
      assert.equal(refused, errors.length, `one error event per refused frame ${why}`);
      for (const error of errors) assert.ok(['relay_malformed_event', 'relay_binary_frame'].includes(error.error.code), `${error.error.code} ${why}`);
      assert.ok(forwarded.length > frames.length / 4 && refused > frames.length / 4, `both outcomes exercised (${forwarded.length}/${refused}) ${why}`);
      const upstreamConnection = upstream.connections.find((c) => c.frames.length === forwarded.length + 1 && c.frames[1] === forwarded[0])!;
      assert.ok(upstreamConnection, `an upstream connection got exactly this session's frames ${why}`);
      assert.deepEqual(upstreamConnection.frames.slice(1), forwarded, `the upstream got exactly the forwarded frames ${why}`);
      browser.socket.close();
      await browser.closed;
    }));

    // Upstream → browser: with no server rules, every frame arrives as sent.
    const browser = await openBrowser(relay.url);
    const binaries: Buffer[] = [];
    browser.socket.on('message', (data, isBinary) => {
      if (isBinary) binaries.push(data as Buffer);
    });
    browser.send({ type: 'fuzz.server' });
    await browser.waitForFrames(SERVER_FRAMES + 1, 30_000);
    const expected = [JSON.stringify({ type: 'fuzz.server' }), ...serverFrames.map((f) => ('text' in f ? f.text : f.binary.toString()))];
    assert.deepEqual(browser.frames, expected, why);
    assert.deepEqual(binaries, serverFrames.flatMap((f) => ('binary' in f ? [f.binary] : [])), why);
    browser.socket.close();
    await browser.closed;

    // Invalid UTF-8 in a text frame: that session is closed (1007), nothing else is affected.
    const bad = await openBrowser(relay.url);
    bad.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    assert.equal((await bad.closed).code, 1007);

    // Still serving.
    const after = await openBrowser(relay.url);
    after.send({ type: 'response.create', event_id: 'alive' });
    assert.match((await after.waitForFrames(1))[0], /alive/);
    after.socket.close();
    await after.closed;
    await eventually(() => relay.activeSessions() === 0 && upstream.openCount() === 0, 'everything closed');
  } finally {
    await relay.close();
    await upstream.close();
  }
});

test(`fuzz with a policy (held instructions, allow/deny lists): every frame gets exactly one answer (seed ${SEED})`, { timeout: 60_000 }, async () => {
  const next = generator(mulberry32(SEED + 1));
  const upstream = await startTestUpstream();
  const relay = await startRelay({
    apiKey: 'sk-fuzz',
    port: 0,
    upstreamUrl: upstream.url,
    log: () => undefined,
    policy: { instructions: 'held', clientAllow: ['session.*', 'response.*', 'conversation.*', 'input_audio_buffer.*'], clientDeny: ['response.cancel'] },
  });
  const why = `(FUZZ_SEED=${SEED})`;
  try {
    const browser = await openBrowser(relay.url);
    await eventually(() => upstream.connections[0]?.frames.length === 1, 'the relay set the instructions');
    const frames = Array.from({ length: FRAMES_PER_SESSION }, next);
    for (const frame of frames) 'text' in frame ? browser.socket.send(frame.text) : browser.socket.send(frame.binary, { binary: true });
    // The opening session.update is echoed to the browser too.
    const received = await browser.waitForFrames(frames.length + 1, 30_000);
    const forwarded = upstream.connections[0].frames.slice(1);
    const errors = received.filter((text) => text.startsWith('{"type":"error","event_id":"event_relay_'));
    assert.equal(forwarded.length + errors.length, frames.length, `one outcome per frame ${why}`);
    let checked = 0;
    for (const text of forwarded) {
      const type = jsonTypeOf(text);
      if (type === 'session.update' || type === 'response.create') {
        const event = JSON.parse(text) as { session?: { type?: string; instructions?: string }; response?: { instructions?: string } };
        if (type === 'session.update' && event.session && typeof event.session === 'object' && !Array.isArray(event.session) && event.session.type !== 'transcription') {
          assert.equal(event.session.instructions, 'held', `session.update forwarded without the held instructions: ${text} ${why}`);
          checked++;
        }
        if (type === 'response.create' && event.response && typeof event.response === 'object' && 'instructions' in event.response) {
          assert.equal(event.response.instructions, 'held', `response.create kept its own instructions: ${text} ${why}`);
          checked++;
        }
      }
      assert.ok(type !== 'response.cancel', `a denied type went through ${why}`);
    }
    assert.ok(checked > 0, `the instruction rules were exercised ${why}`);
    browser.socket.close();
    await browser.closed;
  } finally {
    await relay.close();
    await upstream.close();
  }
});
