import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EventLog } from './EventLog';
import { EventLogStore, type LoggableEvent } from './eventLogStore';
import type { DownloadFile } from './downloadFile';
import type { FrameScheduler } from './useStoreVersion';
import { fakeBase64Audio, sampleEventStream } from './test-support/sampleEvents';

let clock = Date.UTC(2026, 0, 1, 12, 0, 0);
const server = (event: Record<string, unknown>): LoggableEvent => ({ time: ++clock, source: 'server', event });
const client = (event: Record<string, unknown>): LoggableEvent => ({ time: ++clock, source: 'client', event });
const transcriptDelta = (delta: string) =>
  server({ type: 'response.output_audio_transcript.delta', event_id: `e${clock}`, response_id: 'r1', item_id: 'item_1', output_index: 0, content_index: 0, delta });

const rows = () => screen.queryAllByTestId('event-log-row');
const rowTypes = () => rows().map((row) => within(row).getByTestId('event-log-type').textContent);

/** A frame scheduler the test flushes by hand. */
function manualFrames() {
  const queue = new Map<number, () => void>();
  let next = 0;
  const frames: FrameScheduler = {
    request: (callback) => {
      queue.set(++next, callback);
      return next;
    },
    cancel: (handle) => void queue.delete(handle),
  };
  const flush = () =>
    act(() => {
      const callbacks = Array.from(queue.values());
      queue.clear();
      callbacks.forEach((callback) => callback());
    });
  return { frames, flush, pending: () => queue.size };
}

function setup(events: LoggableEvent[] = [], props: Partial<Parameters<typeof EventLog>[0]> = {}) {
  const store = new EventLogStore({ loadValidator: null });
  events.forEach((event) => store.append(event));
  const downloads: DownloadFile[] = [];
  const utils = render(<EventLog store={store} searchDebounceMs={0} download={(file) => downloads.push(file)} {...props} />);
  return { store, downloads, ...utils };
}

test('shows each event with time, direction and type, and groups adjacent deltas with their count', () => {
  setup([
    client({ type: 'response.create' }),
    transcriptDelta('Hel'),
    transcriptDelta('lo '),
    transcriptDelta('there'),
    server({ type: 'response.output_audio_transcript.done', item_id: 'item_1', transcript: 'Hello there' }),
  ]);
  expect(rowTypes()).toEqual(['response.create', 'response.output_audio_transcript.delta', 'response.output_audio_transcript.done']);
  const [sent, group] = rows();
  expect(sent).toHaveTextContent('↑ client');
  expect(sent).toHaveTextContent(/\d\d:\d\d:\d\d\.\d{3}/);
  expect(group).toHaveTextContent('↓ server');
  expect(within(group).getByTestId('event-log-count')).toHaveTextContent('×3');
  expect(group).toHaveTextContent('“Hello there”');
  expect(screen.getByTestId('event-log-status')).toHaveTextContent('5 events · 3 rows · 3 shown');
});

test('renders only the rows in view out of 100,000 events', async () => {
  const { store } = setup([], { fallbackViewportHeight: 240, rowHeight: 24, overscan: 5 });
  // Small audio chunks: 100,000 events stay under the default audio limit (its own tests are in eventLogStore.test.ts).
  act(() => sampleEventStream(100_000, { audioChunkBytes: 480 }).forEach((event) => store.append(event)));
  await waitFor(() => expect(screen.getByTestId('event-log-status')).toHaveTextContent('100000 events'));
  // Following the newest: 10 rows in view + 5 overscan above.
  expect(rows().length).toBeLessThanOrEqual(16);
  expect(rows().length).toBeGreaterThanOrEqual(10);
  const last = Number(rows()[rows().length - 1].getAttribute('aria-posinset'));
  expect(last).toBe(store.visibleCount);
});

test('scrolling moves the rendered window', async () => {
  const { store } = setup([], { fallbackViewportHeight: 240, rowHeight: 24, overscan: 0 });
  act(() => {
    for (let i = 0; i < 1000; i++) store.append(client({ type: 'input_audio_buffer.clear', event_id: `evt_${i}` }));
  });
  await waitFor(() => expect(screen.getByTestId('event-log-status')).toHaveTextContent('1000 events'));
  const viewport = screen.getByTestId('event-log-viewport');
  // jsdom does no layout: give the viewport the geometry a browser would.
  let top = 0;
  Object.defineProperty(viewport, 'scrollTop', { get: () => top, set: (v: number) => (top = v), configurable: true });
  Object.defineProperty(viewport, 'clientHeight', { value: 240, configurable: true });
  Object.defineProperty(viewport, 'scrollHeight', { value: 24_000, configurable: true });
  top = 500 * 24;
  fireEvent.scroll(viewport);
  await waitFor(() => expect(rows()[0]).toHaveAttribute('aria-posinset', '501'));
  expect(rows()).toHaveLength(10);
  expect(rows()[0]).toHaveTextContent('evt_500');
  expect(screen.getByLabelText('Follow')).not.toBeChecked(); // the user scrolled away from the bottom
});

test('batches renders: many appends in one frame cost one render', () => {
  const { frames, flush, pending } = manualFrames();
  const { store } = setup([client({ type: 'response.create' })], { frames });
  act(() => {
    for (let i = 0; i < 50; i++) store.append(transcriptDelta(String(i)));
  });
  expect(pending()).toBe(1);
  expect(screen.getByTestId('event-log-status')).toHaveTextContent('1 events');
  flush();
  expect(screen.getByTestId('event-log-status')).toHaveTextContent('51 events · 2 rows');
  expect(within(rows()[1]).getByTestId('event-log-count')).toHaveTextContent('×50');
});

test('filter controls show their new value at once, before the next frame renders the list', () => {
  const { frames, flush } = manualFrames();
  const { store } = setup([client({ type: 'response.create' }), server({ type: 'session.created' })], { frames });
  fireEvent.click(screen.getByLabelText('Problems only'));
  expect(screen.getByLabelText('Problems only')).toBeChecked();
  fireEvent.click(screen.getByRole('button', { name: '↓ Server' }));
  expect(screen.getByRole('button', { name: '↓ Server' })).toHaveAttribute('aria-pressed', 'true');
  fireEvent.change(screen.getByRole('combobox'), { target: { value: 'session.created' } });
  expect(screen.getByRole('combobox')).toHaveValue('session.created');
  flush();
  expect(store.filter).toMatchObject({ direction: 'server', problemsOnly: true });
  expect(screen.getByLabelText('Problems only')).toBeChecked();
});

test('a click expands the row into pretty JSON with audio trimmed; a group can be stepped through', async () => {
  const user = userEvent.setup();
  setup([
    client({ type: 'input_audio_buffer.append', audio: fakeBase64Audio(4800) }),
    transcriptDelta('Bon'),
    transcriptDelta('jour'),
  ]);
  expect(rows()[0]).toHaveTextContent('<base64 audio 4800 bytes>');
  await user.click(rows()[0]);
  const json = screen.getByTestId('event-json');
  expect(json.textContent).toBe(JSON.stringify({ type: 'input_audio_buffer.append', audio: '<base64 audio 4800 bytes>' }, null, 2));
  expect(rows()[0]).toHaveAttribute('aria-selected', 'true');

  await user.click(rows()[1]);
  const group = screen.getByTestId('event-details-group');
  expect(group).toHaveTextContent('2 events');
  expect(group).toHaveTextContent('Bonjour');
  expect(group).toHaveTextContent('event 1 of 2');
  expect(JSON.parse(screen.getByTestId('event-json').textContent!).delta).toBe('Bon');
  await user.click(screen.getByRole('button', { name: 'Next event of the group' }));
  expect(JSON.parse(screen.getByTestId('event-json').textContent!).delta).toBe('jour');

  await user.click(rows()[1]); // a second click collapses
  expect(screen.queryByTestId('event-details')).not.toBeInTheDocument();
});

test('interleaved audio and transcript deltas show as two rows; each steps through its own events', async () => {
  const user = userEvent.setup();
  const audioDelta = () => server({ type: 'response.output_audio.delta', response_id: 'r1', item_id: 'item_1', output_index: 0, content_index: 0, delta: fakeBase64Audio(4800) });
  setup([audioDelta(), audioDelta(), transcriptDelta('Good '), audioDelta(), transcriptDelta('morning'), audioDelta()]);
  expect(rowTypes()).toEqual(['response.output_audio.delta', 'response.output_audio_transcript.delta']);
  expect(rows().map((row) => within(row).getByTestId('event-log-count').textContent)).toEqual(['×4', '×2']);
  expect(rows()[0]).toHaveTextContent('18.8 kB of audio');

  await user.click(rows()[1]);
  const group = screen.getByTestId('event-details-group');
  expect(group).toHaveTextContent('Good morning');
  expect(group).toHaveTextContent('event 1 of 2');
  expect(JSON.parse(screen.getByTestId('event-json').textContent!).delta).toBe('Good ');
  await user.click(screen.getByRole('button', { name: 'Next event of the group' }));
  expect(JSON.parse(screen.getByTestId('event-json').textContent!).delta).toBe('morning');
  expect(screen.getByRole('button', { name: 'Next event of the group' })).toBeDisabled();
});

test('filters by direction and type, and searches payloads', async () => {
  const user = userEvent.setup();
  setup([
    client({ type: 'session.update', session: { type: 'realtime', instructions: 'Talk like a pirate' } }),
    server({ type: 'session.updated', event_id: 'e1', session: { type: 'realtime' } }),
    transcriptDelta('Ahoy'),
    client({ type: 'response.create' }),
  ]);
  await user.click(screen.getByRole('button', { name: '↑ Client' }));
  await waitFor(() => expect(rowTypes()).toEqual(['session.update', 'response.create']));
  expect(screen.getByRole('button', { name: '↑ Client' })).toHaveAttribute('aria-pressed', 'true');
  await user.click(screen.getByRole('button', { name: '↓ Server' }));
  await waitFor(() => expect(rowTypes()).toEqual(['session.updated', 'response.output_audio_transcript.delta']));
  await user.click(screen.getByRole('button', { name: 'All' }));
  await waitFor(() => expect(rows()).toHaveLength(4));

  await user.selectOptions(screen.getByLabelText('Type'), 'session.updated');
  await waitFor(() => expect(rowTypes()).toEqual(['session.updated']));
  await user.selectOptions(screen.getByLabelText('Type'), '');
  await waitFor(() => expect(rows()).toHaveLength(4));

  await user.type(screen.getByLabelText('Search payloads'), 'PIRATE');
  await waitFor(() => expect(rowTypes()).toEqual(['session.update']));
  await user.clear(screen.getByLabelText('Search payloads'));
  await user.type(screen.getByLabelText('Search payloads'), 'nothing like this');
  expect(await screen.findByText('No event matches the filter.')).toBeInTheDocument();
});

test('exports JSONL with the key redacted, audio trimmed unless asked for', async () => {
  const user = userEvent.setup();
  const apiKey = 'sk-test-abcdefghijklmnop';
  const audio = fakeBase64Audio(4800);
  const { downloads } = setup(
    [
      client({ type: 'input_audio_buffer.append', audio }),
      client({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `key ${apiKey}` }] } }),
      server({ type: 'error', event_id: 'e', error: { type: 'invalid_request_error', message: 'Incorrect API key provided: myOwnKey42' } }),
    ],
    { apiKey: 'myOwnKey42' },
  );
  await user.click(screen.getByRole('button', { name: 'Export JSONL' }));
  expect(downloads).toHaveLength(1);
  expect(downloads[0].name).toMatch(/^realtime-events-.*\.jsonl$/);
  const text = downloads[0].parts.join('');
  expect(text.trim().split('\n')).toHaveLength(3);
  expect(text).not.toContain(apiKey);
  expect(text).not.toContain('myOwnKey42');
  expect(text).toContain('Incorrect API key provided: [redacted]');
  expect(JSON.parse(downloads[0].parts[0]).event.audio).toBe('<base64 audio 4800 bytes>');
  await user.click(screen.getByLabelText('Export audio'));
  await user.click(screen.getByRole('button', { name: 'Export JSONL' }));
  expect(JSON.parse(downloads[1].parts[0]).event.audio).toBe(audio);
});

test('marks events that fail the protocol schema once the validator has loaded', async () => {
  const store = new EventLogStore(); // the real, lazily loaded validator
  render(<EventLog store={store} />);
  // Nothing loads before the first event: the status does not pretend it does.
  expect(screen.getByTestId('event-log-schema')).toHaveTextContent('schema check on the first event');
  act(() => {
    store.append(client({ type: 'response.create' }));
    store.append(client({ type: 'session.update', session: { type: 'realtime', voice: 'alloy' } })); // beta shape
    store.appendMalformed({ raw: 'hello{', error: 'Unexpected token h' });
  });
  await waitFor(() => expect(screen.getByTestId('event-log-schema')).toHaveTextContent('2 problems'));
  const [ok, beta, malformed] = rows();
  expect(ok).not.toHaveClass('event-log__row--problem');
  expect(beta).toHaveClass('event-log__row--problem');
  expect(beta).toHaveTextContent('schema');
  expect(malformed).toHaveTextContent('(malformed)');
  expect(malformed).toHaveTextContent('malformed');

  fireEvent.click(beta);
  expect(screen.getByRole('list', { name: 'Schema errors' })).toHaveTextContent('/session: must NOT have additional properties (voice)');
  fireEvent.click(malformed);
  expect(screen.getByTestId('event-details')).toHaveTextContent('Not JSON: Unexpected token h');
  expect(screen.getByTestId('event-json')).toHaveTextContent('hello{');

  fireEvent.click(screen.getByLabelText('Problems only'));
  await waitFor(() => expect(rowTypes()).toEqual(['session.update', '(malformed)']));
});

test("the server's error events are problems: counted, marked, and kept by Problems only (issue 13, item 7)", async () => {
  const store = new EventLogStore(); // the real validator: the error event passes the schema
  render(<EventLog store={store} />);
  act(() => {
    store.append(client({ type: 'response.create' }));
    store.append(server({ type: 'error', event_id: 'e1', error: { type: 'invalid_request_error', code: 'invalid_value', message: 'Invalid value', param: 'session.voice' } }));
    store.append(server({ type: 'response.created', event_id: 'e2', response: { id: 'r', object: 'realtime.response', status: 'in_progress', output: [] } }));
  });
  await store.whenValidated();
  await waitFor(() => expect(screen.getByTestId('event-log-schema')).toHaveTextContent('1 server error · schema ok'));
  expect(screen.getByTestId('event-log-schema')).toHaveClass('event-log__status-problems');
  expect(store.problemCount).toBe(1);
  expect(store.serverErrorCount).toBe(1);
  const errorRow = rows()[1];
  expect(errorRow).toHaveClass('event-log__row--problem');
  expect(within(errorRow).getByTestId('event-log-problem')).toHaveTextContent('error');
  fireEvent.click(screen.getByLabelText('Problems only'));
  await waitFor(() => expect(rowTypes()).toEqual(['error']));
  act(() => store.clear());
  expect(store.serverErrorCount).toBe(0);
});

test('arrow keys move the selection and Clear empties the log', async () => {
  const user = userEvent.setup();
  const { store } = setup([client({ type: 'response.create' }), server({ type: 'response.created', event_id: 'e' })]);
  screen.getByTestId('event-log-viewport').focus();
  await user.keyboard('{ArrowDown}');
  expect(rows()[0]).toHaveAttribute('aria-selected', 'true');
  await user.keyboard('{ArrowDown}');
  expect(rows()[1]).toHaveAttribute('aria-selected', 'true');
  await user.keyboard('{Escape}');
  expect(screen.queryByTestId('event-details')).not.toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Clear' }));
  expect(await screen.findByText('No events yet.')).toBeInTheDocument();
  expect(store.size).toBe(0);
});

test("each connection's first event marks where its session begins, above the server's session.created; a disconnect gets a row (issue 13, item 9)", () => {
  const store = new EventLogStore({ loadValidator: null });
  store.startConnection();
  store.append(client({ type: 'session.update', session: { type: 'realtime' } }));
  store.append(server({ type: 'session.created' }));
  store.appendDisconnect({ code: 1000, reason: 'client disconnect' });
  store.startConnection();
  store.append(client({ type: 'session.update', session: { type: 'realtime' } }));
  store.append(server({ type: 'session.created' }));
  render(<EventLog store={store} searchDebounceMs={0} />);
  expect(rows().map((row) => row.hasAttribute('data-session-start'))).toEqual([true, false, false, true, false]);
  expect(rows()[2]).toHaveTextContent('(disconnected)');
  expect(rows()[2]).toHaveTextContent('connection ended · code 1000 · client disconnect');
});

test("the session line names the connection's wire when the page gives it (issue 15, item 6)", () => {
  const store = new EventLogStore({ loadValidator: null });
  store.startConnection('WebSocket');
  store.append(client({ type: 'session.update', session: { type: 'realtime' } }));
  store.appendDisconnect({ code: 1000, reason: 'client disconnect' });
  store.startConnection('WebRTC');
  store.append(server({ type: 'session.created' }));
  store.append(server({ type: 'session.updated' }));
  render(<EventLog store={store} searchDebounceMs={0} />);
  expect(screen.getAllByTestId('event-log-session-transport').map((label) => label.textContent)).toEqual(['WebSocket', 'WebRTC']);
  expect(rows()[2]).toContainElement(screen.getAllByTestId('event-log-session-transport')[1]);
  expect(rows()[3]).not.toHaveTextContent('WebRTC');
});

test('a microphone group reads its size and duration, not an empty quote (issue 13, item 9)', () => {
  const store = new EventLogStore({ loadValidator: null });
  for (let i = 0; i < 157; i++) store.append({ time: 1000 + i * 20, source: 'client', event: { type: 'input_audio_buffer.append', audio: fakeBase64Audio(960) } });
  render(<EventLog store={store} searchDebounceMs={0} />);
  expect(rows()).toHaveLength(1);
  expect(rows()[0]).toHaveTextContent('×157');
  expect(rows()[0]).toHaveTextContent('147.2 kB of microphone audio over 3.1 s');
  expect(rows()[0]).not.toHaveTextContent('“”');
});

test('a long type is cut at its start (its end tells it apart), the text kept left to right (issue 13, item 9)', () => {
  setup([server({ type: 'response.output_audio_transcript.delta', item_id: 'i', response_id: 'r', output_index: 0, content_index: 0, delta: 'hi' })]);
  const type = within(rows()[0]).getByTestId('event-log-type');
  expect(type).toHaveAttribute('title', 'response.output_audio_transcript.delta');
  // The text stays whole and in order (the CSS cuts it visually, at its start).
  expect(type).toHaveTextContent(/^response\.output_audio_transcript\.delta$/);
  expect(type.innerHTML).toBe('<bdi>response.output_audio_transcript.delta</bdi>');
});

test('search matches whole-word starts and marks them in the rows and the JSON (issue 13, item 9)', async () => {
  const user = userEvent.setup();
  setup([
    client({ type: 'response.create', event_id: 'evt_1', response: { metadata: { topic: 'x' } } }),
    client({ type: 'conversation.item.create', event_id: 'evt_2', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'I am Ada' }] } }),
  ]);
  await user.type(screen.getByPlaceholderText('Search payloads'), 'Ada');
  await waitFor(() => expect(rowTypes()).toEqual(['conversation.item.create']));
  expect(within(rows()[0]).getByTestId('search-match')).toHaveTextContent(/^Ada$/);
  fireEvent.click(rows()[0]);
  const marks = within(screen.getByTestId('event-json')).getAllByTestId('search-match');
  expect(marks.map((mark) => mark.textContent)).toEqual(['Ada']);
});
