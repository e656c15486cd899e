// `npm run bench:replay`: replay fidelity. Four sessions (typed, push-to-talk, tool call, VAD)
// are recorded by driving the simulator with the reference client, then replayed by the
// simulator (`?replay=`, `continue` mode so every divergence is counted) to the same client
// script at 1× and 10×, and to a changed script. Printed per session: client events matched /
// diverged (the replay's own report), server events the new client received identical to the
// recording (same order, ids the client makes aside), and wall times.
// Settings: BENCH_REPLAY_RECORD_SPEED (the recording simulator's speed, default 1 = real time).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../simulator/server';
import type { ConnectionReport } from '../simulator/replay/replay-report';
import { comparableServerEvents, fidelity, pushToTalkScript, runScript, toolScript, typedScript, vadScript, writeRecording, type ClientScript } from '../simulator/replay/test-support';

const RECORD_SPEED = Number(process.env.BENCH_REPLAY_RECORD_SPEED) > 0 ? Number(process.env.BENCH_REPLAY_RECORD_SPEED) : 1;

interface Case {
  label: string;
  file: string;
  record: ClientScript;
  replay: ClientScript;
  speeds: number[];
}

const CASES: Case[] = [
  { label: 'typed', file: 'typed.zip', record: typedScript(), replay: typedScript(), speeds: [1, 10] },
  { label: 'push-to-talk', file: 'ptt.jsonl', record: pushToTalkScript(), replay: pushToTalkScript(), speeds: [1, 10] },
  { label: 'tool call', file: 'tool.jsonl', record: toolScript(), replay: toolScript(), speeds: [1, 10] },
  { label: 'VAD', file: 'vad.jsonl', record: vadScript(), replay: vadScript(), speeds: [1, 10] },
  { label: 'typed, other text', file: 'typed.zip', record: typedScript(), replay: typedScript('Hello, what is your name?'), speeds: [10] },
  { label: 'push-to-talk, 0.4 s instead of 1 s', file: 'ptt.jsonl', record: pushToTalkScript(), replay: pushToTalkScript(400), speeds: [10] },
  { label: 'VAD, silent microphone', file: 'vad.jsonl', record: vadScript(), replay: vadScript({ silent: true }), speeds: [10] },
];

const seconds = (ms: number): string => (ms / 1000).toFixed(2);

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
        const run = await runScript(recorder.url, c.record);
        writeRecording(join(dir, c.file), run.log);
        recorded.set(c.file, { events: comparableServerEvents(run.log), ms: run.log[run.log.length - 1].time - run.log[0].time });
      }
      const recording = recorded.get(c.file) as { events: string[]; ms: number };
      const times: string[] = [];
      let last: { report: ConnectionReport; same: number; total: number } | null = null;
      for (const speed of c.speeds) {
        const started = performance.now();
        const run = await runScript(`${replayer.url}?replay=${c.file}&replay_speed=${speed}`, c.replay);
        times.push(`${seconds(performance.now() - started)} s at ${speed}×`);
        const reports = (JSON.parse(readFileSync(reportPath, 'utf8')) as { connections: ConnectionReport[] }).connections;
        last = { report: reports[reports.length - 1], ...fidelity(recording.events, comparableServerEvents(run.log)) };
      }
      if (!last) continue;
      const { report } = last;
      const first = report.divergences[0];
      const where = first ? ` (${first.kind === 'audio' ? 'after turn' : 'turn'} ${first.turn}: ${first.path})` : '';
      rows.push(`| ${c.label} | ${report.turns} | ${report.matched} | ${report.diverged}${where} | ${last.same} / ${last.total} | ${seconds(recording.ms)} s | ${times.join(', ')} |`);
    }
  } finally {
    await Promise.all([recorder.close(), replayer.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Replay fidelity (recorded at simulator speed ${RECORD_SPEED}×, replayed in continue mode)\n`);
  console.log('| session | client turns | matched | diverged | server events identical | recorded | replay wall time |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
