import { render, screen, fireEvent, act, renderHook } from '@testing-library/react';
import { ApiKeyPanel, KEY_OPT_IN_LABEL } from './ApiKeyPanel';
import { ConnectionBar } from './ConnectionBar';
import { describeClose, describeConnectFailure } from './closeReason';
import { describeServerError, noteServerError } from './serverErrorText';
import { WaysIn } from './WaysIn';
import { API_KEY_OPT_IN_STORAGE_KEY, API_KEY_STORAGE_KEY, maskApiKey, useStoredApiKey } from '../../hooks/useStoredApiKey';

beforeEach(() => localStorage.clear());

test('the key is stored under one namespaced entry, and removing it leaves other entries alone', () => {
  localStorage.setItem('other-app.setting', 'keep me');
  const { result } = renderHook(() => useStoredApiKey());
  expect(result.current.apiKey).toBeNull();
  act(() => result.current.saveApiKey('  sk-test-1234567890  '));
  expect(result.current.apiKey).toBe('sk-test-1234567890');
  expect(localStorage.getItem(API_KEY_STORAGE_KEY)).toBe('sk-test-1234567890');
  // A fresh page reads it back.
  expect(renderHook(() => useStoredApiKey()).result.current.apiKey).toBe('sk-test-1234567890');
  act(() => result.current.removeApiKey());
  expect(result.current.apiKey).toBeNull();
  expect(localStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  expect(localStorage.getItem('other-app.setting')).toBe('keep me');
  expect(API_KEY_STORAGE_KEY).toBe('realtime-console.apiKey');
});

test('the key panel asks in the page, masks a stored key, and offers change and remove', () => {
  const onSave = jest.fn();
  const onRemove = jest.fn();
  const props = { allowKeyInBrowser: false, onSave, onRemove, onAllowKeyInBrowserChange: jest.fn() };
  const { rerender } = render(<ApiKeyPanel apiKey={null} {...props} />);
  const save = screen.getByRole('button', { name: 'Save key' });
  expect(save).toBeDisabled();
  fireEvent.change(screen.getByLabelText('OpenAI API key'), { target: { value: 'sk-abcdefghijkl' } });
  fireEvent.click(save);
  expect(onSave).toHaveBeenCalledWith('sk-abcdefghijkl', false);

  rerender(<ApiKeyPanel apiKey="sk-abcdefghijkl" {...props} />);
  expect(screen.getByTestId('api-key-masked')).toHaveTextContent('sk-…ijkl');
  expect(screen.queryByText('sk-abcdefghijkl')).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
  expect(onRemove).toHaveBeenCalledTimes(1);
  fireEvent.click(screen.getByRole('button', { name: 'Change' }));
  expect(screen.getByLabelText('OpenAI API key')).toHaveValue('');
  fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
  expect(screen.getByTestId('api-key-masked')).toBeInTheDocument();
  expect(maskApiKey('short')).toBe('••••');
});

test('the opt-in is stored beside the key, saved and changed with it, and removed with it', () => {
  localStorage.setItem('other-app.setting', 'keep me');
  const { result } = renderHook(() => useStoredApiKey());
  expect(result.current.allowKeyInBrowser).toBe(false);
  act(() => result.current.saveApiKey('sk-test-1234567890', true));
  expect(result.current.allowKeyInBrowser).toBe(true);
  expect(localStorage.getItem(API_KEY_OPT_IN_STORAGE_KEY)).toBe('1');
  expect(API_KEY_OPT_IN_STORAGE_KEY).toBe('realtime-console.apiKeyVisibleToBrowser');
  // A fresh page reads both back.
  expect(renderHook(() => useStoredApiKey()).result.current.allowKeyInBrowser).toBe(true);
  act(() => result.current.setAllowKeyInBrowser(false));
  expect(localStorage.getItem(API_KEY_OPT_IN_STORAGE_KEY)).toBeNull();
  act(() => result.current.setAllowKeyInBrowser(true));
  // A new key asks again.
  act(() => result.current.saveApiKey('sk-other-1234567890'));
  expect(result.current.allowKeyInBrowser).toBe(false);
  expect(localStorage.getItem(API_KEY_OPT_IN_STORAGE_KEY)).toBeNull();
  act(() => result.current.saveApiKey('sk-other-1234567890', true));
  act(() => result.current.removeApiKey());
  expect(result.current.allowKeyInBrowser).toBe(false);
  expect(localStorage.getItem(API_KEY_OPT_IN_STORAGE_KEY)).toBeNull();
  expect(localStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  expect(localStorage.getItem('other-app.setting')).toBe('keep me');
  // An opt-in left without its key counts for nothing.
  localStorage.setItem(API_KEY_OPT_IN_STORAGE_KEY, '1');
  expect(renderHook(() => useStoredApiKey()).result.current.allowKeyInBrowser).toBe(false);
});

test('the key panel asks for the opt-in for a standard key only, as a labelled, described checkbox', () => {
  const onSave = jest.fn();
  const onAllowKeyInBrowserChange = jest.fn();
  const props = { allowKeyInBrowser: false, onSave, onRemove: jest.fn(), onAllowKeyInBrowserChange };
  const { rerender } = render(<ApiKeyPanel apiKey={null} {...props} />);
  const input = screen.getByLabelText('OpenAI API key');
  expect(screen.queryByLabelText(KEY_OPT_IN_LABEL)).toBeNull();
  fireEvent.change(input, { target: { value: 'ek_ephemeral-123' } });
  expect(screen.queryByLabelText(KEY_OPT_IN_LABEL)).toBeNull();
  fireEvent.change(input, { target: { value: 'sk-standard-123' } });
  const box = screen.getByRole('checkbox', { name: KEY_OPT_IN_LABEL });
  expect(box).not.toBeChecked();
  expect(box).toHaveAccessibleDescription(/anything running in this browser can read it.*ek_….*npm run relay/);
  fireEvent.click(box);
  fireEvent.click(screen.getByRole('button', { name: 'Save key' }));
  expect(onSave).toHaveBeenLastCalledWith('sk-standard-123', true);
  // Saved unticked, or an ephemeral key, carries no opt-in.
  fireEvent.change(screen.getByLabelText('OpenAI API key'), { target: { value: 'sk-standard-456' } });
  expect(screen.getByRole('checkbox', { name: KEY_OPT_IN_LABEL })).not.toBeChecked();
  fireEvent.click(screen.getByRole('button', { name: 'Save key' }));
  expect(onSave).toHaveBeenLastCalledWith('sk-standard-456', false);

  // Stored: the box reflects and changes the stored opt-in; disabled while connected.
  rerender(<ApiKeyPanel apiKey="sk-standard-456" {...props} />);
  fireEvent.click(screen.getByRole('checkbox', { name: KEY_OPT_IN_LABEL }));
  expect(onAllowKeyInBrowserChange).toHaveBeenLastCalledWith(true);
  rerender(<ApiKeyPanel apiKey="sk-standard-456" {...props} allowKeyInBrowser />);
  expect(screen.getByRole('checkbox', { name: KEY_OPT_IN_LABEL })).toBeChecked();
  rerender(<ApiKeyPanel apiKey="sk-standard-456" {...props} allowKeyInBrowser disabled />);
  expect(screen.getByRole('checkbox', { name: KEY_OPT_IN_LABEL })).toBeDisabled();
  rerender(<ApiKeyPanel apiKey="ek_ephemeral-123" {...props} />);
  expect(screen.queryByRole('checkbox')).toBeNull();
  // Changing the key starts with the box unticked.
  rerender(<ApiKeyPanel apiKey="sk-standard-456" {...props} allowKeyInBrowser />);
  fireEvent.click(screen.getByRole('button', { name: 'Change' }));
  fireEvent.change(screen.getByLabelText('OpenAI API key'), { target: { value: 'sk-new-789' } });
  expect(screen.getByRole('checkbox', { name: KEY_OPT_IN_LABEL })).not.toBeChecked();
});

test('first run explains the three ways in', () => {
  render(<WaysIn />);
  const text = screen.getByTestId('ways-in').textContent ?? '';
  expect(text).toMatch(/Paste an OpenAI API key/);
  expect(text).toMatch(/npm run relay/);
  expect(text).toMatch(/npm run demo/);
});

test('the connection bar shows status, the simulator badge and the reason of a close', () => {
  const onConnect = jest.fn();
  const onDisconnect = jest.fn();
  const props = { closeReason: null, canConnect: true, isSimulator: false, onConnect, onDisconnect };
  const { rerender } = render(<ConnectionBar status="disconnected" {...props} />);
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Disconnected');
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  expect(onConnect).toHaveBeenCalled();

  rerender(<ConnectionBar status="connected" {...props} isSimulator />);
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected');
  expect(screen.getByTestId('simulator-badge')).toHaveTextContent('Simulator');
  fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
  expect(onDisconnect).toHaveBeenCalled();

  rerender(<ConnectionBar status="connected" {...props} />);
  expect(screen.queryByTestId('simulator-badge')).toBeNull();

  rerender(<ConnectionBar status="disconnected" {...props} closeReason="Connection closed (code 4001)" canConnect={false} />);
  expect(screen.getByRole('alert')).toHaveTextContent('Connection closed (code 4001)');
  expect(screen.getByRole('button', { name: 'Connect' })).toBeDisabled();
});

test('a server error notice sits beside the status, amber and dismissible, and is not an alert', () => {
  const onDismissServerError = jest.fn();
  const props = { closeReason: null, canConnect: true, isSimulator: false, onConnect: jest.fn(), onDisconnect: jest.fn(), onDismissServerError };
  const { rerender } = render(<ConnectionBar status="connected" {...props} serverError={{ text: 'Server error invalid_value: bad (event evt_1)', count: 1 }} />);
  expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected');
  expect(screen.getByTestId('server-error-notice')).toHaveClass('connection-bar__notice');
  expect(screen.getByTestId('server-error-notice')).toHaveAttribute('role', 'status');
  expect(screen.queryByRole('alert')).toBeNull();
  expect(screen.queryByTestId('server-error-count')).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
  expect(onDismissServerError).toHaveBeenCalledTimes(1);
  rerender(<ConnectionBar status="connected" {...props} serverError={{ text: 'Server error x: y', count: 3 }} />);
  expect(screen.getByTestId('server-error-count')).toHaveTextContent('3 errors');
  rerender(<ConnectionBar status="connected" {...props} serverError={null} />);
  expect(screen.queryByTestId('server-error-notice')).toBeNull();
});

test('server errors read as code, message, param and event; the newest replaces the older with a count', () => {
  expect(describeServerError({ type: 'invalid_request_error', code: 'invalid_value', message: 'Bad voice', param: 'session.audio.output.voice', event_id: 'evt_123' })).toBe(
    'Server error invalid_value: Bad voice (param session.audio.output.voice, event evt_123)',
  );
  expect(describeServerError({ type: 'server_error', code: null, message: 'Something broke', param: null, event_id: null })).toBe('Server error: Something broke');
  expect(describeServerError({ type: 'server_error', message: '  ' })).toBe('Server error: server_error');
  const first = noteServerError(null, { type: 'invalid_request_error', code: 'a', message: 'one' });
  expect(first).toEqual({ text: 'Server error a: one', count: 1 });
  expect(noteServerError(first, { type: 'invalid_request_error', code: 'b', message: 'two' })).toEqual({ text: 'Server error b: two', count: 2 });
});

test('close reasons carry the code and the server message', () => {
  expect(describeClose({ code: 4000, reason: 'beta_api_shape_disabled', error: 'The beta API shape is disabled' })).toBe(
    'Connection closed (code 4000: rejected by the server) — beta_api_shape_disabled — The beta API shape is disabled',
  );
  expect(describeClose({ code: 1008, reason: '', error: 'invalid_api_key: Incorrect API key provided' })).toBe(
    'Connection closed (code 1008: policy violation) — invalid_api_key: Incorrect API key provided',
  );
  expect(describeClose({ code: 1006, reason: '' })).toMatch(/no close frame.*server or relay running/);
  expect(describeClose({ code: 4321, reason: 'x', error: 'x' })).toBe('Connection closed (code 4321: closed) — x');
  expect(describeClose({ code: 1014, reason: 'relay: upstream connection lost' })).toBe(
    'Connection closed (code 1014: bad gateway: the upstream failed) — relay: upstream connection lost',
  );
});

test('a refused Connect names the URL once, with a hint, instead of the browser\'s bare "WebSocket error"', () => {
  expect(describeConnectFailure('could not connect: WebSocket error', { url: 'ws://127.0.0.1:8082/v1/realtime' })).toBe(
    'Could not connect to ws://127.0.0.1:8082/v1/realtime — is the server or relay running there, and is the URL right?',
  );
  // A relay refuses an origin it does not know with a 403 the browser hides: name the setting.
  expect(describeConnectFailure('could not connect: WebSocket error', { url: 'ws://localhost:8081', relay: true, origin: 'http://localhost:3001' })).toBe(
    "Could not connect to the relay at ws://localhost:8081 — is it running, and does its RELAY_ALLOWED_ORIGINS include this page's origin (http://localhost:3001)? " +
      'The relay refused it or is unreachable; if it has a RELAY_ACCESS_TOKEN, add ?access_token=TOKEN to the relay URL (relayUrl in runtime-config.js, or REACT_APP_LOCAL_RELAY_SERVER_URL).',
  );
  // A relay refusing its token (HTTP 401) looks the same to the browser: the token is named (issue 13, item 8).
  expect(describeConnectFailure('could not connect: WebSocket error', { url: 'ws://localhost:8081/?access_token=…', relay: true })).toMatch(
    /RELAY_ALLOWED_ORIGINS include this page's origin\? The relay refused it or is unreachable; is the access_token in the relay URL its RELAY_ACCESS_TOKEN\?$/,
  );
  expect(describeConnectFailure('could not connect within 15000 ms', { url: 'ws://x' })).toBe('Could not connect within 15000 ms');
  expect(describeConnectFailure('the server closed the connection as soon as it opened (code 1008)', { url: 'ws://x' })).toBe(
    'Could not connect: the server closed the connection as soon as it opened (code 1008)',
  );
});

test('focus on Connect does not carry over to Disconnect (Space held to talk must not disconnect)', () => {
  const props = { closeReason: null, canConnect: true, isSimulator: false, onConnect: jest.fn(), onDisconnect: jest.fn() };
  const { rerender } = render(<ConnectionBar status="disconnected" {...props} />);
  const connectButton = screen.getByRole('button', { name: 'Connect' });
  connectButton.focus();
  expect(connectButton).toHaveFocus();
  rerender(<ConnectionBar status="connected" {...props} />);
  const disconnectButton = screen.getByRole('button', { name: 'Disconnect' });
  expect(disconnectButton).not.toBe(connectButton);
  expect(disconnectButton).not.toHaveFocus();
});

test('once a key is saved, the panel still says where it is stored (issue 13, item 9)', () => {
  render(<ApiKeyPanel apiKey="ek_test_1234567890" allowKeyInBrowser={false} onSave={jest.fn()} onAllowKeyInBrowserChange={jest.fn()} onRemove={jest.fn()} />);
  expect(screen.getByTestId('api-key-where')).toHaveTextContent(`Stored in this browser's localStorage (${API_KEY_STORAGE_KEY}); Remove deletes it.`);
});
