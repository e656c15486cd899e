import { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { nextTabIndex, panelId, PanelTabs, tabId } from './PanelTabs';

type Id = 'a' | 'b' | 'c';
const TABS = [
  { id: 'a', label: 'Alpha' },
  { id: 'b', label: 'Beta' },
  { id: 'c', label: 'Gamma' },
] as const;

function Harness({ onSelect }: { onSelect?(id: Id): void }) {
  const [selected, setSelected] = useState<Id>('a');
  return (
    <PanelTabs
      label="Panels"
      tabs={TABS}
      selected={selected}
      idPrefix="t"
      onSelect={(id) => {
        setSelected(id);
        onSelect?.(id);
      }}
    />
  );
}

test('a tablist with one selected tab in the Tab order, each controlling its panel', () => {
  render(<Harness />);
  expect(screen.getByRole('tablist', { name: 'Panels' })).toBeInTheDocument();
  const tabs = screen.getAllByRole('tab');
  expect(tabs.map((t) => t.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false']);
  expect(tabs.map((t) => t.tabIndex)).toEqual([0, -1, -1]);
  expect(tabs[1]).toHaveAttribute('id', tabId('t', 'b'));
  expect(tabs[1]).toHaveAttribute('aria-controls', panelId('t', 'b'));
});

test('a click selects a tab', () => {
  const onSelect = jest.fn();
  render(<Harness onSelect={onSelect} />);
  fireEvent.click(screen.getByRole('tab', { name: 'Gamma' }));
  expect(onSelect).toHaveBeenCalledWith('c');
  expect(screen.getByRole('tab', { name: 'Gamma' })).toHaveAttribute('aria-selected', 'true');
  expect(screen.getByRole('tab', { name: 'Alpha' })).toHaveAttribute('tabindex', '-1');
});

test('arrows wrap around, Home and End jump; focus follows the selection', () => {
  render(<Harness />);
  const alpha = screen.getByRole('tab', { name: 'Alpha' });
  alpha.focus();
  fireEvent.keyDown(alpha, { key: 'ArrowLeft' });
  const gamma = screen.getByRole('tab', { name: 'Gamma' });
  expect(gamma).toHaveFocus();
  expect(gamma).toHaveAttribute('aria-selected', 'true');
  fireEvent.keyDown(gamma, { key: 'ArrowRight' });
  expect(alpha).toHaveFocus();
  fireEvent.keyDown(alpha, { key: 'End' });
  expect(gamma).toHaveFocus();
  fireEvent.keyDown(gamma, { key: 'Home' });
  expect(alpha).toHaveFocus();
  expect(alpha).toHaveAttribute('aria-selected', 'true');
});

test('other keys are left alone (Space and Enter activate the focused tab as a button)', () => {
  const onSelect = jest.fn();
  render(<Harness onSelect={onSelect} />);
  fireEvent.keyDown(screen.getByRole('tab', { name: 'Alpha' }), { key: 'x' });
  expect(onSelect).not.toHaveBeenCalled();
  expect(nextTabIndex('Enter', 0, 3)).toBeNull();
  expect(nextTabIndex('ArrowRight', 2, 3)).toBe(0);
  expect(nextTabIndex('ArrowLeft', 0, 3)).toBe(2);
});
