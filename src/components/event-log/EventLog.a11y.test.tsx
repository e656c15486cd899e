// The event list for keyboard and screen-reader users: never an empty listbox, Enter opens a
// row, and the open row is the list's active descendant.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EventLog } from './EventLog';
import { EventLogStore, type LoggableEvent } from './eventLogStore';

let clock = Date.UTC(2026, 0, 1, 12, 0, 0);
const server = (event: Record<string, unknown>): LoggableEvent => ({ time: ++clock, source: 'server', event });

function setup(events: LoggableEvent[] = []) {
  const store = new EventLogStore({ loadValidator: null });
  events.forEach((event) => store.append(event));
  render(<EventLog store={store} searchDebounceMs={0} />);
  return store;
}

test('an empty log is a focusable group whose status says why, not a listbox without options', () => {
  setup();
  expect(screen.queryByRole('listbox')).toBeNull();
  const list = screen.getByRole('group', { name: 'Events' });
  expect(list).toHaveAttribute('tabindex', '0');
  expect(screen.getByRole('status')).toHaveTextContent('No events yet.');
});

test('with events it is a listbox; Enter opens the first row in view, arrows move, Escape closes', async () => {
  setup([server({ type: 'session.created', session: {} }), server({ type: 'session.updated', session: {} })]);
  const user = userEvent.setup();
  const list = screen.getByRole('listbox', { name: 'Events' });
  expect(list).not.toHaveAttribute('aria-activedescendant');
  list.focus();
  await user.keyboard('{Enter}');
  const options = within(list).getAllByRole('option');
  expect(options[0]).toHaveAttribute('aria-selected', 'true');
  expect(list).toHaveAttribute('aria-activedescendant', options[0].id);
  expect(screen.getByTestId('event-details')).toHaveTextContent('session.created');
  await user.keyboard('{ArrowDown}');
  expect(list).toHaveAttribute('aria-activedescendant', within(list).getAllByRole('option')[1].id);
  await user.keyboard('{Escape}');
  expect(screen.queryByTestId('event-details')).toBeNull();
  expect(list).not.toHaveAttribute('aria-activedescendant');
});
