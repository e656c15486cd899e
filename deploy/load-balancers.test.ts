// The shipped nginx and HAProxy configs, run as Debian's real servers on loopback in front of
// three relays (child processes, as `npm run relay` runs) and the simulator: 60 sessions stream
// audio both ways; one relay gets SIGTERM; its sessions get 1012 and reconnect through the
// balancer to the others; the others lose no frame and see none out of order; the drained relay
// went not-ready first and exits 0 within its grace.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test, type TestContext } from 'node:test';
import { startChildRelay, type ChildRelay } from '../relay-server/child-relay';
import { eventually } from '../relay-server/test-support';
import { DRAIN_CLOSE_REASON } from '../relay-server/shutdown';
import { startSimulator, type RunningSimulator } from '../simulator/server';
import { StreamingSession, binary, freePort, relayStatus, startHaproxy, startNginx, type Balancer } from './test-support';

const SESSIONS = 60;
const DRAIN_GRACE_MS = 1500;
const SHUTDOWN_GRACE_MS = 1000;
const TICK_MS = 200;
/** Streaming before the SIGTERM, and after the last reconnect. */
const STREAM_MS = 1000;

/** In CI the balancers are installed (.ci/run): a missing one fails there rather than skipping. */
function missing(command: 'nginx' | 'haproxy'): string | false {
  if (process.env.CI) return false;
  try {
    execFileSync(binary(command), ['-v'], { stdio: 'ignore' });
    return false;
  } catch {
    return `${command} is not installed (.ci/run installs it)`;
  }
}

async function fleetThrough(t: TestContext, start: (listenPort: number, relayPorts: number[]) => Balancer): Promise<void> {
  const simulator: RunningSimulator = await startSimulator({ port: 0, speed: 20 });
  const relays: ChildRelay[] = await Promise.all(
    [0, 1, 2].map(() =>
      startChildRelay({
        OPENAI_REALTIME_URL: simulator.url,
        RELAY_DRAIN_GRACE_MS: String(DRAIN_GRACE_MS),
        RELAY_SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
        RELAY_UPSTREAM_PROBE_INTERVAL_MS: '500',
        // Behind a balancer every session comes from its address (README "Running several relays").
        RELAY_MAX_SESSIONS_PER_CLIENT: '200',
      }),
    ),
  );
  const balancer = start(await freePort(), relays.map((relay) => relay.port));
  const sessions: StreamingSession[] = [];
  let ticker: NodeJS.Timeout | null = null;
  try {
    await waitForBalancer(balancer);
    for (let i = 0; i < SESSIONS; i++) {
      const session = new StreamingSession(balancer.url, i);
      await session.open();
      sessions.push(session);
    }
    const spread = await Promise.all(relays.map(async (relay) => (await relayStatus(relay.port, '/health')).sessions));
    t.diagnostic(`${balancer.name}: ${SESSIONS} sessions spread over the three relays as ${spread.join(' / ')}`);
    assert.equal(spread.reduce((a, b) => a + b, 0), SESSIONS);
    for (const count of spread) assert.ok(count >= SESSIONS / 6, `uneven spread ${spread.join('/')}`);

    ticker = setInterval(() => sessions.forEach((session) => session.tick()), TICK_MS);
    await new Promise((resolve) => setTimeout(resolve, STREAM_MS));

    // SIGTERM the second relay and watch its /ready from then on.
    const drained = relays[1];
    const onDrained = spread[1];
    const sigterm = Date.now();
    let notReadyAt: number | null = null;
    const watch = (async () => {
      while (notReadyAt === null && drained.alive()) {
        const ready = await relayStatus(drained.port, '/ready').catch(() => null);
        if (ready && ready.status === 503) notReadyAt = Date.now();
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    drained.process.kill('SIGTERM');
    const exitCode = await drained.exited;
    const exitMs = Date.now() - sigterm;
    await watch;
    // The relay's own clock, from its SIGTERM line to its last: what systemd's TimeoutStopSec must exceed
    // (a loaded machine may deliver the signal late; that is not the drain's time).
    const stamp = (pattern: RegExp) => Date.parse(new RegExp(`^(\\S+) relay: ${pattern.source}`, 'm').exec(drained.output())?.[1] ?? '');
    const drainMs = stamp(/stopped/) - stamp(/SIGTERM: draining/);
    t.diagnostic(`${balancer.name}: the drained relay held ${onDrained} sessions, went not ready ${notReadyAt === null ? '?' : notReadyAt - sigterm} ms after the SIGTERM was sent, drained in ${drainMs} ms by its own clock (grace ${DRAIN_GRACE_MS} ms + closing ${SHUTDOWN_GRACE_MS} ms), exited ${exitCode} ${exitMs} ms after the SIGTERM was sent`);
    assert.equal(exitCode, 0);
    assert.ok(notReadyAt !== null, '/ready never answered 503');
    assert.ok(drainMs >= DRAIN_GRACE_MS - 50 && drainMs < DRAIN_GRACE_MS + SHUTDOWN_GRACE_MS, `drained in ${drainMs} ms`);

    const moved = sessions.filter((session) => session.records.length > 1 || session.records[0].close !== null);
    assert.equal(moved.length, onDrained, 'exactly the drained relay\'s sessions were closed');
    for (const session of moved) {
      const first = session.records[0];
      assert.deepEqual(first.close, { code: 1012, reason: DRAIN_CLOSE_REASON });
      assert.ok(notReadyAt! <= session.reconnectedAt!, '/ready went false before the 1012');
    }
    await eventually(() => moved.every((session) => session.records.length === 2), 'every 1012 session reconnected', 10_000);
    assert.deepEqual(sessions.flatMap((session) => session.reconnectFailures), [], 'a reconnect reached the drained relay');
    await new Promise((resolve) => setTimeout(resolve, STREAM_MS));
    clearInterval(ticker);
    ticker = null;
    const after = await Promise.all([relays[0], relays[2]].map(async (relay) => (await relayStatus(relay.port, '/health')).sessions));
    t.diagnostic(`${balancer.name}: after the drain the other two hold ${after.join(' / ')}`);
    assert.equal(after[0] + after[1], SESSIONS, 'every session is open again on the two remaining relays');

    await Promise.all(sessions.map((session) => session.finish(15_000)));
    let frames = 0;
    for (const session of sessions) {
      // The last connection of every session, and the only one of those never moved: nothing lost, nothing reordered.
      const records = session.records.length > 1 ? session.records.slice(1) : session.records;
      for (const record of records) {
        assert.deepEqual(record.errors, [], `session ${session.index}: error events`);
        assert.deepEqual(record.textsEchoed, Array.from({ length: record.textsSent }, (_, i) => i), `session ${session.index}: text items lost or out of order`);
        assert.equal(record.audioKept.length, record.audioSent.length);
        record.audioKept.forEach((audio, i) => assert.ok(audio === record.audioSent[i], `session ${session.index}: commit ${i} audio differs`));
        assert.ok(record.outputAudioDeltas > 0 && record.responseDone, `session ${session.index}: no output audio`);
        frames += record.textsSent * 4;
      }
    }
    assert.ok(frames > SESSIONS * 4 * 5, `too little traffic to show anything (${frames} frames)`);
  } finally {
    if (ticker) clearInterval(ticker);
    for (const session of sessions) session.abandon();
    await balancer.stop();
    await Promise.all(relays.map((relay) => relay.stop()));
    await simulator.close();
  }
}

async function waitForBalancer(balancer: Balancer): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${balancer.port}/health`).then((response) => response.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${balancer.name} did not come up:\n${balancer.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('nginx (deploy/nginx-relay.conf) in front of three relays: 60 sessions, a SIGTERM drain, reconnects, no loss', { skip: missing('nginx') }, (t) =>
  fleetThrough(t, startNginx));

test('HAProxy (deploy/haproxy-relay.cfg) in front of three relays: the same', { skip: missing('haproxy') }, (t) =>
  fleetThrough(t, startHaproxy));
