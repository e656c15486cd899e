import { fireEvent, render, screen } from '@testing-library/react';
import { EventLogStore } from '../event-log';
import { SessionFileBar } from './SessionFileBar';
import { useInspector } from './useInspector';

function Bar() {
  const inspector = useInspector(null);
  return <SessionFileBar eventLog={new EventLogStore()} apiKey={null} inspector={inspector} />;
}

const line = (time: number, source: string, event: unknown) => JSON.stringify({ time: new Date(time).toISOString(), source, event });

test('opening a file says so (a status) before the page is held by the reading, then shows the recording', async () => {
  render(<Bar />);
  const jsonl = [
    line(1000, 'server', { type: 'session.created', session: { type: 'realtime', id: 'sess_1', model: 'gpt-realtime-2.1' } }),
    line(1100, 'server', { type: 'conversation.item.added', item: { id: 'item_1', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'hello' }] } }),
  ].join('\n');
  const file = new File([jsonl], 'small.jsonl', { type: 'application/x-ndjson' });
  Object.defineProperty(file, 'arrayBuffer', { value: async () => Uint8Array.from(Buffer.from(jsonl, 'utf8')).buffer });
  fireEvent.change(screen.getByTestId('open-session-input'), { target: { files: [file] } });
  expect(await screen.findByRole('status')).toHaveTextContent(/^Opening small\.jsonl \(0\.0 MB\)…$/);
  expect(screen.queryByTestId('recording-view')).toBeNull();
  expect(await screen.findByTestId('recording-banner')).toHaveTextContent('Recording — not connected');
  expect(screen.queryByTestId('opening-session')).toBeNull();
  expect(screen.getByTestId('recording-view')).toHaveTextContent('small.jsonl: 2 events');
});
