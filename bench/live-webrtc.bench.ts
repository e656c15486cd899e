// `npm run bench:live-webrtc`: GPT-Live over WebRTC — connect time and the simulator's CPU per session.
//
// The simulator runs as `npm run mock` does, in a child process; a relay runs in this process in
// front of it. Connect time: a LiveClient (Node, werift as the peer) from `connect()` to
// `session.started`, over a WebSocket through the relay's `/v1/live/sessions` and over WebRTC
// through the relay's `/session/live` (BENCH_RUNS each, after one warm-up that loads werift).
// CPU: the child's CPU time (/proc/PID/stat) over BENCH_SECONDS, idle, with one Live WebSocket
// session streaming PCM appends in real time, and with 1 and BENCH_SESSIONS Live WebRTC sessions,
// each a werift peer whose microphone streams Opus without pause (a sentence, then 4 s of silence,
// over and over): the session clock runs on it, and the model's answers go out as Opus.
// Settings: BENCH_RUNS (8), BENCH_SESSIONS (4), BENCH_SECONDS (20 per phase).
import { spawnSimulator, type SimulatorChild } from '../simulator/child-process-support';
import { TestPeer } from '../simulator/webrtc/test-support';
import { synthesizeSpeech } from '../simulator/speech-synth';
import { concat, silence } from '../simulator/test-support';
import { connectLive, sendAudio } from '../simulator/live/test-support';
import { startRelay } from '../relay-server/server';
import { LiveClient } from '../src/lib/live/live-client';
import { LiveRtcWire } from '../src/lib/live/live-rtc-wire';
import { loopbackPeerConfiguration, NodePeerConnection } from '../src/lib/realtime/test-support/webrtc-peer';
import { stats } from './stats';
import { intEnv, measureCpu } from './process-cpu';

const RUNS = intEnv('BENCH_RUNS', 8);
const SESSIONS = intEnv('BENCH_SESSIONS', 4);
const SECONDS = intEnv('BENCH_SECONDS', 20);
const TURN = concat(synthesizeSpeech('What is the weather like in Paris today?').samples, silence(4000));
const SESSION = { model: 'gpt-live-1' };

function measure(sim: SimulatorChild, what: string, seconds: number): Promise<number> {
  return measureCpu(sim.process.pid as number, what, seconds, 40);
}

/** Milliseconds from `connect()` to `session.started`. */
async function connectMs(relayUrl: string, transport: 'websocket' | 'webrtc'): Promise<number> {
  const wire =
    transport === 'webrtc'
      ? new LiveRtcWire({ signalling: { via: 'relay', relayUrl }, session: SESSION, input: null, RTCPeerConnection: NodePeerConnection, peerConfiguration: loopbackPeerConfiguration() })
      : undefined;
  const client = new LiveClient({ url: `${relayUrl}/v1/live/sessions`, session: SESSION, wire });
  const started = performance.now();
  await client.connect();
  const ms = performance.now() - started;
  await client.close();
  return ms;
}

async function main(): Promise<void> {
  const sim = await spawnSimulator({ MOCK_SPEED: '1' });
  const relay = await startRelay({ apiKey: 'sk-bench', port: 0, upstreamUrl: sim.url, sideband: false, webrtcRequestsPerMinute: 10_000, log: () => undefined });
  const base = `http://127.0.0.1:${sim.port}`;
  console.log(`simulator pid ${String(sim.process.pid)}; relay in this process; ${RUNS} connects per transport; ${SECONDS} s per CPU phase`);
  try {
    for (const transport of ['websocket', 'webrtc'] as const) {
      const first = await connectMs(relay.url, transport);
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await connectMs(relay.url, transport));
      console.log(`connect → session.started, ${transport.padEnd(9)} first ${first.toFixed(0)} ms; ${stats(samples)}`);
    }

    await measure(sim, 'idle', Math.min(SECONDS, 5));
    const stop = { done: false };
    const ws = await connectLive(`ws://127.0.0.1:${sim.port}/v1/live/sessions`, 'sk-bench');
    ws.send({ type: 'session.start', session: SESSION });
    await ws.next('session.started');
    void (async () => {
      while (!stop.done) {
        for (let at = 0; at < TURN.length && !stop.done; at += 2400) {
          sendAudio(ws, TURN.subarray(at, at + 2400));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    })();
    const wsShare = await measure(sim, '1 Live WebSocket session (appends)', SECONDS);
    stop.done = true;
    ws.close();

    for (const count of [...new Set([1, SESSIONS])]) {
      const talking = { done: false };
      const peers = await Promise.all(Array.from({ length: count }, () => TestPeer.dialLive(base, 'sk-bench', SESSION)));
      for (const peer of peers) {
        void (async () => {
          while (!talking.done) await peer.speak(TURN, 1);
        })();
      }
      const share = await measure(sim, `${count} Live WebRTC session${count > 1 ? 's' : ''}`, SECONDS);
      talking.done = true;
      const answers = peers.reduce((sum, peer) => sum + peer.all('session.output_transcript.delta').length, 0);
      console.log(`${''.padEnd(40)} = ${((share / count) * 100).toFixed(1)} % per session (${answers} output transcript deltas; WebSocket: ${(wsShare * 100).toFixed(1)} %)`);
      await Promise.all(peers.map((peer) => peer.close()));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await relay.close();
    await sim.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
