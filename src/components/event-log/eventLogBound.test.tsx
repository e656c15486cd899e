// The event log's bound (issue 14, item 8): raw text kept only for malformed frames, the oldest
// rows dropped whole past `maxEntries` or `maxAudioBytes`, and the log and its export saying so.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { EventLog } from './EventLog';
import { DEFAULT_MAX_AUDIO_BYTES, DEFAULT_MAX_ENTRIES } from './eventLogLimits';
import { EventLogStore, type LoggableEvent, type LogRow } from './eventLogStore';
import type { EventValidator } from './protocolValidator';
import { prettyEvent } from './eventSummary';
import { fakeBase64Audio, sampleEventStream } from './test-support/sampleEvents';

let clock = 1_700_000_000_000;
const server = (event: Record<string, unknown>, raw?: string): LoggableEvent => ({ time: ++clock, source: 'server', event, raw });
const client = (event: Record<string, unknown>): LoggableEvent => ({ time: ++clock, source: 'client', event });
const audioDelta = (itemId: string, bytes = 4800) =>
  server({ type: 'response.output_audio.delta', item_id: itemId, response_id: 'r', output_index: 0, content_index: 0, delta: fakeBase64Audio(bytes) });
const transcriptDelta = (itemId: string, delta = 'hi') =>
  server({ type: 'response.output_audio_transcript.delta', item_id: itemId, response_id: 'r', output_index: 0, content_index: 0, delta });
const store = (options: ConstructorParameters<typeof EventLogStore>[0] = {}) => new EventLogStore({ loadValidator: null, ...options });

/** Renders on the next microtask instead of the next animation frame. */
const immediateFrames = {
  request: (callback: () => void) => {
    queueMicrotask(callback);
    return 1;
  },
  cancel: () => undefined,
};

function visibleRows(log: EventLogStore): LogRow[] {
  return Array.from({ length: log.visibleCount }, (_, i) => log.visibleRow(i)!);
}

/** Every row kept has all its events, and the counters agree with what is kept. */
function expectConsistent(log: EventLogStore): void {
  let events = 0;
  let audio = 0;
  for (let i = 0; i < log.rowCount; i++) {
    const row = log.visibleRow(i)!;
    expect(log.rowEntries(row)).toHaveLength(row.count);
    events += row.count;
    audio += row.audioBytes;
  }
  expect(events).toBe(log.size);
  expect(audio).toBe(log.audioBytes);
  expect(log.types().reduce((sum, t) => sum + t.count, 0)).toBe(log.size);
}

describe('raw text', () => {
  test('is kept for malformed frames only: the parsed event is what the JSON pane, search and export read', () => {
    const log = store();
    const text = '{"type":"session.updated","event_id":"e1"}';
    const parsed = log.append(server(JSON.parse(text) as Record<string, unknown>, text));
    const bad = log.appendMalformed({ raw: '{"type": oops', error: 'Unexpected token o' });
    expect(parsed.raw).toBeUndefined();
    expect(bad.raw).toBe('{"type": oops');
    expect(prettyEvent(parsed)).toContain('"session.updated"');
    expect(prettyEvent(bad)).toBe('{"type": oops');
    const [first, second] = log.exportJsonl().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).not.toHaveProperty('raw');
    expect(first.event).toEqual({ type: 'session.updated', event_id: 'e1' });
    expect(second.raw).toBe('{"type": oops');
    log.setFilter({ search: 'oops' });
    expect(log.visibleCount).toBe(1);
  });
});

describe('bound', () => {
  test('defaults are named and documented', () => {
    expect(store().limits).toEqual({ maxEntries: DEFAULT_MAX_ENTRIES, maxAudioBytes: DEFAULT_MAX_AUDIO_BYTES });
    expect(DEFAULT_MAX_ENTRIES).toBe(100_000);
    expect(DEFAULT_MAX_AUDIO_BYTES).toBe(64 * 1024 * 1024);
    expect(() => store({ maxEntries: 0 })).toThrow(RangeError);
  });

  test('past maxEntries the oldest events are dropped and counted; seqs and row ids are not reused', () => {
    const log = store({ maxEntries: 10 });
    for (let i = 0; i < 25; i++) log.append(client({ type: 'input_audio_buffer.clear', event_id: `e${i}` }));
    expect(log.size).toBe(10);
    expect(log.droppedCount).toBe(15);
    expect(log.entry(0)).toBeUndefined();
    expect(log.row(0)).toBeUndefined();
    expect(log.entry(24)?.event).toEqual({ type: 'input_audio_buffer.clear', event_id: 'e24' });
    expect(visibleRows(log).map((row) => row.id)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(log.visibleIndexOf(15)).toBe(0);
    expect(log.visibleIndexOf(3)).toBe(-1);
    expect(log.droppedNotice).toBe('15 earlier events dropped (limit 10 events or 64 MB of audio)');
    expectConsistent(log);
  });

  test('groups are dropped whole, interleaved ones included, and a long run is split so drops stay small', () => {
    const log = store({ maxEntries: 32 }); // groups hold at most 32 / 16 = 2 events
    const pattern = ['a', 'a', 't', 'a', 't', 't', 'a', 'a', 't'];
    for (let turn = 0; turn < 20; turn++) {
      log.append(server({ type: 'response.output_item.added', item: { id: `item_${turn}` } }));
      pattern.forEach((kind) => log.append(kind === 'a' ? audioDelta(`item_${turn}`, 480) : transcriptDelta(`item_${turn}`)));
    }
    expect(log.size).toBeLessThanOrEqual(32);
    expect(log.droppedCount).toBe(200 - log.size);
    expect(visibleRows(log).every((row) => row.count <= 2)).toBe(true);
    expectConsistent(log);
    // The newest group keeps growing after older ones went.
    log.append(transcriptDelta('item_19'));
    expectConsistent(log);
  });

  test('past maxAudioBytes the oldest audio goes, while events without audio cost nothing', () => {
    const log = store({ maxAudioBytes: 48_000 });
    for (let i = 0; i < 30; i++) {
      log.append(client({ type: 'input_audio_buffer.append', audio: fakeBase64Audio(4800) }));
      log.append(server({ type: 'input_audio_buffer.speech_started', item_id: `i${i}`, audio_start_ms: 0 }));
    }
    expect(log.audioBytes).toBeLessThanOrEqual(48_000);
    expect(log.audioBytes).toBeGreaterThan(40_000);
    expect(log.droppedCount).toBe(60 - log.size);
    expectConsistent(log);
  });

  test('a filter stays right while rows are dropped, and export says what was dropped', () => {
    const log = store({ maxEntries: 20 });
    log.setFilter({ types: new Set(['response.done']) });
    for (let i = 0; i < 50; i++) log.append(server({ type: i % 5 === 0 ? 'response.done' : 'session.updated', event_id: `e${i}` }));
    expect(visibleRows(log).map((row) => log.entry(row.first)?.event)).toEqual(
      [30, 35, 40, 45].map((i) => ({ type: 'response.done', event_id: `e${i}` })),
    );
    const lines = log.exportJsonl({ scope: 'visible' }).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toEqual({ dropped: 30, maxEntries: 20, maxAudioBytes: DEFAULT_MAX_AUDIO_BYTES, notice: '30 earlier events dropped (limit 20 events or 64 MB of audio)' });
    expect(lines).toHaveLength(5);
    expect(log.exportJsonl()).toHaveLength(21);
    log.setFilter({ types: null, search: 'e49' });
    expect(visibleRows(log).map((row) => row.id)).toEqual([49]);
  });

  test('problems of dropped rows leave the count; validation skips what was dropped', async () => {
    const tasks: Array<() => void> = [];
    const validator = { validateClientEvent: () => ({ valid: true, type: '', errors: [] }), validateServerEvent: () => ({ valid: false, type: '', errors: ['bad'] }) };
    const log = new EventLogStore({ maxEntries: 10, loadValidator: async () => validator as unknown as EventValidator, scheduleTask: (task) => tasks.push(task) });
    log.appendMalformed({ raw: 'x', error: 'Unexpected token x' });
    for (let i = 0; i < 15; i++) log.append(server({ type: 'session.updated', event_id: `e${i}` }));
    const done = log.whenValidated();
    await Promise.resolve();
    await Promise.resolve();
    while (tasks.length) tasks.shift()!();
    await done;
    expect(log.size).toBe(10);
    expect(log.problemCount).toBe(10); // the malformed frame went with the first rows
  });

  test('clear() forgets the dropped count', () => {
    const log = store({ maxEntries: 5 });
    sampleEventStream(40).forEach((event) => log.append(event));
    expect(log.droppedCount).toBeGreaterThan(0);
    log.clear();
    expect(log.droppedCount).toBe(0);
    expect(log.droppedNotice).toBeNull();
    expect(log.exportJsonl()).toEqual([]);
  });

  test('the panel says how many earlier events were dropped', async () => {
    const log = store({ maxEntries: 10 });
    render(<EventLog store={log} searchDebounceMs={0} download={() => undefined} frames={immediateFrames} />);
    expect(screen.queryByTestId('event-log-dropped')).toBeNull();
    await act(async () => {
      for (let i = 0; i < 12; i++) log.append(client({ type: 'input_audio_buffer.clear', event_id: `e${i}` }));
    });
    expect(screen.getByTestId('event-log-dropped')).toHaveTextContent('2 earlier events dropped (limit 10 events or 64 MB of audio)');
    expect(screen.getByTestId('event-log-status')).toHaveTextContent('10 events');
  });

  test('rows dropped above keep the row the user reads in place', async () => {
    const log = store({ maxEntries: 100 });
    const append = (count: number) =>
      act(async () => {
        for (let i = 0; i < count; i++) log.append(client({ type: 'input_audio_buffer.clear', event_id: `evt_${log.size + log.droppedCount}` }));
      });
    render(<EventLog store={log} searchDebounceMs={0} download={() => undefined} frames={immediateFrames} fallbackViewportHeight={240} rowHeight={24} overscan={0} />);
    await append(100);
    const viewport = screen.getByTestId('event-log-viewport');
    // jsdom does no layout: give the viewport the geometry a browser would.
    let top = 0;
    Object.defineProperty(viewport, 'scrollTop', { get: () => top, set: (v: number) => (top = v), configurable: true });
    Object.defineProperty(viewport, 'clientHeight', { value: 240, configurable: true });
    top = 50 * 24;
    fireEvent.scroll(viewport);
    await waitFor(() => expect(screen.getAllByTestId('event-log-row')[0]).toHaveTextContent('evt_50'));
    await append(10); // 10 dropped above
    expect(log.droppedCount).toBe(10);
    expect(top).toBe(40 * 24);
    expect(screen.getAllByTestId('event-log-row')[0]).toHaveTextContent('evt_50');
  });
});
