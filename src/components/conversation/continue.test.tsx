// Reconnect with history in the conversation panel: the seam after the carried items, and the
// offer to continue in a new session (when the session ended, and in its last 5 minutes).
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { ConversationPanel } from './ConversationPanel';
import { ContinueStrip } from './ContinueStrip';
import type { ConversationItemView } from './types';

function item(id: string, role: string, text: string): ConversationItemView {
  return { id, type: 'message', role, status: 'completed', formatted: { text, transcript: '', audioSampleCount: 0 }, getAudio: () => new Int16Array(0) };
}

const items = [item('item_1', 'user', 'Remember blue'), item('item_2', 'assistant', 'Noted.'), item('item_3', 'user', 'What colour?')];

test('the seam sits after the last carried item and says how many came and how many were left out', () => {
  render(<ConversationPanel items={items} onDeleteItem={jest.fn()} seam={{ afterItemId: 'item_2', carried: 2, leftOut: 1 }} />);
  const list = screen.getByRole('list');
  const children = within(list).getAllByRole('listitem').map((child) => child.getAttribute('data-testid'));
  expect(children).toEqual(['conversation-item', 'conversation-item', 'conversation-seam', 'conversation-item']);
  expect(within(list).getByTestId('conversation-seam')).toHaveTextContent('New session: 2 earlier items carried into it as text; 1 left out');
});

test('nothing carried: the seam is at the top; no seam without a carry', () => {
  const { rerender } = render(<ConversationPanel items={items} onDeleteItem={jest.fn()} seam={{ afterItemId: null, carried: 0, leftOut: 3 }} />);
  expect(within(screen.getByRole('list')).getAllByRole('listitem')[0]).toHaveAttribute('data-testid', 'conversation-seam');
  rerender(<ConversationPanel items={items} onDeleteItem={jest.fn()} />);
  expect(screen.queryByTestId('conversation-seam')).toBeNull();
});

describe('the offer to continue', () => {
  beforeEach(() => jest.useFakeTimers().setSystemTime(new Date('2026-12-01T05:00:00Z')));
  afterEach(() => jest.useRealTimers());
  const nowSeconds = () => Date.now() / 1000;

  test('while connected it appears in the last 5 minutes, with the time left, and continues on click', () => {
    const onContinue = jest.fn();
    const expiresAt = nowSeconds() + 5 * 60 + 2;
    render(<ContinueStrip connected canContinue={false} expiresAt={() => expiresAt} onContinue={onContinue} />);
    expect(screen.queryByTestId('continue-strip')).toBeNull();
    act(() => {
      jest.advanceTimersByTime(3000);
    });
    expect(screen.getByTestId('continue-strip')).toHaveTextContent('This session ends in 4:59.');
    fireEvent.click(screen.getByRole('button', { name: 'Continue with history' }));
    expect(onContinue).toHaveBeenCalledTimes(1);
  });

  test('once disconnected it appears only when there is a conversation to carry', () => {
    const { rerender } = render(<ContinueStrip connected={false} canContinue={false} expiresAt={() => undefined} onContinue={jest.fn()} />);
    expect(screen.queryByTestId('continue-strip')).toBeNull();
    rerender(<ContinueStrip connected={false} canContinue expiresAt={() => undefined} onContinue={jest.fn()} />);
    expect(screen.getByTestId('continue-strip')).toHaveTextContent('The session has ended.');
    expect(screen.queryByRole('button', { name: /connect/i })).toBeNull();
  });
});
