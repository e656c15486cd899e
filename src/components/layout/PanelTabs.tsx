import { KeyboardEvent, useRef } from 'react';

export interface PanelTab<Id extends string> {
  id: Id;
  label: string;
}

export interface PanelTabsProps<Id extends string> {
  /** What the tabs choose between, for screen readers (e.g. "Console panels"). */
  label: string;
  tabs: readonly PanelTab<Id>[];
  selected: Id;
  onSelect(id: Id): void;
  /** Prefix of the tabs' and panels' ids: `panelId(prefix, id)` names the panel a tab controls. */
  idPrefix: string;
  className?: string;
}

export const tabId = (prefix: string, id: string): string => `${prefix}-tab-${id}`;
export const panelId = (prefix: string, id: string): string => `${prefix}-panel-${id}`;

/** Where an arrow, Home or End key moves focus in a row of `count` tabs; null for other keys. */
export function nextTabIndex(key: string, current: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight': return (current + 1) % count;
    case 'ArrowLeft': return (current - 1 + count) % count;
    case 'Home': return 0;
    case 'End': return count - 1;
    default: return null;
  }
}

/**
 * A WAI-ARIA tablist (automatic activation): one tab in the Tab order, arrows / Home / End move
 * between tabs and select the one reached. The panels are the caller's: give each
 * `id={panelId(prefix, id)}`, `role="tabpanel"` and `aria-labelledby={tabId(prefix, id)}`.
 */
export function PanelTabs<Id extends string>({ label, tabs, selected, onSelect, idPrefix, className }: PanelTabsProps<Id>) {
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const next = nextTabIndex(event.key, index, tabs.length);
    if (next === null) return;
    event.preventDefault();
    onSelect(tabs[next].id);
    buttons.current[next]?.focus();
  };
  return (
    <div className={`panel-tabs${className ? ` ${className}` : ''}`} role="tablist" aria-label={label}>
      {tabs.map((tab, index) => {
        const isSelected = tab.id === selected;
        return (
          <button
            key={tab.id}
            ref={(element) => { buttons.current[index] = element; }}
            type="button"
            role="tab"
            id={tabId(idPrefix, tab.id)}
            aria-selected={isSelected}
            aria-controls={panelId(idPrefix, tab.id)}
            tabIndex={isSelected ? 0 : -1}
            className={`panel-tabs__tab${isSelected ? ' panel-tabs__tab--selected' : ''}`}
            data-testid={`panel-tab-${tab.id}`}
            onClick={() => onSelect(tab.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
