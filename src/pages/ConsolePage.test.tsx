// The page wired together: the real client on a scripted wire (ScriptedTransport from the
// library's testing folder, with its scripted server) and scripted audio in place of Web Audio
// (jsdom has neither). What the page asks of the client is read off the wire it would use.
// The real socket and audio are exercised end to end in e2e/console.e2e.ts.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ConsolePage } from './ConsolePage';
import type { AppConfig } from '../config';
import { API_KEY_OPT_IN_STORAGE_KEY, API_KEY_STORAGE_KEY } from '../hooks/useStoredApiKey';
import { KEY_OPT_IN_LABEL as OPT_IN } from '../components/connection/ApiKeyPanel';
import type { ClientEvent } from '../lib/protocol/protocol-types';
import type { IncomingEvent, RealtimeClient } from '../lib/realtime';
import type { ScriptedTransport } from '../lib/realtime/testing';
import { int16ToBase64 } from '../lib/audio-codec/pcm';

/** The real client the page built, on a scripted transport. */
type PageClient = RealtimeClient & {
  /** What the page passed to `new RealtimeClient`. */
  options: Record<string, unknown>;
  transport: ScriptedTransport;
  /** A raw event the page sent itself (it should send none: it calls the client's methods). */
  send: jest.Mock;
};

// jest.mock factories may only use variables prefixed `mock`.
const mockClients: PageClient[] = [];
/** A test's own answer to a client event, before the scripted server's (undefined: the server answers). */
const mockServer: { override: ((event: ClientEvent) => IncomingEvent[] | undefined) | null } = { override: null };
const mockAudio = { denied: false, recordings: 0, pauses: 0, interrupts: [] as Array<{ trackId: string; offset: number }>, chunks: [] as Int16Array[], heard: 4800 };

jest.mock('../lib/realtime', () => {
  const actual = jest.requireActual('../lib/realtime');
  const testing = jest.requireActual('../lib/realtime/testing');
  // The WebSocket options the page passes: recorded, not used (the wire is scripted).
  const socketOptions = ['url', 'apiKey', 'dangerouslyAllowAPIKeyInBrowser', 'model', 'WebSocket', 'runtime', 'connectTimeoutMs'];
  class ScriptedPageClient extends actual.RealtimeClient {
    options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const server = testing.scriptedServer({ answer: 'Sunny.' });
      const script = (event: ClientEvent) => mockServer.override?.(event) ?? server.script(event);
      const own = Object.fromEntries(Object.entries(options).filter(([key]) => !socketOptions.includes(key)));
      // No greeting: a test sends session.created when it wants a new session to begin.
      super({ ...own, transport: new testing.ScriptedTransport({ script }) });
      this.options = options;
      this.send = jest.fn(this.send.bind(this)); // the page should never need it
      mockClients.push(this as unknown as PageClient);
    }
  }
  return { ...actual, RealtimeClient: ScriptedPageClient };
});

jest.mock('../lib/wavtools', () => {
  const actual = jest.requireActual('../lib/wavtools');
  class FakeRecorder {
    status = 'ended';
    getStatus() { return this.status; }
    async begin() {
      if (mockAudio.denied) throw new Error('Permission denied');
      this.status = 'paused';
    }
    async record(onChunk: (chunk: { mono: Int16Array }) => void) {
      this.status = 'recording';
      mockAudio.recordings++;
      for (const chunk of mockAudio.chunks) onChunk({ mono: chunk });
    }
    async pause() { this.status = 'paused'; mockAudio.pauses++; }
    async end() { this.status = 'ended'; }
    getFrequencies() { return { values: new Float32Array(8), labels: [] }; }
  }
  class FakePlayer {
    playing: string | null = null;
    async connect() {}
    add16BitPCM(_data: Int16Array, trackId: string) { this.playing = trackId; }
    async interrupt() {
      const trackId = this.playing;
      this.playing = null;
      if (!trackId) return null;
      mockAudio.interrupts.push({ trackId, offset: mockAudio.heard });
      return { trackId, offset: mockAudio.heard, currentTime: 1 };
    }
    getFrequencies() { return { values: new Float32Array(8), labels: [] }; }
    async disconnect() {}
  }
  return { ...actual, WavRecorder: FakeRecorder, WavStreamPlayer: FakePlayer };
});

const RELAY: AppConfig = { relayUrl: 'ws://127.0.0.1:8081', realtimeUrl: 'wss://api.example/v1/realtime', defaultModel: 'gpt-realtime' };
const DIRECT: AppConfig = { ...RELAY, relayUrl: null };

function lastClient() {
  return mockClients[mockClients.length - 1];
}

/** The first connect of a run loads the page's lazy modules: on a loaded CI machine that took over findBy's 1 s. */
const CONNECT_TIMEOUT_MS = 10_000;
jest.setTimeout(30_000);

/**
 * The page's clock (performance.now, which times a push-to-talk press) moves only when the test
 * says: a press lasts what the test says, however long a loaded machine takes between two steps.
 */
function holdClock(): { advance(ms: number): void } {
  let now = performance.now();
  jest.spyOn(performance, 'now').mockImplementation(() => now);
  return {
    advance: (ms) => {
      now += ms;
    },
  };
}

async function connectPage() {
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  await screen.findByText('Connected', {}, { timeout: CONNECT_TIMEOUT_MS });
  return lastClient();
}

beforeEach(() => {
  mockClients.length = 0;
  mockServer.override = null;
  mockAudio.recordings = 0;
  mockAudio.denied = false;
  mockAudio.pauses = 0;
  mockAudio.interrupts = [];
  mockAudio.chunks = [];
  localStorage.clear();
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  // jsdom has no blob URLs; an item with audio (a committed turn) gets a player with one.
  Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:page-test'), revokeObjectURL: jest.fn() });
});
afterEach(() => jest.restoreAllMocks());

// ---- the server's side, as events on the scripted wire ----

let eventCount = 0;
const eventId = (): string => `event_page_${(eventCount += 1)}`;
type Item = Record<string, unknown> & { id: string };
const userText = (id: string, text: string): Item => ({ id, object: 'realtime.item', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text }] });
const itemAdded = (item: Item): IncomingEvent => ({ type: 'conversation.item.added', event_id: eventId(), previous_item_id: null, item });
const serverError = (error: Record<string, unknown>): IncomingEvent => ({ type: 'error', event_id: eventId(), error });
const session = (id: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({ type: 'realtime', object: 'realtime.session', id, ...more });

/** An assistant audio item still streaming: its response, the item, and one delta of `samples`. */
function assistantAudio(responseId: string, itemId: string, samples: number): IncomingEvent[] {
  const item = { id: itemId, object: 'realtime.item', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
  const at = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
  return [
    { type: 'response.created', event_id: eventId(), response: { object: 'realtime.response', id: responseId, status: 'in_progress', output: [] } },
    { type: 'response.output_item.added', event_id: eventId(), response_id: responseId, output_index: 0, item },
    itemAdded(item),
    { type: 'response.content_part.added', event_id: eventId(), ...at, part: { type: 'audio', transcript: '' } },
    { type: 'response.output_audio.delta', event_id: eventId(), ...at, delta: int16ToBase64(new Int16Array(samples)) },
  ];
}

/** Server events, delivered inside act; the conversation list renders on the next frame. */
async function receive(client: PageClient, ...events: IncomingEvent[]): Promise<void> {
  await act(async () => {
    client.transport.receive(...events);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  });
}

const sentOf = (client: PageClient, type: string): ClientEvent[] => client.transport.sent.filter((e) => e.type === type);
/** The session of the last `session.update` sent. */
const lastUpdate = (client: PageClient): Record<string, unknown> => {
  const updates = sentOf(client, 'session.update') as unknown as Array<{ session: Record<string, unknown> }>;
  return updates[updates.length - 1].session;
};

/** The model calls a tool: the function call's events, then the output the client sends back. */
async function runTool(client: PageClient, name: string, args: Record<string, unknown>): Promise<unknown> {
  const n = (eventCount += 1);
  const [responseId, itemId, callId, argsText] = [`resp_tool_${n}`, `item_tool_${n}`, `call_${n}`, JSON.stringify(args)];
  const call = (status: string): Item => ({ id: itemId, object: 'realtime.item', type: 'function_call', status, call_id: callId, name, arguments: status === 'completed' ? argsText : '' });
  const output = client.transport.waitForNext('client.conversation.item.create', 5000);
  let sent: unknown;
  await act(async () => {
    client.transport.receive(
      { type: 'response.created', event_id: eventId(), response: { object: 'realtime.response', id: responseId, status: 'in_progress', output: [] } },
      { type: 'response.output_item.added', event_id: eventId(), response_id: responseId, output_index: 0, item: call('in_progress') },
      itemAdded(call('in_progress')),
      { type: 'response.function_call_arguments.done', event_id: eventId(), response_id: responseId, item_id: itemId, output_index: 0, call_id: callId, name, arguments: argsText },
      { type: 'response.output_item.done', event_id: eventId(), response_id: responseId, output_index: 0, item: call('completed') },
      { type: 'conversation.item.done', event_id: eventId(), previous_item_id: null, item: call('completed') },
      { type: 'response.done', event_id: eventId(), response: { object: 'realtime.response', id: responseId, status: 'completed', output: [call('completed')] } },
    );
    sent = await output;
  });
  const item = (sent as { item: { type: string; call_id: string; output: string } }).item;
  expect(item).toMatchObject({ type: 'function_call_output', call_id: callId });
  return JSON.parse(item.output);
}

test('with a relay: never asks for a key, says the relay is in use, connects to it without a key', async () => {
  render(<ConsolePage config={RELAY} />);
  expect(screen.getByTestId('connection-mode')).toHaveTextContent('Relay: ws://127.0.0.1:8081');
  expect(screen.getByTestId('relay-in-use')).toBeInTheDocument();
  expect(screen.queryByLabelText('OpenAI API key')).toBeNull();
  expect(screen.queryByTestId('ways-in')).toBeNull();
  const client = await connectPage();
  expect(client.options).toMatchObject({ url: 'ws://127.0.0.1:8081', model: 'gpt-realtime', apiKey: undefined, dangerouslyAllowAPIKeyInBrowser: false });
  expect((client.getSessionConfig().tools ?? []).map((tool) => ('name' in tool ? tool.name : tool.type))).toEqual(['get_weather', 'set_memory']);
  // The session the settings describe went out on connect: manual turns at first.
  expect(sentOf(client, 'session.update')[0]).toMatchObject({ session: { type: 'realtime', audio: { input: { turn_detection: null } } } });
});

test('first run without relay or key explains the ways in; a saved key is used for a direct connection once the user opts in', async () => {
  render(<ConsolePage config={DIRECT} />);
  expect(screen.getByTestId('ways-in')).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Connect' })).toBeDisabled();
  fireEvent.change(screen.getByLabelText('OpenAI API key'), { target: { value: 'sk-direct-123456' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save key' }));
  expect(localStorage.getItem(API_KEY_STORAGE_KEY)).toBe('sk-direct-123456');
  expect(screen.queryByTestId('ways-in')).toBeNull();
  fireEvent.click(screen.getByLabelText(OPT_IN));
  const client = await connectPage();
  expect(client.options).toMatchObject({ url: 'wss://api.example/v1/realtime', apiKey: 'sk-direct-123456', dangerouslyAllowAPIKeyInBrowser: true });
  // No key changes while connected.
  expect(screen.getByRole('button', { name: 'Remove' })).toBeDisabled();
  expect(screen.getByLabelText(OPT_IN)).toBeDisabled();
});

/** A page in direct mode with this key (and opt-in) already stored, as a reload finds it. */
function renderDirect(apiKey: string, options: { optIn?: boolean; realtimeUrl?: string } = {}) {
  localStorage.setItem(API_KEY_STORAGE_KEY, apiKey);
  if (options.optIn) localStorage.setItem(API_KEY_OPT_IN_STORAGE_KEY, '1');
  render(<ConsolePage config={{ ...DIRECT, realtimeUrl: options.realtimeUrl ?? DIRECT.realtimeUrl }} />);
}

async function refusedConnect(): Promise<string> {
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  const reason = (await screen.findByTestId('close-reason')).textContent ?? '';
  // Refused before any client exists: no socket, nothing sent.
  expect(mockClients).toHaveLength(0);
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Disconnected');
  expect(screen.getByRole('button', { name: 'Connect' })).toBeEnabled();
  return reason;
}

test('a standard key without the opt-in is refused with a readable reason, and nothing is sent', async () => {
  renderDirect('sk-direct-123456');
  expect(screen.getByLabelText(OPT_IN)).not.toBeChecked();
  const reason = await refusedConnect();
  expect(reason).toMatch(/^Refusing to send a standard API key from this page: it would be visible to this browser\. Tick “I understand this key is visible to this browser”/);
  expect(reason).not.toContain('sk-direct-123456');
});

test('a standard key with the opt-in connects, and the opt-in is remembered with the key', async () => {
  renderDirect('sk-direct-123456');
  fireEvent.click(screen.getByLabelText(OPT_IN));
  expect(localStorage.getItem(API_KEY_OPT_IN_STORAGE_KEY)).toBe('1');
  const client = await connectPage();
  expect(client.options).toMatchObject({ apiKey: 'sk-direct-123456', dangerouslyAllowAPIKeyInBrowser: true });
  fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
  // Removing the key removes its opt-in.
  fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
  expect(localStorage.getItem(API_KEY_OPT_IN_STORAGE_KEY)).toBeNull();
});

test('an ephemeral key connects with no opt-in, and none is asked for', async () => {
  renderDirect('ek_ephemeral-123456');
  expect(screen.queryByLabelText(OPT_IN)).toBeNull();
  const client = await connectPage();
  expect(client.options).toMatchObject({ apiKey: 'ek_ephemeral-123456', dangerouslyAllowAPIKeyInBrowser: false });
});

test('a key to ws:// off loopback is refused before any socket, even with the opt-in', async () => {
  for (const apiKey of ['sk-direct-123456', 'ek_ephemeral-123456']) {
    renderDirect(apiKey, { optIn: true, realtimeUrl: 'ws://realtime.example:8082/v1/realtime' });
    expect(await refusedConnect()).toBe(
      'Refusing to send an API key over unencrypted ws:// to realtime.example:8082: use wss://, or ws:// only to this machine (localhost, 127.0.0.0/8, [::1]).',
    );
    cleanup();
    localStorage.clear();
  }
});

test('a key to ws:// on loopback connects (the simulator, a local server)', async () => {
  renderDirect('sk-direct-123456', { optIn: true, realtimeUrl: 'ws://127.0.0.1:8082/v1/realtime' });
  const client = await connectPage();
  expect(client.options).toMatchObject({ url: 'ws://127.0.0.1:8082/v1/realtime', apiKey: 'sk-direct-123456', dangerouslyAllowAPIKeyInBrowser: true });
});

test('a close shows the code and the server message, and the page can connect again', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  act(() => client.transport.serverClose(4000, 'beta_api_shape_disabled', 'The beta API shape is disabled'));
  expect(screen.getByTestId('close-reason')).toHaveTextContent('code 4000');
  expect(screen.getByTestId('close-reason')).toHaveTextContent('beta_api_shape_disabled — The beta API shape is disabled');
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Disconnected');
  await connectPage();
  expect(mockClients).toHaveLength(2);
  expect(screen.queryByTestId('close-reason')).toBeNull();
});

test('a server error while connected is a dismissible non-fatal notice, apart from the status', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  await receive(client, serverError({ type: 'invalid_request_error', code: 'invalid_value', message: "Invalid value: 'loud'.", param: 'session.audio.output.voice', event_id: 'evt_123' }));
  const notice = screen.getByTestId('server-error-notice');
  expect(notice).toHaveAttribute('role', 'status');
  expect(notice).toHaveTextContent("Server error invalid_value: Invalid value: 'loud'. (param session.audio.output.voice, event evt_123)");
  expect(screen.queryByTestId('server-error-count')).toBeNull();
  // Not a failure: the status stays, no close reason, the socket is still in use.
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected');
  expect(screen.queryByTestId('close-reason')).toBeNull();
  expect(screen.queryByRole('alert')).toBeNull();
  expect(screen.getByRole('button', { name: 'Disconnect' })).toBeInTheDocument();

  // The newest replaces the older one, with a count.
  await receive(client, serverError({ type: 'invalid_request_error', code: 'relay_event_denied', message: 'The relay does not forward this event', event_id: 'evt_124' }));
  expect(screen.getByTestId('server-error-text')).toHaveTextContent('Server error relay_event_denied: The relay does not forward this event (event evt_124)');
  expect(screen.getByTestId('server-error-notice')).not.toHaveTextContent('invalid_value');
  expect(screen.getByTestId('server-error-count')).toHaveTextContent('2 errors');

  fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
  expect(screen.queryByTestId('server-error-notice')).toBeNull();
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected');

  // After a dismiss the count starts again.
  await receive(client, serverError({ type: 'invalid_request_error', code: 'cannot_update_voice', message: 'Cannot update the voice.' }));
  expect(screen.getByTestId('server-error-text')).toHaveTextContent('Server error cannot_update_voice: Cannot update the voice.');
  expect(screen.queryByTestId('server-error-count')).toBeNull();
});

test('a server error notice is cleared by the next successful Connect; a close after an error still names the message', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  await receive(client, serverError({ type: 'server_error', code: 'upstream_lost', message: 'The upstream went away' }));
  expect(screen.getByTestId('server-error-notice')).toHaveTextContent('Server error upstream_lost: The upstream went away');
  act(() => client.transport.serverClose(1014, 'relay: upstream connection lost', 'The upstream went away'));
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Disconnected');
  expect(screen.getByTestId('close-reason')).toHaveTextContent('Connection closed (code 1014: bad gateway: the upstream failed) — relay: upstream connection lost — The upstream went away');
  // An error from the closed connection no longer counts (the client reports it; the page ignores it).
  act(() => client.emit('error', { type: 'server_error', code: 'late', message: 'late' }));
  expect(screen.getByTestId('server-error-notice')).not.toHaveTextContent('late');

  await connectPage();
  expect(mockClients).toHaveLength(2);
  expect(screen.queryByTestId('server-error-notice')).toBeNull();
  expect(screen.queryByTestId('close-reason')).toBeNull();
});

test('an error while connecting is left to the failed Connect, not shown as a notice', async () => {
  render(<ConsolePage config={RELAY} />);
  const { RealtimeClient } = jest.requireMock('../lib/realtime');
  const original = RealtimeClient.prototype.connect;
  RealtimeClient.prototype.connect = async function refuse(this: PageClient) {
    this.emit('error', { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided' });
    throw new Error('the server closed the connection as soon as it opened (code 1008: invalid_api_key: Incorrect API key provided)');
  };
  try {
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByTestId('close-reason')).toHaveTextContent('code 1008: invalid_api_key: Incorrect API key provided');
    expect(screen.queryByTestId('server-error-notice')).toBeNull();
    expect(screen.getByTestId('connection-status')).toHaveTextContent('Disconnected');
  } finally {
    RealtimeClient.prototype.connect = original;
  }
});

test('a failed connect shows why', async () => {
  render(<ConsolePage config={RELAY} />);
  const { RealtimeClient } = jest.requireMock('../lib/realtime');
  const original = RealtimeClient.prototype.connect;
  RealtimeClient.prototype.connect = async function fail() {
    throw new Error('relay refused: 403 Forbidden');
  };
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  expect(await screen.findByTestId('close-reason')).toHaveTextContent('Could not connect: relay refused: 403 Forbidden');
  expect(screen.getByRole('button', { name: 'Connect' })).toBeEnabled();
  RealtimeClient.prototype.connect = original;
});

test('the simulator badge shows for a sess_sim_ session only', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  await receive(client, { type: 'session.updated', event_id: eventId(), session: session('sess_real_1') });
  expect(screen.queryByTestId('simulator-badge')).toBeNull();
  await receive(client, { type: 'session.updated', event_id: eventId(), session: session('sess_sim_abc') });
  expect(screen.getByTestId('simulator-badge')).toHaveTextContent('Simulator');
});

test('typed messages go to the client; the VAD switch sends turn detection while connected', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  fireEvent.change(screen.getByTestId('message-input'), { target: { value: 'What is the weather in Paris?' } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
  expect(sentOf(client, 'conversation.item.create')).toEqual([
    expect.objectContaining({ item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is the weather in Paris?' }] } }),
  ]);
  // The server's answer (the item added) reaches the page inside act: it offers to carry the history.
  await act(() => client.transport.settled());

  mockAudio.chunks = [new Int16Array([1, 2]), new Int16Array([3])];
  fireEvent.click(screen.getByLabelText('VAD'));
  expect(lastUpdate(client)).toMatchObject({ audio: { input: { turn_detection: { type: 'server_vad' } } } });
  // VAD streams the microphone.
  await waitFor(() => expect(sentOf(client, 'input_audio_buffer.append')).toHaveLength(2));
  expect(screen.queryByTestId('push-to-talk')).toBeNull();

  expect(client.send).not.toHaveBeenCalled();
  fireEvent.click(screen.getByLabelText('Manual'));
  expect(lastUpdate(client)).toMatchObject({ audio: { input: { turn_detection: null } } });
  await waitFor(() => expect(mockAudio.pauses).toBe(1));
  // Speech VAD had not committed yet is dropped, so the next push-to-talk turn starts clean.
  await waitFor(() => expect(sentOf(client, 'input_audio_buffer.clear')).toHaveLength(1));
  expect(client.send).not.toHaveBeenCalled();
});

test('in VAD mode, the user speaking stops playback and truncates the item at the heard sample', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  fireEvent.click(screen.getByLabelText('VAD'));
  await receive(client, ...assistantAudio('resp_answer', 'item_answer', 9600));
  await receive(client, { type: 'input_audio_buffer.speech_started', event_id: eventId(), audio_start_ms: 1000, item_id: 'item_user' });
  // 4,800 samples heard at 24 kHz: truncated at 200 ms.
  await waitFor(() => expect(sentOf(client, 'conversation.item.truncate')).toEqual([expect.objectContaining({ item_id: 'item_answer', content_index: 0, audio_end_ms: 200 })]));
  expect(mockAudio.interrupts).toEqual([{ trackId: 'item_answer', offset: 4800 }]);
});

test('push-to-talk records while held, then asks for a response; pressing during playback truncates first', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  await receive(client, ...assistantAudio('resp_playing', 'item_playing', 100));
  const audio = new Int16Array(2400).fill(7); // 100 ms: the least a turn sends
  mockAudio.chunks = [audio];
  const clock = holdClock();
  fireEvent.mouseDown(screen.getByTestId('push-to-talk'), { button: 0 });
  await waitFor(() => expect(mockAudio.recordings).toBe(1));
  // The microphone delivered 100 ms, but under 100 ms of pressing nothing goes out, not even the interruption.
  clock.advance(99);
  expect(sentOf(client, 'input_audio_buffer.append')).toHaveLength(0);
  expect(sentOf(client, 'conversation.item.truncate')).toHaveLength(0);
  clock.advance(1);
  fireEvent.mouseUp(screen.getByTestId('push-to-talk'));
  await waitFor(() => expect(sentOf(client, 'response.create')).toHaveLength(1));
  expect(sentOf(client, 'input_audio_buffer.append')).toEqual([expect.objectContaining({ audio: int16ToBase64(audio) })]);
  expect(sentOf(client, 'input_audio_buffer.commit')).toHaveLength(1);
  // 4,800 samples heard, clamped to the item's 100: truncated at 4 ms.
  await waitFor(() => expect(sentOf(client, 'conversation.item.truncate')).toEqual([expect.objectContaining({ item_id: 'item_playing', audio_end_ms: 4 })]));

  // Space does the same.
  fireEvent.keyDown(window, { key: ' ' });
  await waitFor(() => expect(mockAudio.recordings).toBe(2));
  expect(sentOf(client, 'input_audio_buffer.append')).toHaveLength(1);
  clock.advance(100);
  fireEvent.keyUp(window, { key: ' ' });
  await waitFor(() => expect(sentOf(client, 'response.create')).toHaveLength(2));
  expect(sentOf(client, 'input_audio_buffer.append')).toHaveLength(2);
});

test('a click on push-to-talk sends nothing and says "hold to talk"', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  mockAudio.chunks = [new Int16Array(4800)]; // more audio than the click lasted (the pipeline's buffer)
  holdClock(); // the click lasts 0 ms, however slow the machine
  fireEvent.mouseDown(screen.getByTestId('push-to-talk'), { button: 0 });
  fireEvent.mouseUp(screen.getByTestId('push-to-talk'));
  expect(await screen.findByText(/hold to talk/)).toHaveAttribute('role', 'status');
  expect(sentOf(client, 'input_audio_buffer.append')).toHaveLength(0);
  expect(sentOf(client, 'response.create')).toHaveLength(0);
  expect(client.send).not.toHaveBeenCalled();
});

test('tool calls update the map and memory panels and return values or errors to the model', async () => {
  const fetchMock = jest.fn(async () => ({
    ok: true,
    status: 200,
    json: async () => ({ current_units: { temperature_2m: '°C', wind_speed_10m: 'km/h' }, current: { temperature_2m: 9.5, wind_speed_10m: 12 } }),
  }));
  (globalThis as { fetch?: unknown }).fetch = fetchMock;
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  let result: unknown;
  result = await runTool(client, 'get_weather', { lat: 51.5, lng: -0.12, location: 'London' });
  expect(result).toMatchObject({ location: 'London', temperature: { value: 9.5, units: '°C' }, wind_speed: { value: 12, units: 'km/h' } });
  expect(await screen.findByTestId('map-label')).toHaveTextContent('London: 9.5 °C, wind 12 km/h');

  result = await runTool(client, 'get_weather', { lat: 200, lng: 0, location: 'Nowhere' });
  expect(result).toEqual({ error: expect.stringMatching(/bad latitude 200/) });
  expect(screen.getByTestId('weather-error')).toHaveTextContent('bad latitude 200');
  expect(screen.getByTestId('map-marker')).toBeInTheDocument(); // the last place stays

  result = await runTool(client, 'set_memory', { key: 'user_name', value: 'Ada' });
  expect(result).toEqual({ ok: true, key: 'user_name' });
  expect(JSON.parse(screen.getByTestId('memory-json').textContent!)).toEqual({ user_name: 'Ada' });
  delete (globalThis as { fetch?: unknown }).fetch;
});

test('changing the model while connected reconnects with it', async () => {
  render(<ConsolePage config={RELAY} />);
  await connectPage();
  fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'gpt-realtime-mini' } });
  fireEvent.click(screen.getByRole('button', { name: 'Apply (session.update)' }));
  await waitFor(() => expect(mockClients).toHaveLength(2));
  expect(mockClients[0].isConnected()).toBe(false);
  expect(mockClients[1].options).toMatchObject({ model: 'gpt-realtime-mini' });
  expect(await screen.findByText('Connected', {}, { timeout: CONNECT_TIMEOUT_MS })).toBeInTheDocument();
});

test('items are deleted through the server while connected, and locally after a disconnect', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  await receive(client, itemAdded(userText('item_a', 'item_a')), itemAdded(userText('item_b', 'item_b')));
  expect(screen.getAllByTestId('conversation-item')).toHaveLength(2);
  fireEvent.click(screen.getByRole('button', { name: 'Delete item item_a' }));
  expect(sentOf(client, 'conversation.item.delete')).toEqual([expect.objectContaining({ item_id: 'item_a' })]);
  // The server confirms: the item goes.
  await waitFor(() => expect(screen.getAllByTestId('conversation-item')).toHaveLength(1));

  fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
  expect(screen.getAllByTestId('conversation-item')).toHaveLength(1); // the conversation stays readable
  fireEvent.click(screen.getByRole('button', { name: 'Delete item item_b' }));
  expect(screen.queryAllByTestId('conversation-item')).toHaveLength(0);
  expect(sentOf(client, 'conversation.item.delete')).toHaveLength(1);
});

/** One place's Approve / Deny: what its status says, and whether its buttons are locked. */
function expectAnswerState(place: HTMLElement, status: string, locked: boolean): void {
  expect(within(place).getByTestId('mcp-answer-status')).toHaveTextContent(status);
  for (const name of ['Approve', 'Deny']) {
    if (locked) expect(within(place).getByRole('button', { name })).toHaveAttribute('aria-disabled', 'true');
    else expect(within(place).getByRole('button', { name })).not.toHaveAttribute('aria-disabled');
  }
}

test('an MCP approval answered in one place shows as sent in both, sends once, and a refused answer opens both again', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  mockServer.override = (event) => (event.type === 'conversation.item.create' ? [] : undefined); // the server holds its confirmations
  await receive(client, itemAdded({ id: 'mcpa_1', object: 'realtime.item', type: 'mcp_approval_request', server_label: 'calc', name: 'add_numbers', arguments: '{"a":4,"b":5}' }));
  const panelRegion = screen.getByRole('region', { name: 'MCP approvals' });
  const inlineGroup = within(screen.getByTestId('conversation-area')).getByRole('group', { name: 'Answer: run add_numbers on calc?' });
  const panel = within(panelRegion);
  const inline = within(inlineGroup);
  expect(panel.getByLabelText('Arguments of add_numbers')).toHaveTextContent('"a": 4');
  expect(screen.getByTestId('mcp-approvals-announcement')).toHaveTextContent('1 MCP tool call waiting for approval. add_numbers on calc waits for approval.');
  fireEvent.click(inline.getByRole('button', { name: 'Approve' }));
  const answers = () => sentOf(client, 'conversation.item.create').map((event) => ({ eventId: event.event_id, ...(event as { item: { id: string; approval_request_id: string; approve: boolean; reason?: string } }).item }));
  expect(answers()).toEqual([expect.objectContaining({ type: 'mcp_approval_response', approval_request_id: 'mcpa_1', approve: true })]);
  for (const place of [panelRegion, inlineGroup]) expectAnswerState(place, 'Approved — waiting for the server', true);
  fireEvent.click(panel.getByRole('button', { name: 'Deny' }));
  expect(answers()).toHaveLength(1); // a second answer from the other place sends nothing
  // The server confirms: the panel lets the request go, the conversation shows the answer.
  await receive(client, itemAdded({ id: answers()[0].id, object: 'realtime.item', type: 'mcp_approval_response', approval_request_id: 'mcpa_1', approve: true }));
  await waitFor(() => expect(panel.queryByTestId('mcp-approval')).toBeNull());
  expect(screen.getByTestId('conversation-area')).toHaveTextContent('Approved');

  await receive(client, itemAdded({ id: 'mcpa_2', object: 'realtime.item', type: 'mcp_approval_request', server_label: 'calc', name: 'divide_numbers', arguments: '{"a":1,"b":0}' }));
  const secondGroup = await screen.findByRole('group', { name: /calc wants to run divide_numbers/ });
  const second = within(secondGroup);
  fireEvent.change(second.getByLabelText('Reason for denying (optional)'), { target: { value: 'Division by zero' } });
  fireEvent.click(second.getByRole('button', { name: 'Deny' }));
  const denial = answers()[1];
  expect(denial).toMatchObject({ approval_request_id: 'mcpa_2', approve: false, reason: 'Division by zero' });
  const secondInlineGroup = within(screen.getByTestId('conversation-area')).getByRole('group', { name: 'Answer: run divide_numbers on calc?' });
  const secondInline = within(secondInlineGroup);
  expect(secondInline.getByTestId('mcp-answer-status')).toHaveTextContent('Denied: Division by zero — waiting for the server');
  await receive(client, serverError({ type: 'invalid_request_error', code: 'relay_event_denied', message: 'not allowed', event_id: denial.eventId }));
  for (const place of [secondGroup, secondInlineGroup]) expectAnswerState(place, 'Not sent: relay_event_denied: not allowed. Answer again.', false);
  expect(screen.getByTestId('mcp-approvals-announcement')).toHaveTextContent('divide_numbers on calc: answer not sent, relay_event_denied: not allowed.');
  fireEvent.click(secondInline.getByRole('button', { name: 'Deny' }));
  expect(answers().map((answer) => [answer.approval_request_id, answer.approve])).toEqual([['mcpa_1', true], ['mcpa_2', false], ['mcpa_2', false]]);
});

test('a denied microphone is explained and typed messages still work', async () => {
  mockAudio.denied = true;
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  fireEvent.mouseDown(screen.getByTestId('push-to-talk'), { button: 0 });
  expect(await screen.findByText('Microphone unavailable: Permission denied')).toBeInTheDocument();
  fireEvent.mouseUp(screen.getByTestId('push-to-talk'));
  await waitFor(() => expect(screen.getByTestId('push-to-talk')).toHaveTextContent('Hold to talk'));
  expect(sentOf(client, 'input_audio_buffer.append')).toHaveLength(0);
  expect(sentOf(client, 'response.create')).toHaveLength(0); // nothing recorded, nothing to answer
  fireEvent.change(screen.getByTestId('message-input'), { target: { value: 'hello' } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
  expect(sentOf(client, 'conversation.item.create')).toEqual([expect.objectContaining({ item: expect.objectContaining({ content: [{ type: 'input_text', text: 'hello' }] }) })]);
  await act(() => client.transport.settled()); // the server's answer, inside act
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected');
});

test('a session.update the server refuses ends the settings wait and says why', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  await receive(client, { type: 'session.updated', event_id: eventId(), session: session('sess_sim_1', { audio: { output: { voice: 'marin' } } }) });
  mockServer.override = (event) => (event.type === 'session.update' ? [] : undefined); // the server holds its answer
  fireEvent.change(screen.getByLabelText('Voice'), { target: { value: 'cedar' } });
  fireEvent.click(screen.getByRole('button', { name: 'Apply (session.update)' }));
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('Waiting for session.updated');
  const updateId = sentOf(client, 'session.update').slice(-1)[0].event_id;
  // An error about another event does not answer the update.
  await receive(client, serverError({ type: 'invalid_request_error', code: 'other', message: 'x', event_id: 'evt_other' }));
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('Waiting for session.updated');
  await receive(client, serverError({ type: 'invalid_request_error', code: 'cannot_update_voice', message: "Cannot update a conversation's voice if assistant audio is present.", event_id: updateId }));
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('The server refused the update (cannot_update_voice');
  expect(screen.getByTestId('server-voice')).toHaveTextContent('⚠ server: marin');
});

test('a refused Connect names the relay without its access token', async () => {
  render(<ConsolePage config={{ ...RELAY, relayUrl: 'ws://127.0.0.1:8081/?token=relay-secret-123' }} />);
  const { RealtimeClient } = jest.requireMock('../lib/realtime');
  const original = RealtimeClient.prototype.connect;
  RealtimeClient.prototype.connect = async function fail() {
    throw new Error('could not connect: WebSocket error');
  };
  try {
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    const reason = await screen.findByTestId('close-reason');
    expect(reason).toHaveTextContent('Could not connect to the relay at ws://127.0.0.1:8081/?token=…');
    expect(reason).toHaveTextContent("RELAY_ALLOWED_ORIGINS include this page's origin (http://localhost)");
    expect(reason).toHaveTextContent('add ?access_token=TOKEN to the relay URL');
    // One message: nothing else on the page reports the same failure (issue 13, item 8).
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByTestId('relay-in-use')).not.toHaveTextContent('no key needed');
    expect(reason).not.toHaveTextContent('relay-secret-123');
  } finally {
    RealtimeClient.prototype.connect = original;
  }
});

test('a failed Connect keeps the last conversation and memory; a new session clears them (issue 13, item 5)', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  await receive(client, itemAdded(userText('item_a', 'item_a')));
  await runTool(client, 'set_memory', { key: 'user_name', value: 'Ada' });
  await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  const shown = screen.getAllByTestId('conversation-item').length; // the message, the call, the answer
  fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));

  const { RealtimeClient } = jest.requireMock('../lib/realtime') as { RealtimeClient: { prototype: { connect(): Promise<void> } } };
  jest.spyOn(RealtimeClient.prototype, 'connect').mockRejectedValueOnce(new Error('WebSocket closed before open (1006)'));
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  await waitFor(() => expect(mockClients).toHaveLength(2));
  expect(await screen.findByRole('button', { name: 'Connect' })).toBeInTheDocument();
  expect(screen.getAllByTestId('conversation-item')).toHaveLength(shown);
  expect(JSON.parse(screen.getByTestId('memory-json').textContent!)).toEqual({ user_name: 'Ada' });

  // A Connect that opens a new session: only now is the last one's state replaced.
  const next = await connectPage();
  expect(screen.getAllByTestId('conversation-item')).toHaveLength(shown);
  await receive(next, { type: 'session.created', event_id: eventId(), session: session('sess_3') });
  expect(screen.queryAllByTestId('conversation-item')).toHaveLength(0);
  expect(screen.queryByTestId('memory-json')).toBeNull();
});
