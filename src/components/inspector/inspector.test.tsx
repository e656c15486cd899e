import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { client, server, session, spokenAnswer, usage } from '../../lib/inspector/test-support/sequences';
import { audibleRecord } from '../../lib/inspector/console-records';
import { PRICE_EDITS_KEY } from '../usage/priceEdits';
import { InspectorPanel } from './InspectorPanel';
import { useInspector } from './useInspector';

function Harness({ onReady }: { onReady(inspector: ReturnType<typeof useInspector>): void }) {
  const inspector = useInspector(null);
  onReady(inspector);
  return <InspectorPanel inspector={inspector} />;
}

function renderPanel() {
  let current: ReturnType<typeof useInspector> | null = null;
  render(<Harness onReady={(inspector) => { current = inspector; }} />);
  const feed = (records: Parameters<NonNullable<typeof current>['store']['appendAll']>[0]) => {
    act(() => {
      current!.store.appendAll(records);
      jest.advanceTimersByTime(50); // the panel re-renders on the next animation frame
    });
  };
  return { feed };
}

beforeEach(() => {
  localStorage.clear();
  jest.useFakeTimers();
});
afterEach(() => jest.useRealTimers());

test('a row per turn with first audio, first text and audible, session percentiles, per-response usage and the session cost', () => {
  const { feed } = renderPanel();
  expect(screen.getByTestId('latency-summary')).toHaveTextContent('First audio: no turns yet');
  feed([
    session(0, 'gpt-realtime-2'),
    client(100, { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [] } }),
    client(110, { type: 'response.create' }),
    ...spokenAnswer('resp_000001', { created: 150, text: 360, audio: 530, done: 900 }, 'completed', usage({ text: 1000, cachedText: 500, audioOut: 100 })),
    audibleRecord({ trackId: 'item_resp_000001', time: 600, renderedAt: 560, baseLatencyMs: 10, outputLatencyMs: 30 }),
    server(1000, { type: 'input_audio_buffer.speech_stopped', item_id: 'u2' }),
    ...spokenAnswer('resp_000002', { created: 1050, text: 1200, audio: 1300, done: 1900 }, 'cancelled', usage({ audio: 100, textOut: 10 })),
    server(1901, { type: 'rate_limits.updated', rate_limits: [{ name: 'tokens', limit: 1000, remaining: 250, reset_seconds: 3 }] }),
  ]);
  const rows = screen.getAllByTestId('latency-row');
  expect(rows).toHaveLength(2);
  expect(within(rows[0]).getByTestId('latency-first-audio')).toHaveTextContent('420 ms');
  expect(within(rows[0]).getByTestId('latency-first-text')).toHaveTextContent('250 ms');
  expect(within(rows[0]).getByTestId('latency-audible')).toHaveTextContent('490 ms');
  expect(within(rows[1]).getByTestId('latency-audible')).toHaveTextContent('—');
  expect(rows[1]).toHaveAttribute('data-status', 'cancelled');
  expect(screen.getByTestId('latency-summary')).toHaveTextContent('First audio p50 300 ms · p95 420 ms');
  expect(screen.getByTestId('latency-summary')).toHaveTextContent('Audible p50 490 ms · p95 490 ms');
  // (500 × 4 + 500 × 0.40 + 100 × 64) + (100 × 32 + 10 × 24) dollars per million tokens
  expect(screen.getByTestId('usage-session-cost')).toHaveTextContent('$0.0120');
  expect(screen.getAllByTestId('usage-row')).toHaveLength(2);
  expect(screen.getByTestId('usage-total-row')).toHaveTextContent('1000 (500 cached)');
  expect(screen.getByTestId('rate-limits')).toHaveTextContent('tokens: 250 of 1000 left, resets in 3 s');
});

test('an unknown model says so; prices added in the panel price it and stay in localStorage', () => {
  const { feed } = renderPanel();
  feed([session(0, 'gpt-future'), ...spokenAnswer('resp_1', { created: 1, text: 2, audio: 3, done: 4 }, 'completed', usage({ text: 1_000_000 }))]);
  expect(screen.getByTestId('usage-unpriced')).toHaveTextContent('unknown model "gpt-future"');
  fireEvent.click(screen.getByTestId('edit-prices'));
  fireEvent.change(screen.getByTestId('price-text-input'), { target: { value: '2' } });
  fireEvent.click(screen.getByTestId('save-prices'));
  expect(screen.getByRole('alert')).toHaveTextContent('text output: a price of 0 or more is needed');
  for (const [id, value] of [['text-output', '8'], ['audio-input', '16'], ['audio-output', '32']]) {
    fireEvent.change(screen.getByTestId(`price-${id}`), { target: { value } });
  }
  fireEvent.click(screen.getByTestId('save-prices'));
  expect(screen.getByTestId('usage-session-cost')).toHaveTextContent('$2.0000');
  expect(screen.queryByTestId('usage-unpriced')).toBeNull();
  const stored = JSON.parse(localStorage.getItem(PRICE_EDITS_KEY) ?? '[]');
  expect(stored).toMatchObject([{ model: 'gpt-future', text: { input: 2, cached: null, output: 8 }, source: 'edited in this browser' }]);
});
