// The store's rows: grouping deltas, appending, payload display, connections.
import { EventLogStore } from './eventLogStore';
import { audioBytesOf, base64ByteLength, trimAudioPayload } from './eventPayload';
import type { EventValidator } from './protocolValidator';
import { fakeBase64Audio, sampleEventStream } from './test-support/sampleEvents';
import { audioDelta, client, plainStore, server, transcriptDelta, visibleRows } from './test-support/storeEvents';

describe('grouping', () => {
  test('adjacent deltas of one type and item share a row with the right count', () => {
    const store = plainStore();
    for (let i = 0; i < 5; i++) store.append(audioDelta('item_a'));
    expect(visibleRows(store).map((r) => [r.type, r.count])).toEqual([['response.output_audio.delta', 5]]);
    expect(store.rowEntries(store.visibleRow(0)!).map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  test('interleaved audio and transcript deltas of one item make one group per type', () => {
    const store = plainStore();
    store.append(server({ type: 'response.output_item.added', item: { id: 'item_a' } }));
    // The server's real pattern: bursts of audio with a transcript delta between them.
    const pattern = ['a', 'a', 'a', 't', 'a', 't', 'a', 'a', 'a', 'a', 'a', 'a', 't', 'a'];
    pattern.forEach((kind, i) => store.append(kind === 'a' ? audioDelta('item_a') : transcriptDelta('item_a', `w${i} `)));
    store.append(server({ type: 'response.output_audio.done', item_id: 'item_a' }));
    expect(store.size).toBe(16);
    expect(visibleRows(store).map((r) => [r.type, r.count])).toEqual([
      ['response.output_item.added', 1],
      ['response.output_audio.delta', 11],
      ['response.output_audio_transcript.delta', 3],
      ['response.output_audio.done', 1],
    ]);
    // Each group holds exactly its own events, in order; the row sits at its first event.
    const [, audio, transcript] = visibleRows(store);
    const seqsOf = (kind: string) => pattern.flatMap((k, i) => (k === kind ? [i + 1] : []));
    expect(store.rowEntries(audio).map((e) => e.seq)).toEqual(seqsOf('a'));
    expect(store.rowEntries(transcript).map((e) => e.seq)).toEqual(seqsOf('t'));
    expect([audio.first, transcript.first]).toEqual([1, 4]);
    expect(store.rowSeq(transcript, 2)).toBe(13);
    expect(store.rowEntries(audio).every((e) => e.rowId === audio.id)).toBe(true);
    expect(audio.lastTime).toBe(store.entry(14)!.time);
  });

  test('deltas of two content parts of one item make one group per part', () => {
    const store = plainStore();
    const textDelta = (contentIndex: number) => server({ type: 'response.output_text.delta', item_id: 'item_a', response_id: 'r', output_index: 0, content_index: contentIndex, delta: 'x' });
    [0, 0, 1, 0, 1, 1].forEach((index) => store.append(textDelta(index)));
    expect(visibleRows(store).map((r) => [r.type, r.count])).toEqual([
      ['response.output_text.delta', 3],
      ['response.output_text.delta', 3],
    ]);
    const [first, second] = visibleRows(store);
    expect(store.rowEntries(first).map((e) => e.seq)).toEqual([0, 1, 3]);
    expect(store.rowEntries(second).map((e) => e.seq)).toEqual([2, 4, 5]);
  });

  test('a non-delta event between deltas of one item closes the groups', () => {
    const store = plainStore();
    store.append(audioDelta('item_a'));
    store.append(transcriptDelta('item_a'));
    store.append(audioDelta('item_a'));
    store.append(server({ type: 'rate_limits.updated', rate_limits: [] }));
    store.append(transcriptDelta('item_a'));
    store.append(audioDelta('item_a'));
    store.append(audioDelta('item_a'));
    expect(visibleRows(store).map((r) => [r.type, r.count])).toEqual([
      ['response.output_audio.delta', 2],
      ['response.output_audio_transcript.delta', 1],
      ['rate_limits.updated', 1],
      ['response.output_audio_transcript.delta', 1],
      ['response.output_audio.delta', 2],
    ]);
  });

  test('a delta of another item closes the run: coming back starts new groups', () => {
    const store = plainStore();
    store.append(audioDelta('item_a'));
    store.append(transcriptDelta('item_a'));
    store.append(transcriptDelta('item_b'));
    store.append(audioDelta('item_a'));
    store.append(transcriptDelta('item_a'));
    expect(visibleRows(store).map((r) => [r.itemId, r.type, r.count])).toEqual([
      ['item_a', 'response.output_audio.delta', 1],
      ['item_a', 'response.output_audio_transcript.delta', 1],
      ['item_b', 'response.output_audio_transcript.delta', 1],
      ['item_a', 'response.output_audio.delta', 1],
      ['item_a', 'response.output_audio_transcript.delta', 1],
    ]);
  });

  test('malformed frames and clear() close the run', () => {
    const store = plainStore();
    store.append(audioDelta('item_a'));
    store.appendMalformed({ raw: '{', error: 'Unexpected end' });
    store.append(audioDelta('item_a'));
    expect(store.rowCount).toBe(3);
    store.clear();
    store.append(audioDelta('item_a'));
    store.append(audioDelta('item_a'));
    expect(visibleRows(store).map((r) => [r.id, r.count])).toEqual([[0, 2]]);
  });

  test('deltas of another item, other events and non-delta repeats start new rows', () => {
    const store = plainStore();
    store.append(audioDelta('item_a'));
    store.append(audioDelta('item_b'));
    store.append(server({ type: 'response.output_audio.done', item_id: 'item_b' }));
    store.append(server({ type: 'response.output_audio.done', item_id: 'item_b' }));
    store.append(server({ type: 'response.output_text.delta', delta: 'no item id' }));
    store.append(server({ type: 'response.output_text.delta', delta: 'no item id' }));
    expect(visibleRows(store).map((r) => r.count)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  test('microphone appends group while the model speaks; a server event that is not a delta splits them', () => {
    const store = plainStore();
    const append = () => client({ type: 'input_audio_buffer.append', audio: fakeBase64Audio(1440) });
    store.append(append());
    store.append(append());
    // The model's answer streams while the microphone keeps sending (VAD mode).
    for (let i = 0; i < 3; i++) {
      store.append(audioDelta('item_a'));
      store.append(append());
      store.append(transcriptDelta('item_a'));
    }
    store.append(server({ type: 'input_audio_buffer.speech_started', item_id: 'item_u', audio_start_ms: 100 }));
    store.append(append());
    store.append(append());
    store.append(client({ type: 'response.create' }));
    store.append(append());
    expect(visibleRows(store).map((r) => [r.source, r.type, r.count])).toEqual([
      ['client', 'input_audio_buffer.append', 5],
      ['server', 'response.output_audio.delta', 3],
      ['server', 'response.output_audio_transcript.delta', 3],
      ['server', 'input_audio_buffer.speech_started', 1],
      ['client', 'input_audio_buffer.append', 2],
      ['client', 'response.create', 1],
      ['client', 'input_audio_buffer.append', 1],
    ]);
    expect(store.size).toBe(visibleRows(store).reduce((sum, r) => sum + r.count, 0));
  });

  test('groups every kind of delta named in the protocol', () => {
    const store = plainStore();
    const types = [
      'response.function_call_arguments.delta',
      'response.output_text.delta',
      'conversation.item.input_audio_transcription.delta',
    ];
    for (const type of types) for (let i = 0; i < 4; i++) store.append(server({ type, item_id: 'x', delta: String(i) }));
    expect(visibleRows(store).map((r) => [r.type, r.count])).toEqual(types.map((t) => [t, 4]));
  });

  test('a client event and a server delta of the same type never merge', () => {
    const store = plainStore();
    store.append(server({ type: 'x.delta', item_id: 'i' }));
    store.append(client({ type: 'x.delta', item_id: 'i' }));
    store.append(server({ type: 'x.delta', item_id: 'i' }));
    expect(visibleRows(store).map((r) => [r.source, r.count])).toEqual([
      ['server', 2],
      ['client', 1],
    ]);
  });

  test('counts stay exact over a long realistic stream', () => {
    const store = plainStore();
    const events = sampleEventStream(5000);
    events.forEach((e) => store.append(e));
    const rows = visibleRows(store);
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(5000);
    // Every event is in exactly one row, the one its rowId names.
    const seen = new Uint8Array(5000);
    for (const row of rows) for (const entry of store.rowEntries(row)) {
      expect(entry.rowId).toBe(row.id);
      seen[entry.seq] += 1;
    }
    expect(seen.every((n) => n === 1)).toBe(true);
    // One answer = 10 bursts of 4 audio deltas and 1 transcript delta: two rows, ×40 and ×10.
    const audioRows = rows.filter((r) => r.type === 'response.output_audio.delta');
    const transcriptRows = rows.filter((r) => r.type === 'response.output_audio_transcript.delta');
    expect(audioRows.length).toBeGreaterThan(50);
    expect(audioRows.slice(0, -1).every((r) => r.count === 40)).toBe(true);
    expect(transcriptRows.slice(0, -1).every((r) => r.count === 10)).toBe(true);
    expect(store.types().find((t) => t.type === 'input_audio_buffer.append')!.count).toBe(events.filter((e) => (e.event as { type: string }).type === 'input_audio_buffer.append').length);
  });
});

describe('appending', () => {
  test('notifies subscribers and never copies the log', () => {
    const store = plainStore();
    let notified = 0;
    const unsubscribe = store.subscribe(() => notified++);
    const first = store.append(client({ type: 'response.create' }));
    store.append(server({ type: 'response.created' }));
    expect(notified).toBe(2);
    expect(store.entry(0)).toBe(first);
    unsubscribe();
    store.append(server({ type: 'response.done' }));
    expect(notified).toBe(2);
    expect(store.version).toBe(3);
  });

  test('keeps the event object as pushed', () => {
    const store = plainStore();
    const event = { type: 'response.create' };
    store.append({ time: 1, source: 'client', event });
    expect(store.entry(0)!.event).toBe(event);
  });
});

describe('payload display', () => {
  test('base64 audio is trimmed in every place it appears', () => {
    const audio = Buffer.alloc(4800, 7).toString('base64');
    expect(base64ByteLength(audio)).toBe(4800);
    expect(base64ByteLength(Buffer.alloc(4801).toString('base64'))).toBe(4801);
    expect(trimAudioPayload({ type: 'input_audio_buffer.append', audio })).toEqual({ type: 'input_audio_buffer.append', audio: '<base64 audio 4800 bytes>' });
    expect(trimAudioPayload({ type: 'response.output_audio.delta', delta: audio })).toEqual({ type: 'response.output_audio.delta', delta: '<base64 audio 4800 bytes>' });
    const item = { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x' }, { type: 'input_audio', audio }] } };
    const trimmed = trimAudioPayload(item);
    expect(trimmed.item.content[1]).toEqual({ type: 'input_audio', audio: '<base64 audio 4800 bytes>' });
    expect(trimmed.item.content[0]).toBe(item.item.content[0]);
    expect(item.item.content[1].audio).toBe(audio); // the original is untouched
    // A text delta is text, however long.
    const text = 'x'.repeat(500);
    expect(trimAudioPayload({ type: 'response.output_text.delta', delta: text }).delta).toBe(text);
    expect(audioBytesOf(item)).toBe(4800);
  });
});

describe('issue 13, item 9', () => {
  test('search matches at the start of a word: "Ada" finds the name, not "metadata"', () => {
    const store = plainStore();
    store.append(client({ type: 'response.create', response: { metadata: { topic: 'x' } } }));
    store.append(client({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'I am Ada' }] } }));
    store.append(server({ type: 'response.output_audio.delta', item_id: 'item_b', response_id: 'r', output_index: 0, content_index: 0, delta: 'AA' }));
    store.setFilter({ search: 'Ada' });
    expect(visibleRows(store).map((r) => r.type)).toEqual(['conversation.item.create']);
    store.setFilter({ search: 'audio' }); // after `_`: a word of its own
    expect(visibleRows(store).map((r) => r.type)).toEqual(['response.output_audio.delta']);
  });

  test('a connection starts on its first event (not on session.created), and its end gets a row of its own', () => {
    const store = new EventLogStore({ loadValidator: async () => ({ validateClientEvent: () => ({ valid: false, type: '', errors: ['no'] }), validateServerEvent: () => ({ valid: true, type: '', errors: [] }) }) as unknown as EventValidator });
    store.startConnection();
    store.append(client({ type: 'session.update', session: { type: 'realtime' } }));
    store.append(server({ type: 'session.created' }));
    store.appendDisconnect({ code: 1000, reason: 'client disconnect' });
    store.startConnection();
    store.append(client({ type: 'session.update', session: { type: 'realtime' } }));
    expect(visibleRows(store).map((r) => [r.type, r.connectionStart])).toEqual([
      ['session.update', true],
      ['session.created', false],
      ['(disconnected)', false],
      ['session.update', true],
    ]);
    return store.whenValidated().then(() => {
      // The console's own row is not a protocol event: never checked against the schema.
      expect(store.row(2)!.problems).toBe(0);
      expect(store.entry(2)!.event).toEqual({ type: '(disconnected)', code: 1000, reason: 'client disconnect' });
      expect(store.entry(2)!.source).toBe('console');
    });
  });

  test("the console's own records: never validated, never grouped, splitting no audio run, exported with source console", () => {
    const store = new EventLogStore({ loadValidator: async () => ({ validateClientEvent: () => ({ valid: false, type: '', errors: ['no'] }), validateServerEvent: () => ({ valid: false, type: '', errors: ['no'] }) }) as unknown as EventValidator });
    store.append(audioDelta('item_a'));
    store.append({ time: 1_700_000_000_500, source: 'console', event: { type: '(audible)', item_id: 'item_a', base_latency_ms: 10, output_latency_ms: 30 } });
    store.append(audioDelta('item_a'));
    store.append({ time: 1_700_000_000_600, source: 'console', event: { type: '(audible)', item_id: 'item_b' } });
    expect(visibleRows(store).map((r) => [r.type, r.source, r.count])).toEqual([
      ['response.output_audio.delta', 'server', 2],
      ['(audible)', 'console', 1],
      ['(audible)', 'console', 1],
    ]);
    const [line] = store.exportJsonl().filter((text) => text.includes('(audible)'));
    expect(JSON.parse(line)).toEqual({ time: '2023-11-14T22:13:20.500Z', source: 'console', event: { type: '(audible)', item_id: 'item_a', base_latency_ms: 10, output_latency_ms: 30 } });
    return store.whenValidated().then(() => {
      expect(visibleRows(store).map((r) => r.problems)).toEqual([2, 0, 0]);
    });
  });
});
