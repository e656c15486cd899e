import assert from 'node:assert/strict';
import { it } from 'node:test';
import { unzipSync, strFromU8 } from 'fflate';
import { EventLogStore } from '../event-log/eventLogStore';
import { int16ToBase64 } from '../../lib/audio-codec/pcm';
import { openSessionFile } from '../../lib/inspector/session-file';
import { sessionAudio } from '../../lib/inspector/session-audio';
import { client, server, spokenAnswer, usage } from '../../lib/inspector/test-support/sequences';
import { exportSession } from './exportSession';
import { loadRecording } from './recording';

async function bytesOf(audio: Promise<Blob | null>): Promise<Uint8Array | null> {
  const blob = await audio;
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

function liveLog(): EventLogStore {
  const log = new EventLogStore({ loadValidator: null });
  const records = [
    server(1000, { type: 'session.created', session: { type: 'realtime', id: 'sess_1', model: 'gpt-realtime-2', instructions: `never say ${KEY}`, tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }] } }),
    client(1100, { type: 'input_audio_buffer.append', audio: int16ToBase64(new Int16Array(2400).fill(900)) }),
    client(1200, { type: 'input_audio_buffer.commit' }),
    server(1210, { type: 'input_audio_buffer.committed', item_id: 'item_user', previous_item_id: null }),
    server(1211, { type: 'conversation.item.added', item: { id: 'item_user', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_audio' }] } }),
    ...spokenAnswer('resp_1', { created: 1250, text: 1400, audio: 1450, done: 1900 }, 'completed', usage({ audio: 10, textOut: 5, audioOut: 20 })),
  ];
  for (const record of records) log.append(record);
  return log;
}

it('exports a zip whose session.json and events hold no key, and opens back with the same latency and usage', async () => {
  const log = liveLog();
  const file = exportSession(log, { apiKey: KEY, audio: true, now: new Date('2026-12-01T01:02:03Z') });
  assert.equal(file.name, 'realtime-session-2026-12-01T01-02-03.zip');
  const files = unzipSync(file.bytes);
  for (const name of Object.keys(files)) assert.doesNotMatch(strFromU8(files[name]), /sk-proj-abc/, name);
  const manifest = JSON.parse(strFromU8(files['session.json']));
  assert.equal(manifest.session.model, 'gpt-realtime-2');
  assert.deepEqual(manifest.tools.map((tool: { name: string }) => tool.name), ['get_weather']);
  assert.deepEqual(manifest.audio.channels, { left: 'user', right: 'model' });

  const recording = loadRecording(openSessionFile(file.name, file.bytes));
  assert.equal(recording.log.size, log.size);
  const [turn] = recording.inspector.turns();
  assert.equal(turn.kind, 'push-to-talk');
  assert.equal(turn.firstAudioMs, 250);
  assert.equal(recording.inspector.usage.responses.length, 1);
  assert.deepEqual(await bytesOf(recording.audio()), files['audio.wav'], 'the zip\'s own WAV');
  // The conversation rebuilt by the client's state machine, the user's audio attached at its commit.
  const user = recording.items.find((item) => item.id === 'item_user');
  assert.ok(user, 'the user item');
  assert.equal(user.formatted.audioSampleCount, 2400);
  assert.ok(recording.items.some((item) => item.id === 'item_resp_1'));
});

it('without audio the export is the log\'s JSONL alone, and it opens too', async () => {
  const file = exportSession(liveLog(), { apiKey: KEY, audio: false });
  assert.match(file.name, /\.jsonl$/);
  const text = new TextDecoder().decode(file.bytes);
  assert.doesNotMatch(text, /sk-proj-abc/);
  const recording = loadRecording(openSessionFile(file.name, file.bytes));
  assert.equal(recording.inspector.turns()[0].firstAudioMs, 250);
  assert.equal(openSessionFile(file.name, file.bytes).wav, null, 'no WAV in a JSONL');
  assert.deepEqual(await bytesOf(recording.audio()), sessionAudio(recording.opened.records)?.wav, 'the WAV rebuilt from the audio events');
});
