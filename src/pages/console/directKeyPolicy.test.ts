import { directKeyRefusal } from './directKeyPolicy';

test('direct mode refuses a standard key without the opt-in, and ws:// off loopback, with a readable reason', () => {
  const url = 'wss://api.openai.com/v1/realtime';
  expect(directKeyRefusal({ url })).toBeNull();
  expect(directKeyRefusal({ url, apiKey: 'ek_abc' })).toBeNull();
  expect(directKeyRefusal({ url, apiKey: 'sk-abc', allowKeyInBrowser: true })).toBeNull();
  expect(directKeyRefusal({ url, apiKey: 'sk-abc' })).toBe(
    'Refusing to send a standard API key from this page: it would be visible to this browser. ' +
      'Tick “I understand this key is visible to this browser” beside the key to use it anyway, or use an ephemeral key (ek_…) or the relay.',
  );
  for (const apiKey of ['ek_abc', 'sk-abc']) {
    expect(directKeyRefusal({ url: 'ws://realtime.example:8082/v1/realtime', apiKey, allowKeyInBrowser: true })).toBe(
      'Refusing to send an API key over unencrypted ws:// to realtime.example:8082: use wss://, or ws:// only to this machine (localhost, 127.0.0.0/8, [::1]).',
    );
  }
  expect(directKeyRefusal({ url: 'ws://127.0.0.1:8082/v1/realtime', apiKey: 'ek_abc' })).toBeNull();
  expect(directKeyRefusal({ url: 'ws://[::1]:8082', apiKey: 'sk-abc', allowKeyInBrowser: true })).toBeNull();
  expect(directKeyRefusal({ url: 'ws://localhost:8082', apiKey: 'sk-abc' })).toMatch(/^Refusing to send a standard API key/);
  // A relay URL carries no key: any scheme, no opt-in.
  expect(directKeyRefusal({ url: 'ws://relay.example:8081' })).toBeNull();
  expect(directKeyRefusal({ url: 'not a url?key=secret', apiKey: 'ek_abc' })).toMatch(/^Refusing to send the API key: the Realtime URL is not a valid URL/);
});
