// The page wired together, with a scripted client and scripted audio in place of the network
// and Web Audio (jsdom has neither). The real ones are exercised end to end in e2e/console.e2e.ts.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import { ConsolePage } from './ConsolePage';
import type { AppConfig } from '../config';
import { API_KEY_OPT_IN_STORAGE_KEY, API_KEY_STORAGE_KEY } from '../hooks/useStoredApiKey';
import { KEY_OPT_IN_LABEL as OPT_IN } from '../components/connection/ApiKeyPanel';

type Handler = (args: Record<string, unknown>) => unknown;

/** What the tests use of the scripted client below. */
interface MockClient {
  options: Record<string, unknown>;
  connected: boolean;
  tools: Map<string, Handler>;
  /** Runs a tool as the client's runner does: `tool.call`, the handler, `{error}` if it throws, `tool.result`. */
  runTool(name: string, args: Record<string, unknown>): Promise<unknown>;
  updates: unknown[];
  items: unknown[];
  emit(type: string, payload: unknown): void;
  sendUserMessageContent: jest.Mock;
  appendInputAudio: jest.Mock;
  createResponse: jest.Mock;
  cancelResponse: jest.Mock;
  deleteItem: jest.Mock;
  respondToMcpApproval: jest.Mock;
  clearInputAudio: jest.Mock;
  /** Any wire event the page sent itself (it should send none but through the client's methods). */
  send: jest.Mock;
}

// jest.mock factories may only use variables prefixed `mock`.
const mockClients: MockClient[] = [];
const mockAudio = { denied: false, recordings: 0, pauses: 0, interrupts: [] as Array<{ trackId: string; offset: number }>, chunks: [] as Int16Array[], heard: 4800 };

jest.mock('../lib/realtime', () => {
  const actual = jest.requireActual('../lib/realtime');
  class FakeClient extends actual.RealtimeEventEmitter {
    options: Record<string, unknown>;
    connected = false;
    tools = new Map<string, Handler>();
    calls = 0;
    updates: unknown[] = [];
    items: unknown[] = [];
    conversation = { getItems: () => this.items };
    sendUserMessageContent = jest.fn();
    appendInputAudio = jest.fn();
    createResponse = jest.fn();
    cancelResponse = jest.fn();
    deleteItem = jest.fn();
    respondToMcpApproval = jest.fn();
    clearInputAudio = jest.fn();
    send = jest.fn();
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      mockClients.push(this as unknown as MockClient);
    }
    async connect() {
      this.connected = true;
    }
    disconnect() {
      this.connected = false;
    }
    isConnected() {
      return this.connected;
    }
    addTool(definition: RealtimeFunctionTool, handler: Handler) {
      this.tools.set(definition.name!, handler);
    }
    async runTool(name: string, args: Record<string, unknown>) {
      const call = { name, call_id: `call_${(this.calls += 1)}`, arguments: JSON.stringify(args) };
      this.emit('tool.call', call);
      try {
        const output = await this.tools.get(name)!(args);
        this.emit('tool.result', { ...call, output });
        return output;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.emit('tool.result', { ...call, output: { error: message }, error: message });
        return { error: message };
      }
    }
    updateSession(patch: unknown) {
      this.updates.push(patch);
    }
  }
  return { ...actual, RealtimeClient: FakeClient };
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

async function connectPage() {
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  await screen.findByText('Connected', {}, { timeout: CONNECT_TIMEOUT_MS });
  return lastClient();
}

beforeEach(() => {
  mockClients.length = 0;
  mockAudio.recordings = 0;
  mockAudio.denied = false;
  mockAudio.pauses = 0;
  mockAudio.interrupts = [];
  mockAudio.chunks = [];
  localStorage.clear();
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => jest.restoreAllMocks());

test('with a relay: never asks for a key, says the relay is in use, connects to it without a key', async () => {
  render(<ConsolePage config={RELAY} />);
  expect(screen.getByTestId('connection-mode')).toHaveTextContent('Relay: ws://127.0.0.1:8081');
  expect(screen.getByTestId('relay-in-use')).toBeInTheDocument();
  expect(screen.queryByLabelText('OpenAI API key')).toBeNull();
  expect(screen.queryByTestId('ways-in')).toBeNull();
  const client = await connectPage();
  expect(client.options).toMatchObject({ url: 'ws://127.0.0.1:8081', model: 'gpt-realtime', apiKey: undefined, dangerouslyAllowAPIKeyInBrowser: false });
  expect(Array.from(client.tools.keys())).toEqual(['get_weather', 'set_memory']);
  // The session the settings describe went in before connecting: manual turns at first.
  expect(client.updates[0]).toMatchObject({ type: 'realtime', audio: { input: { turn_detection: null } } });
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
  act(() => {
    client.connected = false;
    client.emit('close', { code: 4000, reason: 'beta_api_shape_disabled', wasClean: true, error: 'The beta API shape is disabled' });
  });
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
  act(() => client.emit('error', { type: 'invalid_request_error', code: 'invalid_value', message: "Invalid value: 'loud'.", param: 'session.audio.output.voice', event_id: 'evt_123' }));
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
  act(() => client.emit('error', { type: 'invalid_request_error', code: 'relay_event_denied', message: 'The relay does not forward this event', event_id: 'evt_124' }));
  expect(screen.getByTestId('server-error-text')).toHaveTextContent('Server error relay_event_denied: The relay does not forward this event (event evt_124)');
  expect(screen.getByTestId('server-error-notice')).not.toHaveTextContent('invalid_value');
  expect(screen.getByTestId('server-error-count')).toHaveTextContent('2 errors');

  fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
  expect(screen.queryByTestId('server-error-notice')).toBeNull();
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected');

  // After a dismiss the count starts again.
  act(() => client.emit('error', { type: 'invalid_request_error', code: 'cannot_update_voice', message: 'Cannot update the voice.' }));
  expect(screen.getByTestId('server-error-text')).toHaveTextContent('Server error cannot_update_voice: Cannot update the voice.');
  expect(screen.queryByTestId('server-error-count')).toBeNull();
});

test('a server error notice is cleared by the next successful Connect; a close after an error still names the message', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  act(() => client.emit('error', { type: 'server_error', code: 'upstream_lost', message: 'The upstream went away' }));
  expect(screen.getByTestId('server-error-notice')).toHaveTextContent('Server error upstream_lost: The upstream went away');
  act(() => {
    client.connected = false;
    client.emit('close', { code: 1014, reason: 'relay: upstream connection lost', wasClean: true, error: 'The upstream went away' });
  });
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Disconnected');
  expect(screen.getByTestId('close-reason')).toHaveTextContent('Connection closed (code 1014: bad gateway: the upstream failed) — relay: upstream connection lost — The upstream went away');
  // An error from the closed connection no longer counts.
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
  RealtimeClient.prototype.connect = async function refuse(this: MockClient) {
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
  act(() => client.emit('session.updated', { id: 'sess_real_1', type: 'realtime', object: 'realtime.session' }));
  expect(screen.queryByTestId('simulator-badge')).toBeNull();
  act(() => client.emit('session.updated', { id: 'sess_sim_abc', type: 'realtime', object: 'realtime.session' }));
  expect(screen.getByTestId('simulator-badge')).toHaveTextContent('Simulator');
});

test('typed messages go to the client; the VAD switch sends turn detection while connected', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  fireEvent.change(screen.getByTestId('message-input'), { target: { value: 'What is the weather in Paris?' } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
  expect(client.sendUserMessageContent).toHaveBeenCalledWith([{ type: 'input_text', text: 'What is the weather in Paris?' }]);

  mockAudio.chunks = [new Int16Array([1, 2]), new Int16Array([3])];
  fireEvent.click(screen.getByLabelText('VAD'));
  expect(client.updates[client.updates.length - 1]).toEqual({ audio: { input: expect.objectContaining({ turn_detection: expect.objectContaining({ type: 'server_vad' }) }) } });
  // VAD streams the microphone.
  await waitFor(() => expect(client.appendInputAudio).toHaveBeenCalledTimes(2));
  expect(screen.queryByTestId('push-to-talk')).toBeNull();

  expect(client.send).not.toHaveBeenCalled();
  fireEvent.click(screen.getByLabelText('Manual'));
  expect(client.updates[client.updates.length - 1]).toEqual({ audio: { input: expect.objectContaining({ turn_detection: null }) } });
  await waitFor(() => expect(mockAudio.pauses).toBe(1));
  // Speech VAD had not committed yet is dropped, so the next push-to-talk turn starts clean.
  await waitFor(() => expect(client.clearInputAudio).toHaveBeenCalledTimes(1));
  expect(client.send).not.toHaveBeenCalled();
});

test('in VAD mode, the user speaking stops playback and truncates the item at the heard sample', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  fireEvent.click(screen.getByLabelText('VAD'));
  const item = { id: 'item_answer', role: 'assistant', type: 'message', status: 'in_progress', formatted: { text: '', transcript: 'It is', audioSampleCount: 9600 }, getAudio: () => new Int16Array(9600) };
  client.items = [item];
  await act(async () => {
    client.emit('conversation.updated', { item, delta: { audio: new Int16Array(9600) } });
  });
  await act(async () => {
    client.emit('conversation.interrupted', { audioStartMs: 1000 });
  });
  await waitFor(() => expect(client.cancelResponse).toHaveBeenCalledWith('item_answer', 4800));
  expect(mockAudio.interrupts).toEqual([{ trackId: 'item_answer', offset: 4800 }]);
});

test('push-to-talk records while held, then asks for a response; pressing during playback truncates first', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  const item = { id: 'item_playing', role: 'assistant', type: 'message', status: 'in_progress', formatted: { text: '', transcript: '', audioSampleCount: 100 }, getAudio: () => new Int16Array(100) };
  client.items = [item];
  await act(async () => {
    client.emit('conversation.updated', { item, delta: { audio: new Int16Array(100) } });
  });
  const audio = new Int16Array(2400).fill(7); // 100 ms: the least a turn sends
  mockAudio.chunks = [audio];
  fireEvent.mouseDown(screen.getByTestId('push-to-talk'), { button: 0 });
  await waitFor(() => expect(mockAudio.recordings).toBe(1));
  // Under 100 ms of pressing nothing goes out, not even the interruption.
  expect(client.appendInputAudio).not.toHaveBeenCalled();
  expect(client.cancelResponse).not.toHaveBeenCalled();
  await act(() => new Promise((done) => setTimeout(done, 120)));
  fireEvent.mouseUp(screen.getByTestId('push-to-talk'));
  await waitFor(() => expect(client.createResponse).toHaveBeenCalledTimes(1));
  expect(client.appendInputAudio).toHaveBeenCalledWith(audio);
  await waitFor(() => expect(client.cancelResponse).toHaveBeenCalledWith('item_playing', 4800));

  // Space does the same.
  fireEvent.keyDown(window, { key: ' ' });
  await waitFor(() => expect(mockAudio.recordings).toBe(2));
  await act(() => new Promise((done) => setTimeout(done, 120)));
  fireEvent.keyUp(window, { key: ' ' });
  await waitFor(() => expect(client.createResponse).toHaveBeenCalledTimes(2));
});

test('a click on push-to-talk sends nothing and says "hold to talk"', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  mockAudio.chunks = [new Int16Array(4800)]; // more audio than the click lasted (the pipeline's buffer)
  fireEvent.mouseDown(screen.getByTestId('push-to-talk'), { button: 0 });
  fireEvent.mouseUp(screen.getByTestId('push-to-talk'));
  expect(await screen.findByText(/hold to talk/)).toHaveAttribute('role', 'status');
  expect(client.appendInputAudio).not.toHaveBeenCalled();
  expect(client.createResponse).not.toHaveBeenCalled();
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
  await act(async () => {
    result = await client.runTool('get_weather', { lat: 51.5, lng: -0.12, location: 'London' });
  });
  expect(result).toMatchObject({ location: 'London', temperature: { value: 9.5, units: '°C' }, wind_speed: { value: 12, units: 'km/h' } });
  expect(await screen.findByTestId('map-label')).toHaveTextContent('London: 9.5 °C, wind 12 km/h');

  await act(async () => {
    result = await client.runTool('get_weather', { lat: 200, lng: 0, location: 'Nowhere' });
  });
  expect(result).toEqual({ error: expect.stringMatching(/bad latitude 200/) });
  expect(screen.getByTestId('weather-error')).toHaveTextContent('bad latitude 200');
  expect(screen.getByTestId('map-marker')).toBeInTheDocument(); // the last place stays

  await act(async () => {
    result = await client.runTool('set_memory', { key: 'user_name', value: 'Ada' });
  });
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
  expect(mockClients[0].connected).toBe(false);
  expect(mockClients[1].options).toMatchObject({ model: 'gpt-realtime-mini' });
  expect(await screen.findByText('Connected', {}, { timeout: CONNECT_TIMEOUT_MS })).toBeInTheDocument();
});

test('items are deleted through the server while connected, and locally after a disconnect', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  const make = (id: string) => ({ id, role: 'user', type: 'message', status: 'completed', formatted: { text: id, transcript: '', audioSampleCount: 0 }, getAudio: () => new Int16Array(0) });
  client.items = [make('item_a'), make('item_b')];
  await act(async () => {
    client.emit('conversation.item.appended', { item: client.items[1] });
    await new Promise((resolve) => requestAnimationFrame(resolve));
  });
  expect(screen.getAllByTestId('conversation-item')).toHaveLength(2);
  fireEvent.click(screen.getByRole('button', { name: 'Delete item item_a' }));
  expect(client.deleteItem).toHaveBeenCalledWith('item_a');

  fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
  expect(screen.getAllByTestId('conversation-item')).toHaveLength(2); // the conversation stays readable
  fireEvent.click(screen.getByRole('button', { name: 'Delete item item_b' }));
  expect(screen.getAllByTestId('conversation-item')).toHaveLength(1);
  expect(client.deleteItem).toHaveBeenCalledTimes(1);
});

test("an MCP approval request's Approve / Deny answer through the client", async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  const request = { kind: 'approval_request', serverLabel: 'calc', name: 'add_numbers', arguments: '{"a":4,"b":5}' };
  client.items = [{ id: 'mcpa_1', type: 'mcp_approval_request', status: 'completed', mcp: request, formatted: { text: '', transcript: '', audioSampleCount: 0 }, getAudio: () => new Int16Array(0) }];
  await act(async () => {
    client.emit('conversation.item.appended', { item: client.items[0] });
    await new Promise((resolve) => requestAnimationFrame(resolve));
  });
  fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
  expect(client.respondToMcpApproval).toHaveBeenCalledWith('mcpa_1', true);
});

test('a denied microphone is explained and typed messages still work', async () => {
  mockAudio.denied = true;
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  fireEvent.mouseDown(screen.getByTestId('push-to-talk'), { button: 0 });
  expect(await screen.findByText('Microphone unavailable: Permission denied')).toBeInTheDocument();
  fireEvent.mouseUp(screen.getByTestId('push-to-talk'));
  await waitFor(() => expect(screen.getByTestId('push-to-talk')).toHaveTextContent('Hold to talk'));
  expect(client.appendInputAudio).not.toHaveBeenCalled();
  expect(client.createResponse).not.toHaveBeenCalled(); // nothing recorded, nothing to answer
  fireEvent.change(screen.getByTestId('message-input'), { target: { value: 'hello' } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
  expect(client.sendUserMessageContent).toHaveBeenCalledWith([{ type: 'input_text', text: 'hello' }]);
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected');
});

test('a session.update the server refuses ends the settings wait and says why', async () => {
  render(<ConsolePage config={RELAY} />);
  const client = await connectPage();
  const session = { id: 'sess_sim_1', type: 'realtime', object: 'realtime.session', audio: { output: { voice: 'marin' } } };
  act(() => client.emit('session.updated', session));
  fireEvent.change(screen.getByLabelText('Voice'), { target: { value: 'cedar' } });
  fireEvent.click(screen.getByRole('button', { name: 'Apply (session.update)' }));
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('Waiting for session.updated');
  act(() => {
    client.emit('realtime.event', { time: 1, source: 'client', event: { type: 'session.update', event_id: 'evt_voice', session: { type: 'realtime' } } });
    // An error about another event does not answer the update.
    client.emit('realtime.event', { time: 2, source: 'server', event: { type: 'error', error: { code: 'other', message: 'x', event_id: 'evt_other' } } });
  });
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('Waiting for session.updated');
  act(() =>
    client.emit('realtime.event', {
      time: 3,
      source: 'server',
      event: { type: 'error', error: { code: 'cannot_update_voice', message: "Cannot update a conversation's voice if assistant audio is present.", event_id: 'evt_voice' } },
    }),
  );
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
  const make = (id: string) => ({ id, role: 'user', type: 'message', status: 'completed', formatted: { text: id, transcript: '', audioSampleCount: 0 }, getAudio: () => new Int16Array(0) });
  client.items = [make('item_a')];
  await act(async () => {
    client.emit('conversation.item.appended', { item: client.items[0] });
    await client.runTool('set_memory', { key: 'user_name', value: 'Ada' });
    await new Promise((resolve) => requestAnimationFrame(resolve));
  });
  fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));

  const { RealtimeClient } = jest.requireMock('../lib/realtime') as { RealtimeClient: { prototype: { connect(): Promise<void> } } };
  jest.spyOn(RealtimeClient.prototype, 'connect').mockRejectedValueOnce(new Error('WebSocket closed before open (1006)'));
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  await waitFor(() => expect(mockClients).toHaveLength(2));
  expect(await screen.findByRole('button', { name: 'Connect' })).toBeInTheDocument();
  expect(screen.getAllByTestId('conversation-item')).toHaveLength(1);
  expect(JSON.parse(screen.getByTestId('memory-json').textContent!)).toEqual({ user_name: 'Ada' });

  // A Connect that opens a new session: only now is the last one's state replaced.
  const next = await connectPage();
  expect(screen.getAllByTestId('conversation-item')).toHaveLength(1);
  await act(async () => {
    next.emit('session.created', { id: 'sess_3', type: 'realtime', object: 'realtime.session' });
    await new Promise((resolve) => requestAnimationFrame(resolve));
  });
  expect(screen.queryAllByTestId('conversation-item')).toHaveLength(0);
  expect(screen.queryByTestId('memory-json')).toBeNull();
});
