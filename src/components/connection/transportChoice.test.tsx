import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConnectionBar } from './ConnectionBar';
import { loadTransportChoice, saveTransportChoice, TRANSPORT_STORAGE_KEY, webrtcSignallingFor, webrtcTransportFor } from './transportChoice';
import { useTransportChoice } from './useTransportChoice';

const API = 'wss://api.openai.com/v1/realtime';

beforeEach(() => localStorage.clear());

test('the choice is remembered in localStorage; anything else reads as WebSocket', () => {
  expect(loadTransportChoice(localStorage)).toBe('websocket');
  saveTransportChoice(localStorage, 'webrtc');
  expect(localStorage.getItem(TRANSPORT_STORAGE_KEY)).toBe('webrtc');
  expect(loadTransportChoice(localStorage)).toBe('webrtc');
  localStorage.setItem(TRANSPORT_STORAGE_KEY, 'carrier-pigeon');
  expect(loadTransportChoice(localStorage)).toBe('websocket');
  const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
  expect(loadTransportChoice(refusing)).toBe('websocket');
  expect(() => saveTransportChoice(refusing, 'webrtc')).not.toThrow();
});

test('WebRTC through a relay uses /session (or /token when configured); directly it takes only an ek_ key', () => {
  expect(webrtcSignallingFor({ relayUrl: 'ws://localhost:8081', realtimeUrl: API })).toEqual({ ok: true, signalling: { via: 'relay-session', relayUrl: 'ws://localhost:8081' } });
  expect(webrtcSignallingFor({ relayUrl: 'ws://localhost:8081', relayRoute: 'token', realtimeUrl: API })).toEqual({ ok: true, signalling: { via: 'relay-token', relayUrl: 'ws://localhost:8081', realtimeUrl: API } });
  expect(webrtcSignallingFor({ apiKey: 'ek_abc', realtimeUrl: API })).toEqual({ ok: true, signalling: { via: 'ephemeral-key', key: 'ek_abc', realtimeUrl: API } });
  const refused = webrtcTransportFor({ apiKey: 'sk-proj-abc', realtimeUrl: API, model: 'gpt-realtime-2.1' });
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.reason).toMatch(/ephemeral key \(ek_…\)/);
  expect(webrtcTransportFor({ relayUrl: 'ws://localhost:8081', realtimeUrl: API, model: 'gpt-realtime-2.1' }).ok).toBe(true);
});

function Bar() {
  const [transport, choose] = useTransportChoice(localStorage);
  return <ConnectionBar status="disconnected" closeReason={null} canConnect isSimulator={false} onConnect={() => undefined} onDisconnect={() => undefined} transport={{ value: transport, onChange: choose }} />;
}

test('the choice sits beside Connect, is remembered across mounts, and is locked while connected', async () => {
  const user = userEvent.setup();
  const { unmount } = render(<Bar />);
  const select = screen.getByTestId('transport-choice');
  expect(select).toHaveValue('websocket');
  await user.selectOptions(select, 'WebRTC');
  expect(select).toHaveValue('webrtc');
  unmount();
  render(<Bar />);
  expect(screen.getByTestId('transport-choice')).toHaveValue('webrtc');
  render(<ConnectionBar status="connected" closeReason={null} canConnect isSimulator={false} onConnect={() => undefined} onDisconnect={() => undefined} transport={{ value: 'webrtc', onChange: () => undefined }} />);
  expect(screen.getAllByTestId('transport-choice')[1]).toBeDisabled();
});
