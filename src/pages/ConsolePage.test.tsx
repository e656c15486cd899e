import { render, screen } from '@testing-library/react';
import { ConsolePage } from './ConsolePage';

test('shows the relay in use when one is configured', () => {
  render(<ConsolePage config={{ relayUrl: 'ws://localhost:8081', realtimeUrl: 'wss://x', defaultModel: 'gpt-realtime' }} />);
  expect(screen.getByTestId('connection-mode')).toHaveTextContent('Relay: ws://localhost:8081');
});

test('shows the direct URL without a relay', () => {
  render(<ConsolePage config={{ relayUrl: null, realtimeUrl: 'wss://api.example/v1/realtime', defaultModel: 'gpt-realtime' }} />);
  expect(screen.getByTestId('connection-mode')).toHaveTextContent('Direct: wss://api.example/v1/realtime');
});
