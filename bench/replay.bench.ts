// `npm run bench:replay`: replay fidelity. Four sessions (typed, push-to-talk, tool call, VAD)
// are recorded by driving the simulator with the reference client, then replayed by the
// simulator (`?replay=`, `continue` mode so every divergence is counted) to the same client
// script at 1× and 10×, and to a changed script. Printed per session: client events matched /
// diverged (the replay's own report), server events the new client received identical to the
// recording (same order, ids the client makes aside), and wall times. Rows marked WebRTC record
// or replay with the reference client over WebRTC (a werift peer, microphone at real time); for
// those, events are compared as a WebRTC client gets them (overWebRtc).
// Settings: BENCH_REPLAY_RECORD_SPEED (the recording simulator's speed, default 1 = real time).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../simulator/server';
import type { ConnectionReport } from '../simulator/replay/replay-report';
import { comparableServerEvents, fidelity, pushToTalkScript, runScript, toolScript, typedScript, vadScript, writeRecording, type ClientScript, type RtcWire } from '../simulator/replay/test-support';

const RECORD_SPEED = Number(process.env.BENCH_REPLAY_RECORD_SPEED) > 0 ? Number(process.env.BENCH_REPLAY_RECORD_SPEED) : 1;

interface Case {
  label: string;
  file: string;
  record: ClientScript;
  replay: ClientScript;
  speeds: number[];
  /** Recorded / replayed over WebRTC. */
  recordRtc?: boolean;
  replayRtc?: boolean;
}

const RTC: RtcWire = { micSpeed: 1 };
const played = (script: ClientScript): ClientScript => ({ ...script, endsWith: 'output_audio_buffer.stopped' });

const CASES: Case[] = [
  { label: 'typed', file: 'typed.zip', record: typedScript(), replay: typedScript(), speeds: [1, 10] },
  { label: 'push-to-talk', file: 'ptt.jsonl', record: pushToTalkScript(), replay: pushToTalkScript(), speeds: [1, 10] },
  { label: 'tool call', file: 'tool.jsonl', record: toolScript(), replay: toolScript(), speeds: [1, 10] },
  { label: 'VAD', file: 'vad.jsonl', record: vadScript(), replay: vadScript(), speeds: [1, 10] },
  { label: 'typed, other text', file: 'typed.zip', record: typedScript(), replay: typedScript('Hello, what is your name?'), speeds: [10] },
  { label: 'push-to-talk, 0.4 s instead of 1 s', file: 'ptt.jsonl', record: pushToTalkScript(), replay: pushToTalkScript(400), speeds: [10] },
  { label: 'VAD, silent microphone', file: 'vad.jsonl', record: vadScript(), replay: vadScript({ silent: true }), speeds: [10] },
  { label: 'VAD, client stops at 1 s (audio timeout)', file: 'vad.jsonl', record: vadScript(), replay: vadScript({ keepMs: 1000 }), speeds: [10] },
  { label: 'VAD, µ-law', file: 'vad-pcmu.jsonl', record: vadScript({ format: { type: 'audio/pcmu' } }), replay: vadScript({ format: { type: 'audio/pcmu' } }), speeds: [1, 10] },
  { label: 'VAD, µ-law, silent microphone', file: 'vad-pcmu.jsonl', record: vadScript({ format: { type: 'audio/pcmu' } }), replay: vadScript({ format: { type: 'audio/pcmu' }, silent: true }), speeds: [10] },
  { label: 'typed (WebSocket recording) to WebRTC', file: 'typed-vad.jsonl', record: typedScript(undefined, true), replay: played(typedScript(undefined, true)), speeds: [1, 10], replayRtc: true },
  { label: 'VAD, WebRTC to WebRTC', file: 'vad-rtc.jsonl', record: played(vadScript()), replay: played(vadScript()), speeds: [1, 10], recordRtc: true, replayRtc: true },
  { label: 'VAD, WebRTC to WebRTC, silent microphone', file: 'vad-rtc.jsonl', record: played(vadScript()), replay: vadScript({ silent: true }), speeds: [10], recordRtc: true, replayRtc: true },
];

const seconds = (ms: number): string => (ms / 1000).toFixed(2);

/**
 * What a WebRTC client can get the same: no audio deltas (the audio is on the track), no
 * output_audio_buffer.* the buffer makes itself for a WebSocket recording, and no
 * session.created (over werift it can arrive before the transport listens).
 */
function overWebRtc(events: string[], recordedOverRtc: boolean): string[] {
  return events.filter((text) => {
    const type = (JSON.parse(text) as { type: string }).type;
    return type !== 'session.created' && type !== 'response.output_audio.delta' && (recordedOverRtc || !type.startsWith('output_audio_buffer.'));
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  const reportPath = join(dir, 'report.json');
  const recorder = await startSimulator({ speed: RECORD_SPEED });
  const replayer = await startSimulator({ replay: { dir, mode: 'continue', reportPath } });
  const recorded = new Map<string, { events: string[]; ms: number }>();
  const rows: string[] = [];
  try {
    for (const c of CASES) {
      if (!recorded.has(c.file)) {
        const run = await runScript(recorder.url, c.record, c.recordRtc ? RTC : undefined);
        writeRecording(join(dir, c.file), run.log);
        recorded.set(c.file, { events: comparableServerEvents(run.log), ms: run.log[run.log.length - 1].time - run.log[0].time });
      }
      const recording = recorded.get(c.file) as { events: string[]; ms: number };
      const times: string[] = [];
      let last: { report: ConnectionReport; same: number; total: number } | null = null;
      for (const speed of c.speeds) {
        const started = performance.now();
        const run = await runScript(`${replayer.url}?replay=${c.file}&replay_speed=${speed}`, c.replay, c.replayRtc ? RTC : undefined);
        times.push(`${seconds(performance.now() - started)} s at ${speed}×`);
        const reports = (JSON.parse(readFileSync(reportPath, 'utf8')) as { connections: ConnectionReport[] }).connections;
        const replayed = comparableServerEvents(run.log);
        last = { report: reports[reports.length - 1], ...(c.replayRtc ? fidelity(overWebRtc(recording.events, c.recordRtc === true), overWebRtc(replayed, c.recordRtc === true)) : fidelity(recording.events, replayed)) };
      }
      if (!last) continue;
      const { report } = last;
      const first = report.divergences[0];
      const where = first ? ` (${first.kind === 'audio' || first.kind === 'timeout' ? 'after turn' : 'turn'} ${first.turn}: ${first.kind === 'timeout' ? `${first.expectedType} at ${String(first.expected)} ms, got ${String(first.got)} ms` : first.path})` : '';
      rows.push(`| ${c.label} | ${report.modelAudio} | ${report.turns} | ${report.matched} | ${report.diverged}${where} | ${last.same} / ${last.total} | ${seconds(recording.ms)} s | ${times.join(', ')} |`);
    }
  } finally {
    await Promise.all([recorder.close(), replayer.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Replay fidelity (recorded at simulator speed ${RECORD_SPEED}×, replayed in continue mode)\n`);
  console.log('| session | model audio | client turns | matched | diverged | server events identical | recorded | replay wall time |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
