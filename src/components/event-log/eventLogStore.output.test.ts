// What the store gives out: the filtered view, schema marks, the JSONL export.
import { EventLogStore, MALFORMED_TYPE } from './eventLogStore';
import { redactSecrets } from './eventPayload';
import type { EventValidator } from './protocolValidator';
import { fakeBase64Audio, sampleEventStream } from './test-support/sampleEvents';
import { audioDelta, client, plainStore, server, transcriptDelta, visibleRows } from './test-support/storeEvents';

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
    // What WebSocketTransport emits for a frame that does not parse.
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
