// `npm run bench:webrtc`: the simulator's CPU per WebRTC call.
//
// The simulator runs as `npm run mock` does, in a child process (speed 1: media in real time);
// this process plays the clients, each a werift peer on loopback holding a conversation: its
// microphone streams Opus all the time (a sentence, then 4 s of silence, over and over, as a
// browser sends), the simulator's VAD finds each turn and the model answers with speech on the
// outgoing track. The child's CPU time (/proc/PID/stat, user + system) over the window is the
// figure, first idle, then with 1 call and with BENCH_CALLS calls; a WebSocket session streaming
// the same audio as PCM appends is measured for comparison.
// Settings: BENCH_CALLS (4), BENCH_SECONDS (20 per phase).
import { spawnSimulator, type SimulatorChild } from '../simulator/child-process-support';
import { TestPeer } from '../simulator/webrtc/test-support';
import { synthesizeSpeech } from '../simulator/speech-synth';
import { concat, connectClient, silence, toBase64 } from '../simulator/test-support';
import type { RecordingClient } from '../testing/recording-client';
import { intEnv, measureCpu } from './process-cpu';

const CALLS = intEnv('BENCH_CALLS', 4);
const SECONDS = intEnv('BENCH_SECONDS', 20);
const SPEECH = synthesizeSpeech('What is the weather like in Paris today?').samples;
const TURN = concat(SPEECH, silence(4000));

function measure(sim: SimulatorChild, what: string, seconds: number): Promise<number> {
  return measureCpu(sim.process.pid as number, what, seconds);
}

/** A call that keeps talking until `stop` is set. */
async function converse(base: string, stop: { done: boolean }): Promise<{ peer: TestPeer; turns: () => number }> {
  const peer = await TestPeer.dial(base, { key: 'sk-bench' });
  await peer.next('session.created');
  void (async () => {
    while (!stop.done) await peer.speak(TURN, 1);
  })();
  return { peer, turns: () => peer.all('response.done').length };
}

/** The same conversation on a WebSocket: 20 ms PCM appends in real time. */
async function converseWs(url: string, stop: { done: boolean }): Promise<RecordingClient> {
  const client = await connectClient(url, { key: 'sk-bench' });
  await client.next('session.created');
  void (async () => {
    while (!stop.done) {
      for (let at = 0; at < TURN.length && !stop.done; at += 480) {
        client.send({ type: 'input_audio_buffer.append', audio: toBase64(TURN.subarray(at, at + 480)) });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  })();
  return client;
}

async function main(): Promise<void> {
  const sim = await spawnSimulator({ MOCK_SPEED: '1' });
  const base = `http://127.0.0.1:${sim.port}`;
  const speechS = (SPEECH.length / 24000).toFixed(1);
  const turnS = (TURN.length / 24000).toFixed(1);
  console.log(`simulator pid ${String(sim.process.pid)}; ${SECONDS} s per phase; each client: ${speechS} s of speech every ${turnS} s, the model answering each turn`);
  try {
    await measure(sim, 'idle', Math.min(SECONDS, 5));
    // Load werift before measuring (the first call loads it, ~0.6 s of CPU once).
    const warm = await TestPeer.dial(base, { key: 'sk-bench' });
    await warm.close();

    const wsStop = { done: false };
    const ws = await converseWs(sim.url, wsStop);
    const wsShare = await measure(sim, '1 WebSocket session (PCM appends)', SECONDS);
    wsStop.done = true;
    ws.close();

    for (const count of [...new Set([1, CALLS])]) {
      const stop = { done: false };
      const calls = await Promise.all(Array.from({ length: count }, () => converse(base, stop)));
      const share = await measure(sim, `${count} WebRTC call${count > 1 ? 's' : ''}`, SECONDS);
      stop.done = true;
      const turns = calls.reduce((sum, call) => sum + call.turns(), 0);
      console.log(`${''.padEnd(44)} = ${((share / count) * 100).toFixed(1)} % per call (${turns} answered turns; WebSocket: ${(wsShare * 100).toFixed(1)} %)`);
      await Promise.all(calls.map((call) => call.peer.close()));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await sim.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
