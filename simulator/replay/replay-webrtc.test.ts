// Replay to WebRTC calls on loopback: the reference client over WebRTCTransport (a werift peer,
// its microphone a NodeMicrophone track) dials `POST /v1/realtime/calls?replay=NAME`. A
// recording made over a WebSocket plays its recorded audio on the call's track (no
// output_audio.delta on the data channel; the buffer's started / stopped as it plays); one made
// over WebRTC, which holds no audio, replays its own output_audio_buffer events and plays speech
// synthesised from its transcripts; a silent microphone diverges against the VAD threshold.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../server';
import { runScript, typedScript, vadScript, writeRecording, type ClientScript } from './test-support';
import type { ConnectionReport } from './replay-report';
import { rmsDbfs, TestPeer } from '../webrtc/test-support';

const RECORD_SPEED = 20;
const REPLAY_SPEED = 4;
/** The microphone at real time: its clock is the one the recorded VAD events are placed on. */
const RTC = { micSpeed: 1 };

const untilPlayed = (script: ClientScript): ClientScript => ({ ...script, endsWith: 'output_audio_buffer.stopped' });
const serverTypes = (log: Awaited<ReturnType<typeof runScript>>['log']): string[] => log.filter((e) => e.source === 'server').map((e) => e.event.type);

describe('replay over WebRTC', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-rtc-test-'));
  const reportPath = join(dir, 'report.json');
  let recorder: RunningSimulator;
  let replayer: RunningSimulator;
  before(async () => {
    recorder = await startSimulator({ speed: RECORD_SPEED });
    replayer = await startSimulator({ replay: { dir, speed: REPLAY_SPEED, reportPath } });
  });
  after(async () => {
    await Promise.all([recorder.close(), replayer.close()]);
    rmSync(dir, { recursive: true, force: true });
  });
  const lastReport = (file: string): ConnectionReport | undefined =>
    (JSON.parse(readFileSync(reportPath, 'utf8')) as { connections: ConnectionReport[] }).connections.filter((r) => r.recording === file).pop();
  const replayUrl = (file: string): string => `${replayer.url}?replay=${file}`;
  const divergencePath = (): string | null | undefined => lastReport('vad-rtc.jsonl')?.stoppedAt?.path;

  test('a WebSocket recording plays its recorded audio on the track, the buffer reporting it as it plays', async () => {
    const recorded = await runScript(recorder.url, typedScript(undefined, true));
    assert.ok(serverTypes(recorded.log).includes('response.output_audio.delta'));
    writeRecording(join(dir, 'typed-ws.jsonl'), recorded.log);
    const run = await runScript(replayUrl('typed-ws.jsonl'), untilPlayed(typedScript(undefined, true)), RTC);
    assert.equal(run.close, null, JSON.stringify(run.errors));
    const types = serverTypes(run.log);
    assert.ok(!types.includes('response.output_audio.delta'), 'no audio deltas on the data channel');
    assert.ok(types.indexOf('output_audio_buffer.started') < types.indexOf('output_audio_buffer.stopped'));
    assert.ok(types.indexOf('response.done') < types.indexOf('output_audio_buffer.stopped'), 'stopped once the played audio drained');
    assert.ok(rmsDbfs(run.remoteAudio) > -40, `the model's audio on the track at ${rmsDbfs(run.remoteAudio).toFixed(1)} dBFS`);
    const report = lastReport('typed-ws.jsonl');
    assert.equal(report?.transport, 'webrtc');
    assert.equal(report?.modelAudio, 'recorded');
    assert.equal(report?.diverged, 0, JSON.stringify(report?.divergences));
    assert.equal(report?.matched, report?.turns);
  });

  test('a WebRTC recording replays its own buffer events and plays speech synthesised from its transcripts; a silent microphone diverges', async () => {
    const recorded = await runScript(recorder.url, untilPlayed(vadScript()), RTC);
    assert.equal(recorded.errors.length, 0, JSON.stringify(recorded.errors));
    assert.ok(!serverTypes(recorded.log).includes('response.output_audio.delta'));
    writeRecording(join(dir, 'vad-rtc.jsonl'), recorded.log);
    const recordedStarted = (recorded.log.find((e) => e.event.type === 'output_audio_buffer.started')?.event as { event_id?: string } | undefined)?.event_id;

    const run = await runScript(replayUrl('vad-rtc.jsonl'), untilPlayed(vadScript()), RTC);
    assert.equal(run.close, null, JSON.stringify(run.errors));
    assert.equal((run.log.find((e) => e.event.type === 'output_audio_buffer.started')?.event as { event_id?: string } | undefined)?.event_id, recordedStarted, 'the recorded event, not a new one');
    assert.ok(rmsDbfs(run.remoteAudio) > -40, `synthesised speech on the track at ${rmsDbfs(run.remoteAudio).toFixed(1)} dBFS`);
    const report = lastReport('vad-rtc.jsonl');
    assert.equal(report?.modelAudio, 'synthesised');
    assert.equal(report?.diverged, 0, JSON.stringify(report?.divergences));
    assert.equal(report?.matched, report?.turns);

    const silent = await runScript(replayUrl('vad-rtc.jsonl'), vadScript({ silent: true }), RTC);
    // A call has no close code: the `error` event comes on the data channel, then the call ends.
    assert.ok(silent.close, 'the call ended');
    assert.equal(silent.errors.find((e) => e.code === 'replay_diverged')?.param, divergencePath());
    const divergence = lastReport('vad-rtc.jsonl')?.stoppedAt;
    assert.equal(divergence?.kind, 'audio');
    assert.equal(divergence?.turn, 1);
    assert.match(divergence?.path ?? '', /against the VAD threshold/);
  });

  test('a call asking for a recording the folder has not, or at a bad speed, is refused with the HTTP error', async () => {
    const base = replayer.url.replace(/^ws:/, 'http:').replace(/\/v1\/realtime$/, '');
    for (const [query, answer] of [
      [{ replay: '../etc.jsonl' }, /calls answered 404: .*"code":"replay_not_found"/],
      [{ replay: 'vad-rtc.jsonl', replay_speed: 0 }, /calls answered 400: .*"code":"invalid_replay_speed"/],
      [{ replay: 'vad-rtc.jsonl', replay_mode: 'later' }, /calls answered 400: .*"code":"invalid_replay_mode"/],
    ] as const) {
      await assert.rejects(TestPeer.dial(base, { key: 'ek_replay_test', query }), answer);
    }
  });
});
