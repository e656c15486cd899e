// Replay end to end on loopback: a session recorded by driving the simulator with the reference
// client is replayed to the same client script (same server events, every turn matched) and to
// a different one (a precise divergence: turn, field, expected, got).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../server';
import { comparableServerEvents, pushToTalkScript, runScript, toolScript, typedScript, vadScript, writeRecording, type ClientScript } from './test-support';
import type { ConnectionReport } from './replay-report';
import { REPLAY_DIVERGED_CLOSE } from './replay-connection';

const RECORD_SPEED = 20;
const REPLAY_SPEED = 4;
const AUDIO_TIMEOUT_MS = 300;

describe('replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-test-'));
  const reportPath = join(dir, 'report.json');
  let recorder: RunningSimulator;
  let replayer: RunningSimulator;
  const lines: string[] = [];
  before(async () => {
    recorder = await startSimulator({ speed: RECORD_SPEED });
    replayer = await startSimulator({ replay: { dir, speed: REPLAY_SPEED, reportPath, audioTimeoutMs: AUDIO_TIMEOUT_MS }, log: (line) => lines.push(line) });
  });
  after(async () => {
    await Promise.all([recorder.close(), replayer.close()]);
    rmSync(dir, { recursive: true, force: true });
  });
  const replayUrl = (query: string): string => `${replayer.url}?${query}`;
  const reports = (): ConnectionReport[] => (JSON.parse(readFileSync(reportPath, 'utf8')) as { connections: ConnectionReport[] }).connections;

  async function record(script: ClientScript, file: string): Promise<string[]> {
    const run = await runScript(recorder.url, script);
    assert.equal(run.errors.length, 0, JSON.stringify(run.errors));
    // The console's own rows ('(audible)', '(disconnected)') are in its exports too; never replayed nor expected.
    const [firstRecord, ...rest] = run.log;
    const audible = { time: firstRecord.time, source: 'console', event: { type: '(audible)', item_id: 'item_x' } } as unknown as (typeof run.log)[number];
    const disconnected = { time: rest[rest.length - 1].time, source: 'client', event: { type: '(disconnected)', reason: 'disconnected' } } as unknown as (typeof run.log)[number];
    writeRecording(join(dir, file), [firstRecord, audible, ...rest, disconnected]);
    return comparableServerEvents(run.log);
  }

  for (const [script, file] of [
    [typedScript(), 'typed.zip'],
    [pushToTalkScript(), 'ptt.jsonl'],
    [toolScript(), 'tool.jsonl'],
    [vadScript(), 'vad.jsonl'],
  ] as const) {
    test(`the same client script gets the recorded server events again: ${script.name} (${file})`, async () => {
      const recorded = await record(script, file);
      const run = await runScript(replayUrl(`replay=${file}`), script);
      assert.equal(run.close, null, `closed: ${JSON.stringify(run.close)}; ${lines.slice(-3).join(' | ')}`);
      assert.deepEqual(comparableServerEvents(run.log), recorded);
      const report = reports().filter((r) => r.recording === file).pop();
      assert.ok(report);
      assert.equal(report.diverged, 0, JSON.stringify(report.divergences));
      assert.ok(report.turns >= 1 && report.serverEventsTotal > 10, `turns: ${report.turns}`);
      assert.equal(report.matched, report.turns);
      assert.equal(report.complete, true);
      assert.equal(report.serverEventsSent, report.serverEventsTotal);
    });
  }

  test('a different client diverges with a precise report, an error event and close 4001', async () => {
    const run = await runScript(replayUrl('replay=typed.zip'), typedScript('Hello, what is your name?'));
    assert.equal(run.close?.code, REPLAY_DIVERGED_CLOSE);
    assert.equal(run.close?.reason, 'replay diverged at turn 2');
    const error = run.errors.find((e) => e.code === 'replay_diverged');
    assert.ok(error, JSON.stringify(run.errors));
    assert.equal(error.param, 'item.content[0].text');
    assert.match(error.message ?? '', /turn 2 \(conversation\.item\.create\): item\.content\[0\]\.text expected "Hello, who are you\?", got "Hello, what is your name\?"/);
    const report = reports().filter((r) => r.recording === 'typed.zip').pop();
    assert.equal(report?.stoppedAt?.kind, 'field');
    assert.equal(report?.stoppedAt?.path, 'item.content[0].text');
    assert.equal(report?.matched, 1);
    assert.ok(lines.some((l) => l.includes('replay of typed.zip diverged at turn 2')));
  });

  test('a VAD client whose audio is silent where the recorded one spoke diverges on the speech level', async () => {
    const run = await runScript(replayUrl('replay=vad.jsonl'), vadScript({ silent: true }));
    assert.equal(run.close?.code, REPLAY_DIVERGED_CLOSE);
    const report = reports().filter((r) => r.recording === 'vad.jsonl').pop();
    assert.equal(run.close?.reason, 'replay diverged after turn 1');
    assert.equal(report?.stoppedAt?.kind, 'audio');
    assert.equal(report?.stoppedAt?.turn, 1);
    assert.match(report?.stoppedAt?.path ?? '', /^\(input audio \d+–\d+ ms, peak dBFS\)$/);
    assert.ok(Number(report?.stoppedAt?.expected) > -20, `recorded level ${report?.stoppedAt?.expected}`);
    assert.equal(report?.stoppedAt?.got, -100);
  });

  test('push-to-talk audio of another length diverges at the commit', async () => {
    const run = await runScript(replayUrl('replay=ptt.jsonl&replay_mode=continue'), pushToTalkScript(400));
    assert.equal(run.close, null);
    const report = reports().filter((r) => r.recording === 'ptt.jsonl').pop();
    assert.equal(report?.diverged, 1);
    assert.equal(report?.divergences[0].path, '(audio appended before the commit, bytes)');
    assert.equal(report?.divergences[0].expected, 57600);
    assert.equal(report?.divergences[0].got, 28800);
  });
});

describe('replay: input audio', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-audio-test-'));
  const reportPath = join(dir, 'report.json');
  let recorder: RunningSimulator;
  let replayer: RunningSimulator;
  before(async () => {
    recorder = await startSimulator({ speed: RECORD_SPEED });
    replayer = await startSimulator({ replay: { dir, speed: REPLAY_SPEED, reportPath, audioTimeoutMs: AUDIO_TIMEOUT_MS } });
  });
  after(async () => {
    await Promise.all([recorder.close(), replayer.close()]);
    rmSync(dir, { recursive: true, force: true });
  });
  const lastReport = (file: string): ConnectionReport | undefined =>
    (JSON.parse(readFileSync(reportPath, 'utf8')) as { connections: ConnectionReport[] }).connections.filter((r) => r.recording === file).pop();
  const replayOf = (query: string, script: ClientScript) => runScript(`${replayer.url}?${query}`, script);

  async function record(script: ClientScript, file: string, trimInput = false): Promise<void> {
    const run = await runScript(recorder.url, script);
    assert.equal(run.errors.length, 0, JSON.stringify(run.errors));
    // The event log's export without audio: each append's bytes become `<base64 audio N bytes>`.
    const log = run.log.map((e) =>
      trimInput && e.source === 'client' && e.event.type === 'input_audio_buffer.append' ? { ...e, event: { ...e.event, audio: `<base64 audio ${Buffer.from(String(e.event.audio), 'base64').length} bytes>` } } : e,
    );
    writeRecording(join(dir, file), log);
  }

  test('a VAD client that stops short of the recorded speech_stopped times out: the turn, the audio expected and sent are reported, and the turn still ends', async () => {
    await record(vadScript(), 'vad.jsonl');
    const run = await runScript(`${replayer.url}?replay=vad.jsonl&replay_mode=continue`, vadScript({ keepMs: 1000 }));
    assert.equal(run.close, null);
    assert.ok(run.log.some((e) => e.source === 'server' && e.event.type === 'response.done'), 'the recorded answer came');
    const report = lastReport('vad.jsonl');
    assert.equal(report?.diverged, 1, JSON.stringify(report?.divergences));
    const timeout = report?.divergences[0];
    assert.equal(timeout?.kind, 'timeout');
    assert.equal(timeout?.turn, 1, 'after the session.update');
    assert.equal(timeout?.expectedType, 'input_audio_buffer.speech_stopped');
    assert.equal(timeout?.got, 1000);
    assert.ok(Number(timeout?.expected) > 1000, `recorded at ${timeout?.expected} ms`);
    assert.ok(Number(timeout?.waitedMs) >= AUDIO_TIMEOUT_MS - 5);
    assert.equal(report?.complete, true);

    const stopped = await runScript(`${replayer.url}?replay=vad.jsonl`, vadScript({ keepMs: 1000 }));
    assert.equal(stopped.close?.code, REPLAY_DIVERGED_CLOSE);
    assert.equal(stopped.close?.reason, 'replay diverged after turn 1');
    assert.match(stopped.errors.find((e) => e.code === 'replay_diverged')?.message ?? '', /input_audio_buffer\.speech_stopped came when the recorded client had sent \d+ ms of input audio; the new client sent 1000 ms, then nothing for \d+ ms/);
  });

  for (const type of ['audio/pcmu', 'audio/pcma'] as const) {
    test(`G.711 (${type}): the same speech matches, a silent microphone diverges on the recorded level`, async () => {
      const file = `vad-${type.slice(6)}.jsonl`;
      await record(vadScript({ format: { type } }), file);
      const same = await replayOf(`replay=${file}`, vadScript({ format: { type } }));
      assert.equal(same.close, null, JSON.stringify(same.errors));
      assert.equal(lastReport(file)?.complete, true);
      const silent = await replayOf(`replay=${file}`, vadScript({ format: { type }, silent: true }));
      assert.equal(silent.close?.code, REPLAY_DIVERGED_CLOSE);
      const divergence = lastReport(file)?.stoppedAt;
      assert.equal(divergence?.kind, 'audio');
      assert.match(divergence?.path ?? '', /^\(input audio \d+–\d+ ms, peak dBFS\)$/);
      assert.ok(Number(divergence?.expected) > -20, `recorded level ${divergence?.expected}`);
      // A-law has no zero code: its silence decodes to about -72 dBFS.
      assert.ok(Number(divergence?.got) < -60, `silence read as ${divergence?.got}`);
    });
  }

  test('a recording whose input audio was trimmed checks the speech against the VAD threshold', async () => {
    await record(vadScript(), 'vad-trimmed.jsonl', true);
    const same = await runScript(`${replayer.url}?replay=vad-trimmed.jsonl`, vadScript());
    assert.equal(same.close, null, JSON.stringify(same.errors));
    const silent = await runScript(`${replayer.url}?replay=vad-trimmed.jsonl`, vadScript({ silent: true }));
    assert.equal(silent.close?.code, REPLAY_DIVERGED_CLOSE);
    const divergence = lastReport('vad-trimmed.jsonl')?.stoppedAt;
    assert.equal(divergence?.kind, 'audio');
    // The speech proper: after the 300 ms prefix padding, before the 300 ms of closing silence.
    assert.match(divergence?.path ?? '', /^\(input audio \d+–\d+ ms, peak dBFS against the VAD threshold\)$/);
    assert.equal(divergence?.expected, -30, 'server_vad threshold 0.5 on the simulator scale');
  });
});
