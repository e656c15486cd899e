// Forks of stored GPT-Live sessions through the relay, in front of the simulator on loopback: the
// fork path crosses under the same access control, the key only upstream; and since a fork's
// session.start names no model or instructions, the relay checks what the fork became (model,
// held instructions and delegation) before the browser sees its session.started.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSimulator } from '../simulator/server';
import { LiveClient } from '../src/lib/live/live-client';
import type { LiveForkTarget, LiveSessionConfig, LiveWireEvent } from '../src/lib/live/live-types';
import { invalidLiveFrames } from '../src/lib/live/test-support';
import type { RelayOptions } from './config';
import { startRelay } from './server';
import { captureLog, eventually, openBrowser } from './test-support';

const KEY = 'sk-relay-fork-0123456789abcdef';
const HELD_DELEGATION = { type: 'responses', responses: { model: 'gpt-5.5', instructions: 'SECRET backend prompt' } };

async function setup(relayOptions: Partial<RelayOptions> = {}) {
  const simulator = await startSimulator({ apiKey: KEY });
  const log = captureLog();
  const relay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: simulator.url, log: log.sink, ...relayOptions });
  const frames: LiveWireEvent[] = [];
  /** A client of the relay (no key), or of the simulator itself (with the key: another app of the same project). */
  const client = (how: { session?: Partial<LiveSessionConfig>; fork?: LiveForkTarget; direct?: boolean; url?: string }) => {
    const live = new LiveClient({
      url: how.url ?? (how.direct ? `ws://127.0.0.1:${simulator.port}/v1/live/sessions` : `${relay.url}/v1/live/sessions`),
      apiKey: how.direct ? KEY : undefined,
      session: how.fork ? undefined : { model: 'gpt-live-1', ...how.session },
      fork: how.fork,
      timeoutMs: 8000,
    });
    if (how.fork && !how.direct) live.on('live.event', (e) => frames.push(e));
    return live;
  };
  /** A stored, closed session's id. */
  const stored = async (how: { session?: Partial<LiveSessionConfig>; direct?: boolean }): Promise<string> => {
    const live = client({ ...how, session: { store: true, ...how.session } });
    const { id } = await live.connect();
    await live.close();
    return id;
  };
  return {
    relay,
    log,
    frames,
    client,
    stored,
    async close() {
      await relay.close();
      await simulator.close();
    },
  };
}

test('a fork through the relay: same path under the relay, the stored session inherited, frames valid, the key never shown', async () => {
  const t = await setup();
  try {
    const id = await t.stored({ session: { instructions: 'Be brief.' } });
    const fork = t.client({ fork: { sessionId: id, overrides: { store: false } } });
    const session = await fork.connect();
    assert.deepEqual([session.model, session.instructions, session.store], ['gpt-live-1', 'Be brief.', false]);
    await fork.close();
    assert.deepEqual(invalidLiveFrames(t.frames, true), []);
    assert.ok(t.frames.length >= 3 && t.frames.every((f) => !JSON.stringify(f.event).includes(KEY)));
    // An unknown id is the upstream's refusal, passed through.
    await assert.rejects(t.client({ fork: { sessionId: 'sess_sim_unknown' } }).connect(), /session_not_found/);
    await eventually(() => t.relay.activeSessions() === 0, 'sessions ended');
    assert.ok(t.log.lines.every((l) => !l.includes(KEY)));
  } finally {
    await t.close();
  }
});

test('a fork needs the relay token like any session', async () => {
  const t = await setup({ accessToken: 'relay-token-xyz' });
  try {
    const id = await t.stored({ direct: true });
    await assert.rejects(t.client({ fork: { sessionId: id } }).connect(), /closed before session.started \(1006/);
    const withToken = t.client({ fork: { sessionId: id }, url: `${t.relay.url}/v1/live/sessions?access_token=relay-token-xyz` });
    assert.equal((await withToken.connect()).model, 'gpt-live-1');
    await withToken.close();
  } finally {
    await t.close();
  }
});

test('model policy: a fork of a session on a model the relay does not allow is withheld and closed 1008', async () => {
  const t = await setup({ liveModels: ['gpt-live-1'] });
  try {
    const id = await t.stored({ direct: true, session: { model: 'gpt-live-1.1' } });
    const fork = t.client({ fork: { sessionId: id } });
    const closed = new Promise<number>((resolve) => fork.on('close', (info) => resolve(info.code)));
    await assert.rejects(fork.connect(), /relay_upstream_event_withheld: .*gpt-live-1\.1.*not allow/);
    assert.equal(await closed, 1008);
    assert.ok(!t.frames.some((f) => f.event.type === 'session.started'), 'the browser never saw the fork start');
  } finally {
    await t.close();
  }
});

test('held instructions and delegation: a fork of the relay’s own session runs (held fields hidden); one with other instructions is refused; no delegation override', async () => {
  const t = await setup({ liveInstructions: 'SECRET frontend rules', liveDelegation: HELD_DELEGATION });
  try {
    const own = await t.stored({});
    const fork = t.client({ fork: { sessionId: own } });
    const session = await fork.connect();
    assert.equal(session.instructions, undefined, 'held instructions hidden');
    assert.equal(session.delegation?.type, 'responses');
    await fork.close();
    assert.ok(!JSON.stringify(t.frames).includes('SECRET'), 'the held prompts never reach the browser');

    const overriding = t.client({ fork: { sessionId: own, overrides: { delegation: { type: 'responses', responses: { instructions: 'mine' } } } } });
    await assert.rejects(overriding.connect(), /relay_held_session_field/);

    const elsewhere = await t.stored({ direct: true, session: { instructions: 'Other rules.', delegation: HELD_DELEGATION as LiveSessionConfig['delegation'] } });
    await assert.rejects(t.client({ fork: { sessionId: elsewhere } }).connect(), /other instructions/);
  } finally {
    await t.close();
  }
});

test('odd fork paths and mutated fork starts never take the relay down; a clean fork still works after', async () => {
  const t = await setup({ liveInstructions: 'SECRET frontend rules' });
  try {
    const id = await t.stored({});
    const ids = [id, 'sess_sim_x', 'a'.repeat(200), 'a'.repeat(201), '%2e%2e', '%00', 'x%2Fy', '%C3%A9', 'a/b'];
    const odd: unknown[] = [null, 0, 'x'.repeat(3000), [], { model: 'gpt-live-1.1' }, { delegation: { type: 'client' } }, { instructions: 'mine' }, { store: 'yes' }];
    for (const [n, sessionId] of ids.entries()) {
      const browser = await openBrowser(t.relay.url, { path: `/v1/live/sessions/${sessionId}/fork` }).catch(() => null);
      if (!browser) continue;
      browser.socket.send('{not json');
      browser.socket.send(Buffer.from([0xff, 0x00]));
      for (const session of odd) browser.send({ type: 'session.start', event_id: `s${n}`, session });
      browser.send({ type: 'session.start', session: {} });
      await browser.waitUntil(() => (browser.events.length >= 3 ? true : null));
      browser.socket.close();
    }
    await eventually(() => t.relay.activeSessions() === 0, 'sessions ended');
    const fork = t.client({ fork: { sessionId: id } });
    assert.equal((await fork.connect()).model, 'gpt-live-1');
    await fork.close();
  } finally {
    await t.close();
  }
});
