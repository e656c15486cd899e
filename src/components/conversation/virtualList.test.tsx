import { render, screen, within } from '@testing-library/react';
import { ConversationPanel } from './ConversationPanel';
import type { ConversationItemView } from './types';

function item(index: number): ConversationItemView {
  const audio = new Int16Array(index % 2 ? 48 : 0);
  return {
    id: `item_${index}`,
    type: 'message',
    status: 'completed',
    role: index % 2 ? 'assistant' : 'user',
    formatted: { text: '', transcript: `turn ${index}`, audioSampleCount: audio.length },
    getAudio: () => audio,
  };
}

const SIZES = ['clientHeight', 'offsetHeight'] as const;
const saved = SIZES.map((name) => Object.getOwnPropertyDescriptor(HTMLElement.prototype, name));
afterEach(() => {
  SIZES.forEach((name, index) => {
    const descriptor = saved[index];
    if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor);
    else delete (HTMLElement.prototype as Partial<Record<(typeof SIZES)[number], number>>)[name];
  });
});
beforeEach(() => {
  // jsdom lays nothing out: give the scroller a window's height and each card a card's.
  for (const name of SIZES) {
    Object.defineProperty(HTMLElement.prototype, name, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('conversation__scroller') ? 800 : 100;
      },
    });
  }
  let made = 0;
  URL.createObjectURL = jest.fn(() => `blob:test/${++made}`);
  URL.revokeObjectURL = jest.fn();
});

test('a virtualised conversation of 5,000 items puts only a window of them in the page, as one list that knows its length', () => {
  const items = Array.from({ length: 5000 }, (_, index) => item(index));
  render(<ConversationPanel items={items} onDeleteItem={jest.fn()} connected={false} virtualize />);
  const rows = screen.getAllByTestId('conversation-item');
  assert(rows.length > 0 && rows.length < 50, `${rows.length} items rendered`);
  const list = within(screen.getByRole('region', { name: 'Conversation' })).getByRole('list');
  expect(within(list).getAllByRole('listitem')).toHaveLength(rows.length);
  expect(rows[0]).toHaveAttribute('aria-posinset', '1');
  expect(rows[0]).toHaveAttribute('aria-setsize', '5000');
  expect(rows[0]).toHaveTextContent('turn 0');
  // Players are made for the items in the page only, not for all 2,500 with audio.
  expect((URL.createObjectURL as jest.Mock).mock.calls.length).toBeLessThan(50);
  expect(screen.queryByRole('button', { name: /show all/i })).toBeNull();
});

test('a virtualised conversation draws each seam after the item it follows, the items keeping their places', () => {
  const items = Array.from({ length: 6 }, (_, index) => item(index));
  const seams = [
    { afterItemId: 'item_1', carried: 2, leftOut: 1 },
    { afterItemId: 'item_4', carried: 1, leftOut: 0 },
  ];
  render(<ConversationPanel items={items} seams={seams} onDeleteItem={jest.fn()} connected={false} virtualize />);
  const list = within(screen.getByRole('region', { name: 'Conversation' })).getByRole('list');
  const entries = within(list).getAllByRole('listitem');
  expect(entries.map((entry) => entry.getAttribute('data-testid') === 'conversation-seam' ? 'seam' : entry.getAttribute('aria-posinset'))).toEqual(['1', '2', 'seam', '3', '4', '5', 'seam', '6']);
  const lines = screen.getAllByTestId('conversation-seam');
  expect(lines[0]).toHaveTextContent('New session: 2 earlier items carried into it as text; 1 left out');
  expect(lines[1]).toHaveTextContent(/^New session: 1 earlier item carried into it as text$/);
  expect(screen.getAllByTestId('conversation-item')[0]).toHaveAttribute('aria-setsize', '6');
});

test('without virtualize every item is rendered, as live', () => {
  const items = Array.from({ length: 300 }, (_, index) => item(index));
  render(<ConversationPanel items={items} onDeleteItem={jest.fn()} />);
  expect(screen.getAllByTestId('conversation-item')).toHaveLength(300);
});

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
