import { EventLogStore, MALFORMED_TYPE, type LoggableEvent } from './eventLogStore';
import { audioBytesOf, base64ByteLength, redactSecrets, trimAudioPayload } from './eventPayload';
import type { EventValidator } from './protocolValidator';
import { fakeBase64Audio, sampleEventStream } from './test-support/sampleEvents';

let clock = 1_700_000_000_000;
const server = (event: Record<string, unknown>): LoggableEvent => ({ time: ++clock, source: 'server', event });
const client = (event: Record<string, unknown>): LoggableEvent => ({ time: ++clock, source: 'client', event });
const audioDelta = (itemId: string) => server({ type: 'response.output_audio.delta', item_id: itemId, response_id: 'r', output_index: 0, content_index: 0, delta: fakeBase64Audio(4800) });
const transcriptDelta = (itemId: string, delta = 'hi') => server({ type: 'response.output_audio_transcript.delta', item_id: itemId, response_id: 'r', output_index: 0, content_index: 0, delta });

/** A store without schema checks, for tests about rows and filters. */
const plainStore = () => new EventLogStore({ loadValidator: null });

function visibleRows(store: EventLogStore) {
  return Array.from({ length: store.visibleCount }, (_, i) => store.visibleRow(i)!);
}

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

describe('filters and search', () => {
  function filled() {
    const store = plainStore();
    store.append(client({ type: 'session.update', session: { type: 'realtime', instructions: 'Speak like a PIRATE' } }));
    store.append(server({ type: 'session.updated', session: { type: 'realtime' } }));
    store.append(transcriptDelta('item_a', 'Bonjour '));
    store.append(transcriptDelta('item_a', 'Paris'));
    store.append(client({ type: 'input_audio_buffer.append', audio: fakeBase64Audio(4800) }));
    store.appendMalformed({ raw: 'not json {', error: 'Unexpected token' });
    return store;
  }

  test('by direction', () => {
    const store = filled();
    store.setFilter({ direction: 'client' });
    expect(visibleRows(store).map((r) => r.type)).toEqual(['session.update', 'input_audio_buffer.append']);
    store.setFilter({ direction: 'server' });
    expect(visibleRows(store).map((r) => r.type)).toEqual(['session.updated', 'response.output_audio_transcript.delta', MALFORMED_TYPE]);
    store.setFilter({ direction: 'all' });
    expect(store.visibleCount).toBe(5);
  });

  test('by type', () => {
    const store = filled();
    store.setFilter({ types: new Set(['session.update', 'session.updated']) });
    expect(visibleRows(store).map((r) => r.type)).toEqual(['session.update', 'session.updated']);
  });

  test('search is case-insensitive, looks in payloads and in every event of a group', () => {
    const store = filled();
    store.setFilter({ search: 'pirate' });
    expect(visibleRows(store).map((r) => r.type)).toEqual(['session.update']);
    store.setFilter({ search: 'paris' }); // only in the second delta of the group
    expect(visibleRows(store).map((r) => [r.type, r.count])).toEqual([['response.output_audio_transcript.delta', 2]]);
    store.setFilter({ search: 'unexpected token' });
    expect(visibleRows(store).map((r) => r.type)).toEqual([MALFORMED_TYPE]);
  });

  test('search does not match inside base64 audio, but finds its placeholder', () => {
    const store = filled();
    store.setFilter({ search: 'AAAA' });
    expect(store.visibleCount).toBe(0);
    store.setFilter({ search: 'base64 audio 4800 bytes' });
    expect(visibleRows(store).map((r) => r.type)).toEqual(['input_audio_buffer.append']);
  });

  test('events appended while filtered appear when they match, and grow their group', () => {
    const store = filled();
    store.setFilter({ direction: 'server', search: 'tokyo' });
    expect(store.visibleCount).toBe(0);
    store.append(transcriptDelta('item_b', 'In '));
    expect(store.visibleCount).toBe(0);
    store.append(transcriptDelta('item_b', 'Tokyo'));
    expect(visibleRows(store).map((r) => r.count)).toEqual([2]);
    store.append(transcriptDelta('item_b', ' it rains'));
    expect(visibleRows(store).map((r) => r.count)).toEqual([3]);
    store.append(client({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'tokyo?' }] } }));
    expect(store.visibleCount).toBe(1);
    expect(store.visibleIndexOf(store.visibleRow(0)!.id)).toBe(0);
  });

  test('a group that is not the last row appears, in its place, when a later event matches', () => {
    const store = plainStore();
    store.append(client({ type: 'response.create' }));
    store.setFilter({ search: 'sunny' });
    store.append(transcriptDelta('item_a', 'It is '));
    store.append(audioDelta('item_a'));
    expect(store.visibleCount).toBe(0);
    store.append(audioDelta('item_a'));
    store.append(transcriptDelta('item_a', 'sunny')); // grows row 1 while row 2 is the last
    expect(visibleRows(store).map((r) => [r.type, r.count])).toEqual([['response.output_audio_transcript.delta', 2]]);
    store.setFilter({ search: 'base64 audio' });
    store.append(transcriptDelta('item_a', ' today'));
    expect(visibleRows(store).map((r) => [r.type, r.count])).toEqual([['response.output_audio.delta', 2]]);
    store.setFilter({ search: 'today' });
    expect(visibleRows(store).map((r) => r.id)).toEqual([1]);
    store.setFilter({ search: '' });
    expect(visibleRows(store).map((r) => r.count)).toEqual([1, 3, 2]);
    // Row 4 is shown; row 3 grows to match and goes before it.
    store.setFilter({ search: 'rain' });
    store.append(server({ type: 'response.output_text.delta', item_id: 'item_b', delta: 'No ' }));
    store.append(transcriptDelta('item_b', 'rain'));
    store.append(server({ type: 'response.output_text.delta', item_id: 'item_b', delta: 'rain' }));
    expect(visibleRows(store).map((r) => [r.id, r.type, r.count])).toEqual([
      [3, 'response.output_text.delta', 2],
      [4, 'response.output_audio_transcript.delta', 1],
    ]);
    expect([store.visibleIndexOf(3), store.visibleIndexOf(4)]).toEqual([0, 1]);
  });

  test('problems only: malformed frames and events that fail the schema', async () => {
    const validator: EventValidator = {
      validateClientEvent: (e) => ({ valid: (e as { type: string }).type !== 'session.update', errors: ['/session: bad'] }),
      validateServerEvent: () => ({ valid: true, errors: [] }),
    };
    const store = new EventLogStore({ loadValidator: async () => validator });
    store.append(client({ type: 'session.update', session: {} }));
    store.append(server({ type: 'session.updated', session: {} }));
    store.appendMalformed({ raw: '{', error: 'Unexpected end' });
    store.setFilter({ problemsOnly: true });
    expect(visibleRows(store).map((r) => r.type)).toEqual([MALFORMED_TYPE]); // schema not checked yet
    await store.whenValidated();
    expect(visibleRows(store).map((r) => r.type)).toEqual(['session.update', MALFORMED_TYPE]);
    expect(store.problemCount).toBe(2);
  });

  test('clear forgets events but keeps the filter', () => {
    const store = filled();
    store.setFilter({ direction: 'client' });
    store.clear();
    expect([store.size, store.rowCount, store.visibleCount]).toEqual([0, 0, 0]);
    store.append(client({ type: 'response.create' }));
    store.append(server({ type: 'response.created' }));
    expect(store.visibleCount).toBe(1);
  });
});

describe('schema validation', () => {
  test('loads the real validator lazily; client events strict, server events lenient', async () => {
    const store = new EventLogStore();
    expect(store.validatorState).toBe('idle');
    const ok = store.append(client({ type: 'response.create' }));
    const betaShaped = store.append(client({ type: 'session.update', session: { type: 'realtime', voice: 'alloy' } }));
    const extraServerField = store.append(server({ type: 'input_audio_buffer.cleared', event_id: 'e1', brand_new_field: 1 }));
    const wrongServer = store.append(server({ type: 'input_audio_buffer.cleared' }));
    const unknown = store.append(server({ type: 'totally.unknown', event_id: 'e2' }));
    expect(store.validatorState).toBe('loading');
    await store.whenValidated();
    expect(store.validatorState).toBe('ready');
    expect(ok.errors).toBeNull();
    expect(betaShaped.errors!.join(' ')).toMatch(/voice/);
    expect(extraServerField.errors).toBeNull();
    expect(wrongServer.errors!.join(' ')).toMatch(/event_id/);
    expect(unknown.errors!.join(' ')).toMatch(/unknown server event type/);
    expect(store.row(betaShaped.rowId)!.problems).toBe(1);
    expect(store.problemCount).toBe(3);
  });

  test('the sample stream is valid GA protocol', async () => {
    const store = new EventLogStore();
    sampleEventStream(500).forEach((e) => store.append(e));
    await store.whenValidated();
    expect(store.problemCount).toBe(0);
  });

  test('validation yields between slices instead of blocking', async () => {
    const tasks: Array<() => void> = [];
    let calls = 0;
    const slowValidator: EventValidator = {
      validateClientEvent: () => {
        calls += 1;
        const end = performance.now() + 0.2;
        while (performance.now() < end);
        return { valid: true, errors: [] };
      },
      validateServerEvent: () => ({ valid: true, errors: [] }),
    };
    const store = new EventLogStore({ loadValidator: async () => slowValidator, validationSliceMs: 2, scheduleTask: (t) => tasks.push(t) });
    for (let i = 0; i < 200; i++) store.append(client({ type: 'response.create' }));
    await Promise.resolve();
    await Promise.resolve();
    expect(tasks.length).toBe(1);
    tasks.shift()!();
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(200);
    let slices = 1;
    while (tasks.length && slices < 1000) {
      tasks.shift()!();
      slices += 1;
    }
    expect(calls).toBe(200);
    expect(slices).toBeGreaterThan(1);
  });

  test('a validator that fails to load leaves the log usable', async () => {
    const store = new EventLogStore({ loadValidator: () => Promise.reject(new Error('chunk failed')) });
    store.append(client({ type: 'response.create' }));
    await store.whenValidated();
    expect(store.validatorState).toBe('failed');
    expect(store.validatorError).toBe('chunk failed');
    expect(store.entry(0)!.errors).toBeUndefined();
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

describe('export', () => {
  const key = 'sk-proj-SECRET1234567890abcdef';

  test('writes one JSON line per event, with malformed frames and schema errors', async () => {
    const validator: EventValidator = {
      validateClientEvent: () => ({ valid: false, errors: ['/x: bad'] }),
      validateServerEvent: () => ({ valid: true, errors: [] }),
    };
    const store = new EventLogStore({ loadValidator: async () => validator });
    store.append(client({ type: 'response.create' }));
    store.append(audioDelta('a'));
    store.append(audioDelta('a'));
    store.appendMalformed({ raw: 'oops', error: 'Unexpected token o' }, { time: 0 });
    await store.whenValidated();
    const lines = store.exportJsonl();
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
    const records = lines.map((l) => JSON.parse(l));
    expect(records[0]).toMatchObject({ source: 'client', event: { type: 'response.create' }, errors: ['/x: bad'] });
    expect(records[1].event.delta).toHaveLength(6400); // complete by default
    expect(records[3]).toEqual({ time: '1970-01-01T00:00:00.000Z', source: 'server', malformed: 'Unexpected token o', raw: 'oops', errors: ['not JSON: Unexpected token o'] });
    expect(JSON.parse(store.exportJsonl({ trimAudio: true })[1]).event.delta).toBe('<base64 audio 4800 bytes>');
  });

  test('a reason the client already prefixed with "not JSON:" is not prefixed twice', () => {
    const store = new EventLogStore();
    // What RealtimeAPI emits for a frame that does not parse.
    const entry = store.appendMalformed({ raw: '{"type":"x", oops', error: 'not JSON: Expected double-quoted property name' });
    expect(entry.malformed).toBe('Expected double-quoted property name');
    expect(entry.errors).toEqual(['not JSON: Expected double-quoted property name']);
  });

  test('redacts the key given, API keys, ephemeral keys and the subprotocol key', () => {
    const store = plainStore();
    store.append(client({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `my key is ${key}` }] } }));
    store.append(server({ type: 'error', error: { message: 'bad key: openai-insecure-api-key.abcDEF123_-x, protocols realtime' } }));
    store.append(server({ type: 'session.created', session: { client_secret: { value: 'ek_68af296e8e408191a1120ab6383263c2' } } }));
    store.append(client({ type: 'x', note: 'custom-key-without-prefix' }));
    const text = store.exportJsonl({ apiKey: 'custom-key-without-prefix' }).join('');
    for (const secret of [key, 'abcDEF123', 'ek_68af', 'custom-key-without-prefix']) expect(text).not.toContain(secret);
    expect(text.match(/\[redacted\]/g)).toHaveLength(4);
    expect(text).toContain('protocols realtime');
    expect(redactSecrets('Bearer sk-abcdefghijkl and task-list', null)).toBe('Bearer [redacted] and task-list');
  });

  test('scope "visible" exports only the filtered rows, every event of their groups', () => {
    const store = plainStore();
    store.append(client({ type: 'response.create' }));
    store.append(transcriptDelta('a', 'one'));
    store.append(transcriptDelta('a', 'two'));
    store.setFilter({ direction: 'server' });
    const records = store.exportJsonl({ scope: 'visible' }).map((l) => JSON.parse(l));
    expect(records.map((r) => r.event.delta)).toEqual(['one', 'two']);
  });

  test('scope "visible" keeps the arrival order of interleaved groups', () => {
    const store = plainStore();
    store.append(client({ type: 'response.create' }));
    store.append(transcriptDelta('a', 'one'));
    store.append(server({ type: 'response.output_audio.delta', item_id: 'a', delta: 'AAAA' }));
    store.append(transcriptDelta('a', 'two'));
    store.append(server({ type: 'response.output_audio.delta', item_id: 'a', delta: 'BBBB' }));
    store.setFilter({ direction: 'server' });
    expect(store.visibleCount).toBe(2);
    const records = store.exportJsonl({ scope: 'visible' }).map((l) => JSON.parse(l));
    expect(records.map((r) => r.event.delta)).toEqual(['one', 'AAAA', 'two', 'BBBB']);
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
      expect(store.entry(2)!.event).toEqual({ code: 1000, reason: 'client disconnect' });
    });
  });
});
