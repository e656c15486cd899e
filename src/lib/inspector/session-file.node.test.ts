import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { int16ToBase64 } from '../audio-codec/pcm';
import { parseWav } from '../wavtools/wav-packer';
import { sessionAudio, SESSION_AUDIO_RATE } from './session-audio';
import { AUDIO_FILE, buildSessionZip, EVENTS_FILE, openSessionFile, SESSION_FILE, SESSION_FILE_FORMAT, type SessionManifest } from './session-file';
import { client, server } from './test-support/sequences';

const tone = (count: number, value: number) => new Int16Array(count).fill(value);

/** The zip's central directory, read by hand: name and compression method of each entry. */
function centralDirectory(zip: Uint8Array): Array<{ name: string; method: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22; // no archive comment
  assert.equal(view.getUint32(eocd, true), 0x06054b50, 'end of central directory');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const entries = [];
  for (let i = 0; i < count; i++) {
    assert.equal(view.getUint32(offset, true), 0x02014b50);
    const method = view.getUint16(offset + 10, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extra = view.getUint16(offset + 30, true);
    const comment = view.getUint16(offset + 32, true);
    entries.push({ name: Buffer.from(zip.subarray(offset + 46, offset + 46 + nameLength)).toString('utf8'), method });
    offset += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** A seeded byte generator, so a failing round can be replayed. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state & 0xff;
  };
}

const manifest: SessionManifest = { format: SESSION_FILE_FORMAT, version: 1, exportedAt: '2026-12-01T00:00:00.000Z', session: { model: 'gpt-realtime-2' }, tools: [{ type: 'function', name: 'get_weather' }], audio: null };

describe('session file', () => {
  it('zips events.jsonl, session.json and a stored audio.wav, and opens them back', () => {
    const jsonl = `${JSON.stringify({ time: '2026-12-01T00:00:00.000Z', source: 'client', event: { type: 'response.create' } })}\n`;
    const wav = new Uint8Array(1000).fill(7);
    const zip = buildSessionZip({ jsonl, manifest, wav });
    assert.deepEqual(centralDirectory(zip), [
      { name: EVENTS_FILE, method: 8 },
      { name: SESSION_FILE, method: 8 },
      { name: AUDIO_FILE, method: 0 },
    ]);
    const opened = openSessionFile('s.zip', zip);
    assert.deepEqual(opened.records, [{ time: Date.parse('2026-12-01T00:00:00.000Z'), source: 'client', event: { type: 'response.create' } }]);
    assert.deepEqual(opened.manifest?.tools, manifest.tools);
    assert.deepEqual(opened.wav, wav);
    assert.equal(opened.problemCount, 0);
  });

  it('opens the event log\'s plain JSONL export: dropped notice, malformed frames, bad lines counted not thrown', () => {
    const lines = [
      JSON.stringify({ dropped: 5, maxEntries: 10, maxAudioBytes: 1, notice: '5 earlier events dropped' }),
      JSON.stringify({ time: '2026-12-01T00:00:01.000Z', source: 'server', event: { type: 'session.created' } }),
      JSON.stringify({ time: '2026-12-01T00:00:02.000Z', source: 'server', malformed: 'Unexpected token', raw: '{oops' }),
      'not json',
      '[1,2]',
      JSON.stringify({ time: 'yesterday', source: 'server', event: {} }),
      JSON.stringify({ time: 5, source: 'elsewhere', event: {} }),
      JSON.stringify({ time: 5, source: 'client' }),
      '',
    ].join('\n');
    const opened = openSessionFile('log.jsonl', Buffer.from(lines));
    assert.equal(opened.droppedNotice, '5 earlier events dropped');
    assert.equal(opened.records.length, 2);
    assert.deepEqual(opened.records[1].malformed, { raw: '{oops', error: 'Unexpected token' });
    assert.equal(opened.problemCount, 5);
    assert.deepEqual(opened.problems, ['line 4: not JSON', 'line 5: not a record', 'line 6: no time or source', 'line 7: no time or source', 'line 8: no event']);
  });

  it('never throws on a broken zip or random bytes', () => {
    const zip = buildSessionZip({ jsonl: '', manifest, wav: null });
    const broken = openSessionFile('broken.zip', zip.subarray(0, zip.length - 30));
    assert.equal(broken.records.length, 0);
    assert.ok(broken.problemCount >= 1);
    const random = lcg(1);
    for (let round = 0; round < 200; round++) {
      const bytes = new Uint8Array(64).map(random);
      if (round % 2 === 0) bytes.set([0x50, 0x4b, 0x03, 0x04]);
      assert.doesNotThrow(() => openSessionFile('random', bytes));
    }
  });

  it('stereo WAV: user left, model right, aligned to the log; a truncate cuts the model where it was heard', () => {
    const ms = SESSION_AUDIO_RATE / 1000;
    const records = [
      server(1000, { type: 'session.created', session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcm', rate: 24000 } }, output: { format: { type: 'audio/pcm', rate: 24000 } } } } }),
      client(1100, { type: 'input_audio_buffer.append', audio: int16ToBase64(tone(100 * ms, 1000)) }),
      // Two deltas arrive together: the second plays right after the first.
      server(1500, { type: 'response.output_audio.delta', item_id: 'a1', delta: int16ToBase64(tone(200 * ms, 2000)) }),
      server(1501, { type: 'response.output_audio.delta', item_id: 'a1', delta: int16ToBase64(tone(200 * ms, 3000)) }),
      client(1700, { type: 'conversation.item.truncate', item_id: 'a1', content_index: 0, audio_end_ms: 300 }),
      server(1710, { type: 'response.output_audio.delta', item_id: 'a1', delta: int16ToBase64(tone(50 * ms, 4000)) }),
      server(2000, { type: 'response.output_audio.delta', item_id: 'a2', delta: int16ToBase64(tone(10 * ms, 5000)) }),
      client(2000, { type: 'input_audio_buffer.append', audio: 'not base64!' }),
    ];
    const audio = sessionAudio(records);
    assert.ok(audio);
    assert.equal(audio.startTime, 1000);
    const wav = parseWav(audio.wav);
    assert.equal(wav.channels, 2);
    assert.equal(wav.sampleRate, 24000);
    const left = (t: number) => wav.samples[2 * Math.round(t * ms)];
    const right = (t: number) => wav.samples[2 * Math.round(t * ms) + 1];
    assert.equal(left(50), 0);
    assert.equal(left(150), 1000);
    assert.equal(left(250), 0);
    assert.equal(right(450), 0);
    assert.equal(right(550), 2000);
    assert.equal(right(750), 3000, 'the second delta follows the first');
    assert.equal(right(850), 0, 'cut at 300 ms of the item; the delta after the cut is left out');
    assert.equal(right(1005), 5000, 'the next item at its own time');
    assert.equal(wav.samples.length / 2, 1010 * ms);
  });

  it('a WebRTC log takes the recorded tracks, each chunk at its page time (before the log\'s start: cut)', () => {
    const ms = SESSION_AUDIO_RATE / 1000;
    const records = [server(1000, { type: 'session.created', session: { type: 'realtime' } }), server(1400, { type: 'output_audio_buffer.started', response_id: 'r' })];
    const audio = sessionAudio(records, {
      user: [{ time: 900, samples: tone(200 * ms, 1000) }],
      model: [{ time: 1400, samples: tone(100 * ms, 2000) }],
    });
    assert.ok(audio);
    const wav = parseWav(audio.wav);
    const left = (t: number) => wav.samples[2 * Math.round(t * ms)];
    const right = (t: number) => wav.samples[2 * Math.round(t * ms) + 1];
    assert.equal(left(50), 1000, 'the part after the log\'s start');
    assert.equal(left(150), 0);
    assert.equal(right(350), 0);
    assert.equal(right(450), 2000);
    assert.equal(wav.samples.length / 2, 500 * ms);
    assert.equal(sessionAudio(records, { user: [{ time: 100, samples: tone(10 * ms, 1) }], model: [] }), null, 'all of it before the log');
  });

  it('a log without audio (WebRTC, or text only) makes no WAV', () => {
    assert.equal(sessionAudio([server(0, { type: 'output_audio_buffer.started', response_id: 'r' })]), null);
    assert.equal(sessionAudio([]), null);
  });
});
