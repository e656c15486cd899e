import { act, fireEvent, render, screen } from '@testing-library/react';
import { EventLogStore } from '../event-log';
import { SessionFileBar } from './SessionFileBar';
import { useInspector } from './useInspector';

function Bar() {
  const inspector = useInspector(null);
  return <SessionFileBar eventLog={new EventLogStore()} apiKey={null} inspector={inspector} />;
}

const line = (time: number, source: string, event: unknown) => JSON.stringify({ time: new Date(time).toISOString(), source, event });

function jsonlFile(name: string, jsonl: string): File {
  const file = new File([jsonl], name, { type: 'application/x-ndjson' });
  Object.defineProperty(file, 'arrayBuffer', { value: async () => Uint8Array.from(Buffer.from(jsonl, 'utf8')).buffer });
  return file;
}

test('opening a file says so (a status with its progress) until the recording shows', async () => {
  render(<Bar />);
  const jsonl = [
    line(1000, 'server', { type: 'session.created', session: { type: 'realtime', id: 'sess_1', model: 'gpt-realtime-2.1' } }),
    line(1100, 'server', { type: 'conversation.item.added', item: { id: 'item_1', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'hello' }] } }),
  ].join('\n');
  fireEvent.change(screen.getByTestId('open-session-input'), { target: { files: [jsonlFile('small.jsonl', jsonl)] } });
  expect(await screen.findByRole('status')).toHaveTextContent(/^Opening small\.jsonl \(0\.0 MB\)…/);
  expect(screen.queryByTestId('recording-view')).toBeNull();
  expect(await screen.findByTestId('recording-banner')).toHaveTextContent('Recording — not connected');
  expect(screen.queryByTestId('opening-session')).toBeNull();
  expect(screen.getByTestId('recording-view')).toHaveTextContent('small.jsonl: 2 events');
  // Its audio comes last (none in this one).
  expect(await screen.findByText(/No audio in this recording/)).toBeInTheDocument();
});

test('a file with no events says why, as a sentence naming the file', async () => {
  render(<Bar />);
  fireEvent.change(screen.getByTestId('open-session-input'), { target: { files: [jsonlFile('notes.jsonl', 'hello\nworld\n')] } });
  expect(await screen.findByRole('alert')).toHaveTextContent(/^notes\.jsonl: no events could be read \(line 1: not JSON; line 2: not JSON\)$/);
  expect(screen.queryByTestId('opening-session')).toBeNull();
  expect(screen.queryByTestId('recording-view')).toBeNull();
});

test('opening another file while one is read stops the first: only the second is shown', async () => {
  render(<Bar />);
  const session = line(1000, 'server', { type: 'session.created', session: { type: 'realtime', id: 'sess_1', model: 'gpt-realtime-2.1' } });
  const input = screen.getByTestId('open-session-input');
  // The first file's bytes arrive only after the second is shown.
  let release: () => void = () => undefined;
  const first = new File([session], 'first.jsonl', { type: 'application/x-ndjson' });
  Object.defineProperty(first, 'arrayBuffer', { value: () => new Promise<ArrayBuffer>((resolve) => (release = () => resolve(Uint8Array.from(Buffer.from(session, 'utf8')).buffer))) });
  fireEvent.change(input, { target: { files: [first] } });
  fireEvent.change(input, { target: { files: [jsonlFile('second.jsonl', [session, session].join('\n'))] } });
  expect(await screen.findByText(/No audio in this recording/)).toBeInTheDocument();
  expect(screen.getByTestId('recording-view')).toHaveTextContent('second.jsonl: 2 events');
  // The first one's reading was stopped: given its bytes now, and as many turns as its messages
  // would take (one per task), it still never replaces the second.
  await act(async () => {
    release();
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
  expect(screen.getAllByTestId('recording-view')).toHaveLength(1);
  expect(screen.getByTestId('recording-view')).toHaveTextContent('second.jsonl: 2 events');
});
