// The event log marks a value the server would refuse (out of range, not an integer, two
// modalities) before the server does, with the reason (issue 12, item 11).
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { EventLog } from './EventLog';
import { EventLogStore, type LoggableEvent } from './eventLogStore';

let clock = Date.UTC(2026, 0, 1, 12, 0, 0);
const client = (event: Record<string, unknown>): LoggableEvent => ({ time: ++clock, source: 'client', event });
const rows = () => screen.queryAllByTestId('event-log-row');

test('out-of-range and non-integer values are marked with the bound they break', async () => {
  const store = new EventLogStore(); // the real, lazily loaded validator
  render(<EventLog store={store} />);
  act(() => {
    store.append(client({ type: 'session.update', session: { type: 'realtime', audio: { output: { speed: 1.2 } } } }));
    store.append(client({ type: 'session.update', session: { type: 'realtime', audio: { output: { speed: 3 } } } }));
    store.append(client({ type: 'conversation.item.truncate', item_id: 'item_1', content_index: 0, audio_end_ms: 10.5 }));
    store.append(client({ type: 'response.create', response: { output_modalities: ['audio', 'text'] } }));
  });
  await waitFor(() => expect(screen.getByTestId('event-log-schema')).toHaveTextContent('3 problems'));
  const [ok, speed, truncate, modalities] = rows();
  expect(ok).not.toHaveClass('event-log__row--problem');
  for (const row of [speed, truncate, modalities]) expect(row).toHaveClass('event-log__row--problem');

  const errorsOf = (row: HTMLElement) => {
    fireEvent.click(row);
    return within(screen.getByRole('list', { name: 'Schema errors' })).getAllByRole('listitem').map((item) => item.textContent);
  };
  expect(errorsOf(speed)).toContain('/session/audio/output/speed: must be <= 1.5');
  expect(errorsOf(truncate)).toEqual(['/audio_end_ms: must be integer']);
  expect(errorsOf(modalities)).toEqual(['/response/output_modalities: must NOT have more than 1 items']);
});
