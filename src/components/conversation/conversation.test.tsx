import { render, screen, fireEvent, within } from '@testing-library/react';
import { ConversationPanel } from './ConversationPanel';
import { conversationWav } from './audioUrls';
import type { ConversationItemView } from './types';
import { parseWav } from '../../lib/wavtools/wav-packer';

function item(partial: Partial<ConversationItemView> & { id: string }, audio = new Int16Array(0)): ConversationItemView {
  return {
    type: 'message',
    status: 'completed',
    ...partial,
    formatted: { text: '', transcript: '', ...partial.formatted, audioSampleCount: audio.length },
    getAudio: () => audio,
  };
}

async function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await new Response(blob).arrayBuffer());
}

let created: Blob[] = [];
let revoked: string[] = [];
beforeEach(() => {
  created = [];
  revoked = [];
  URL.createObjectURL = jest.fn((blob: Blob) => {
    created.push(blob);
    return `blob:test/${created.length}`;
  });
  URL.revokeObjectURL = jest.fn((url: string) => { revoked.push(url); });
});

const user = item({ id: 'item_user', role: 'user', formatted: { text: '', transcript: 'What is the weather in Paris?', audioSampleCount: 0 } }, new Int16Array([1, 2, 3]));
const call = item({ id: 'item_call', type: 'function_call', formatted: { text: '', transcript: '', audioSampleCount: 0, tool: { name: 'get_weather', call_id: 'call_1', arguments: '{"lat":48.86,"lng":2.35,"location":"Paris"}' } } });
const output = item({ id: 'item_out', type: 'function_call_output', formatted: { text: '', transcript: '', audioSampleCount: 0, output: '{"temperature":{"value":11.4}}' } });
const speaking = item({ id: 'item_ans', role: 'assistant', status: 'in_progress', formatted: { text: '', transcript: 'It is 11.4', audioSampleCount: 0 } }, new Int16Array([4, 5]));

test('shows user and assistant items with transcripts, and function calls with their outputs', () => {
  render(<ConversationPanel items={[user, call, output, speaking]} onDeleteItem={jest.fn()} />);
  const rows = screen.getAllByTestId('conversation-item');
  expect(rows.map((row) => row.dataset.itemType)).toEqual(['message', 'function_call', 'function_call_output', 'message']);
  expect(rows[0]).toHaveTextContent('What is the weather in Paris?');
  expect(rows[1]).toHaveTextContent('get_weather({"lat":48.86,"lng":2.35,"location":"Paris"})');
  expect(rows[2]).toHaveTextContent('{"temperature":{"value":11.4}}');
  expect(rows[3]).toHaveTextContent('It is 11.4');
  expect(rows[3]).toHaveTextContent('in progress');
});

test('an audio player appears once an item is finished, with a WAV of its samples', async () => {
  const { rerender } = render(<ConversationPanel items={[speaking]} onDeleteItem={jest.fn()} />);
  expect(screen.queryByTestId('item-audio')).toBeNull();
  const done = { ...speaking, status: 'completed' as const };
  rerender(<ConversationPanel items={[done]} onDeleteItem={jest.fn()} version={2} />);
  expect(screen.getByTestId('item-audio')).toHaveAttribute('src', 'blob:test/1');
  const wav = parseWav(await blobBytes(created[0]));
  expect(Array.from(wav.samples)).toEqual([4, 5]);
  expect(wav.sampleRate).toBe(24000);
  // Re-rendering does not make a new blob; removing the item revokes its URL.
  rerender(<ConversationPanel items={[done]} onDeleteItem={jest.fn()} version={3} />);
  expect(created).toHaveLength(1);
  rerender(<ConversationPanel items={[]} onDeleteItem={jest.fn()} version={4} />);
  expect(revoked).toEqual(['blob:test/1']);
});

test('delete asks for the item by id', () => {
  const onDelete = jest.fn();
  render(<ConversationPanel items={[user, call]} onDeleteItem={onDelete} />);
  fireEvent.click(within(screen.getAllByTestId('conversation-item')[1]).getByRole('button', { name: 'Delete item item_call' }));
  expect(onDelete).toHaveBeenCalledWith('item_call');
});

test('the whole conversation downloads as one WAV, items in order', async () => {
  const answer = { ...speaking, status: 'completed' as const };
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  render(<ConversationPanel items={[user, call, answer]} onDeleteItem={jest.fn()} />);
  fireEvent.click(screen.getByRole('button', { name: 'Download audio (WAV)' }));
  expect(click).toHaveBeenCalledTimes(1);
  const anchor = click.mock.instances[0] as unknown as HTMLAnchorElement;
  expect(anchor.download).toMatch(/^conversation-.*\.wav$/);
  const wav = parseWav(await blobBytes(created[created.length - 1]));
  expect(Array.from(wav.samples)).toEqual([1, 2, 3, 4, 5]);
  click.mockRestore();
  expect(conversationWav([call])).toBeNull();
});

test('download is disabled when there is no audio', () => {
  render(<ConversationPanel items={[call]} onDeleteItem={jest.fn()} />);
  expect(screen.getByRole('button', { name: 'Download audio (WAV)' })).toBeDisabled();
});

test('a truncated item says where it was cut and keeps what had been said', () => {
  const cut = item({ id: 'item_cut', role: 'assistant', status: 'incomplete', truncated: { audioEndMs: 2069, transcript: 'In Paris, the weather' } }, new Int16Array([1]));
  render(<ConversationPanel items={[cut]} onDeleteItem={jest.fn()} />);
  expect(screen.getByTestId('item-truncated')).toHaveTextContent('interrupted at 2.07 s In Paris, the weather');
});

test('after a disconnect an unfinished item says it was cut off, not that it is still speaking', () => {
  const silent = item({ id: 'item_silent', role: 'assistant', status: 'in_progress', formatted: { text: '', transcript: '', audioSampleCount: 0 } }, new Int16Array([7, 8]));
  const { rerender } = render(<ConversationPanel items={[speaking, silent]} onDeleteItem={jest.fn()} connected />);
  const [first, second] = screen.getAllByTestId('conversation-item');
  expect(first).toHaveTextContent('in progress');
  expect(second).toHaveTextContent('(speaking…)');
  rerender(<ConversationPanel items={[speaking, silent]} onDeleteItem={jest.fn()} connected={false} version={2} />);
  const [cutFirst, cutSecond] = screen.getAllByTestId('conversation-item');
  expect(cutFirst).toHaveTextContent('cut off by the disconnect');
  expect(cutFirst).not.toHaveTextContent('in progress');
  expect(cutSecond).toHaveTextContent('(audio, no transcript)');
  expect(cutSecond).not.toHaveTextContent('speaking');
});
