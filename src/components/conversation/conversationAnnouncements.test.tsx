import { render, screen } from '@testing-library/react';
import { ConversationAnnouncer } from './ConversationAnnouncer';
import { ConversationAnnouncer as Announcer } from './conversationAnnouncements';
import type { ConversationItemView } from './types';

function item(id: string, patch: Partial<ConversationItemView> & { text?: string; transcript?: string } = {}): ConversationItemView {
  const { text = '', transcript = '', ...rest } = patch;
  return {
    id,
    type: 'message',
    role: 'assistant',
    status: 'completed',
    formatted: { text, transcript, audioSampleCount: 0 },
    getAudio: () => new Int16Array(0),
    ...rest,
  };
}

test('the assistant: "speaking" once while it streams, then the finished text; never the deltas', () => {
  const a = new Announcer();
  expect(a.observe([])).toBeNull();
  const user = item('u1', { role: 'user', text: 'Hello there' });
  expect(a.observe([user])).toBe('You: Hello there');
  expect(a.observe([user, item('a1', { status: 'in_progress', transcript: 'Hi' })])).toBe('Assistant is speaking…');
  expect(a.observe([user, item('a1', { status: 'in_progress', transcript: 'Hi, how' })])).toBeNull();
  expect(a.observe([user, item('a1', { transcript: 'Hi, how can I\n help?' })])).toBe('Assistant: Hi, how can I help?');
  expect(a.observe([user, item('a1', { transcript: 'Hi, how can I help?' })])).toBeNull();
});

test('a spoken turn is said when its transcript arrives; a cut answer says so; a tool call is named', () => {
  const a = new Announcer();
  a.observe([]);
  expect(a.observe([item('u1', { role: 'user' })])).toBeNull();
  expect(a.observe([item('u1', { role: 'user', transcript: 'What is the weather?' })])).toBe('You: What is the weather?');
  const call = item('f1', { type: 'function_call', role: undefined, formatted: { text: '', transcript: '', audioSampleCount: 0, tool: { name: 'get_weather', call_id: 'c', arguments: '{}' } } });
  expect(a.observe([call])).toBe('Calling get_weather.');
  expect(a.observe([item('a2', { status: 'incomplete', transcript: 'It is' })])).toBe('Assistant (cut short): It is');
});

test('items already there when it starts are not announced', () => {
  const a = new Announcer();
  expect(a.observe([item('a1', { transcript: 'Old answer' })])).toBeNull();
  expect(a.observe([item('a1', { transcript: 'Old answer' }), item('a2', { transcript: 'New' })])).toBe('Assistant: New');
});

test('the region is polite and keeps the last announcement', () => {
  const { rerender } = render(<ConversationAnnouncer items={[]} version={0} />);
  const region = screen.getByTestId('conversation-announcement');
  expect(region).toHaveAttribute('aria-live', 'polite');
  rerender(<ConversationAnnouncer items={[item('a1', { transcript: 'Bonjour' })]} version={1} />);
  expect(region).toHaveTextContent('Assistant: Bonjour');
  rerender(<ConversationAnnouncer items={[item('a1', { transcript: 'Bonjour' })]} version={2} />);
  expect(region).toHaveTextContent('Assistant: Bonjour');
});
