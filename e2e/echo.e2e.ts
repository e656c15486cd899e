// Echo (issue 15, item 7) on the WebSocket path, in headless Chromium against the relay and the
// simulator on loopback: the model plays through a local WebRTC loopback the browser's echo
// canceller hears (host candidates only, no STUN or TURN), and half duplex holds the microphone
// back while the model's audio plays. The UI says which protection is active.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { PlaybackRecord } from '../src/pages/console/testHooks';
import { connectConsole, consoleSuite, routeMapTiles } from './harness';
import type { AudibleNotice } from '../src/lib/wavtools/wav-stream-player';

const SIM_SPEED = 4;
const STEP_TIMEOUT_MS = 20_000;
/** Half duplex's tail (halfDuplex.ts DEFAULT_HALF_DUPLEX_TAIL_MS). */
const TAIL_MS = 300;

const suite = consoleSuite({ speech: 'What is the weather in Paris today?', simulatorSpeed: SIM_SPEED });

interface PeerWatch {
  configs: unknown[];
  candidates: string[];
}

declare global {
  interface Window {
    __peers?: RTCPeerConnection[];
    __peerWatch?: PeerWatch;
  }
}

/** Records every RTCPeerConnection the page makes, its configuration and the candidates given to it. */
async function watchPeers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const watch: PeerWatch = { configs: [], candidates: [] };
    window.__peerWatch = watch;
    window.__peers = [];
    class Watched extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        watch.configs.push(config ?? null);
        window.__peers!.push(this);
      }
      override addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void> {
        if (candidate?.candidate) watch.candidates.push(candidate.candidate);
        return super.addIceCandidate(candidate ?? undefined);
      }
    }
    window.RTCPeerConnection = Watched;
  });
}

/** The audio energy received by the loopback's receiving end so far. */
function receivedEnergy(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const reports: Array<{ type: string; totalAudioEnergy?: number }> = [];
    for (const peer of window.__peers ?? []) (await peer.getStats()).forEach((report) => reports.push(report));
    return reports.filter((r) => r.type === 'inbound-rtp').reduce((sum, r) => sum + (r.totalAudioEnergy ?? 0), 0);
  });
}

interface Recorded {
  time: number;
  source: 'client' | 'server';
  event: { type: string };
}

test('the model plays through a local WebRTC loopback, host candidates only, and the UI says echo cancellation is on', async () => {
  const { page, errors, close } = await suite.open({
    route: async (tab) => {
      await watchPeers(tab);
      await routeMapTiles(tab);
      await tab.addInitScript(() => {
        window.__realtimeConsoleAudible = [];
      });
    },
  });
  try {
    await connectConsole(page, STEP_TIMEOUT_MS);
    await page.getByTestId('echo-protection').filter({ hasText: 'Echo: cancelled (WebRTC playback)' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const silent = await receivedEnergy(page);
    await page.getByTestId('message-input').fill('Hello there');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForFunction(() => (window.__realtimeConsolePlayback ?? []).some((p) => p.type === 'started' && p.trackId), null, { timeout: STEP_TIMEOUT_MS });
    await page.waitForTimeout(1000); // a second of the answer, through the loopback
    const spoken = await receivedEnergy(page);
    assert.ok(spoken > silent + 0.01, `the model's audio reached the loopback's remote track (energy ${silent} → ${spoken})`);
    // The answer's audible mark adds the loopback's hop, seen where its element plays (loopback-playout.ts).
    const notice = (await (await page.waitForFunction(() => (window.__realtimeConsoleAudible ?? [])[0] ?? null, null, { timeout: STEP_TIMEOUT_MS })).jsonValue()) as AudibleNotice;
    const { loopbackMs } = notice;
    assert.ok(loopbackMs !== undefined && loopbackMs >= 0 && loopbackMs < 1000, `the loopback's hop: ${String(loopbackMs)} ms`);
    assert.ok(Math.abs(notice.time - (notice.renderedAt + notice.baseLatencyMs + notice.outputLatencyMs + loopbackMs)) < 0.01, 'in the mark\'s time');
    const watch = await page.evaluate(() => window.__peerWatch!);
    assert.equal(watch.configs.length, 2, 'one pair');
    for (const config of watch.configs) assert.deepEqual((config as RTCConfiguration).iceServers, [], 'no STUN or TURN server');
    assert.ok(watch.candidates.length > 0, 'candidates were exchanged');
    for (const candidate of watch.candidates) assert.match(candidate, / typ host( |$)/, candidate);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('half duplex: no input_audio_buffer.append while the model\'s audio plays, and the microphone comes back after', async () => {
  const { page, errors, close } = await suite.open({ route: routeMapTiles });
  try {
    await connectConsole(page, STEP_TIMEOUT_MS);
    await page.getByTestId('echo-protection').click();
    await page.getByLabel(/^Half duplex/).check();
    await page.getByTestId('echo-protection-detail').filter({ hasText: 'half duplex (microphone off while the model speaks)' }).waitFor();
    assert.match(await page.getByTestId('echo-protection').innerText(), /\+ half duplex$/);
    await page.locator('label.toggle', { hasText: 'VAD' }).click();
    // The fake microphone says its sentence, the simulator's VAD ends the turn, the answer plays:
    // all of it received (response.done) and then played out (the player idle on its track). A
    // loaded machine can starve the player between two deltas, so the answer may play in several
    // stretches, each with its own started and idle.
    const answered = await page.waitForFunction(() => {
      const done = (window.__realtimeConsoleEvents ?? []).find((e) => e.source === 'server' && e.event.type === 'response.done');
      const playback = window.__realtimeConsolePlayback ?? [];
      const trackId = playback.find((p) => p.type === 'started' && p.trackId)?.trackId;
      const last = playback.filter((p) => p.trackId === trackId).pop();
      if (!done || !trackId || last?.type !== 'idle' || last.time < done.time) return null;
      return { trackId, playedOutAt: last.time };
    }, null, { timeout: STEP_TIMEOUT_MS });
    const { trackId, playedOutAt } = (await answered.jsonValue())!;
    // The microphone streams again once the tail has passed.
    await page.waitForFunction(
      (after) => (window.__realtimeConsoleEvents ?? []).some((e) => e.source === 'client' && e.event.type === 'input_audio_buffer.append' && e.time > after),
      playedOutAt + TAIL_MS,
      { timeout: STEP_TIMEOUT_MS },
    );
    const playback = (await page.evaluate(() => window.__realtimeConsolePlayback ?? [])).filter((p) => p.trackId === trackId);
    const stretches: Array<{ started: PlaybackRecord; idle: PlaybackRecord }> = [];
    for (let i = 0; i + 1 < playback.length; i++) {
      if (playback[i].type === 'started' && playback[i + 1].type === 'idle') stretches.push({ started: playback[i], idle: playback[i + 1] });
    }
    assert.deepEqual(playback.map((p) => p.type), stretches.flatMap(() => ['started', 'idle']), 'the answer\'s playback alternates started / idle');
    const playedMs = stretches.reduce((sum, { started, idle }) => sum + (idle.contextTime - started.contextTime) * 1000, 0);
    assert.ok(playedMs > 200, `the answer played for ${playedMs} ms (audio clock)`);
    const events = (await page.evaluate(() => window.__realtimeConsoleEvents ?? [])) as unknown as Recorded[];
    const appends = events.filter((e) => e.source === 'client' && e.event.type === 'input_audio_buffer.append');
    const firstStart = stretches[0].started.time;
    assert.ok(appends.some((e) => e.time < firstStart), 'the microphone streamed before the answer');
    for (const { started, idle } of stretches) {
      const during = appends.filter((e) => e.time > started.time && e.time < idle.time + TAIL_MS);
      assert.deepEqual(during.map((e) => e.time - started.time), [], `no append while the model spoke (and for the tail after), ${started.time}–${idle.time}`);
    }
    assert.equal(events.filter((e) => e.source === 'client' && e.event.type === 'conversation.item.truncate').length, 0, 'nothing was interrupted');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
