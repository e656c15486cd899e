// Which of the console's panels show in each layout. Desktop shows all four side by side; a
// tablet keeps the conversation beside one tabbed side panel; a phone shows one panel at a time.
// The inspector (latency, usage) sits in the side column on a desktop.
// Hidden panels stay mounted (the event log keeps its scroll, a half-typed setting its value).
import { panelId, tabId, type PanelTab } from '../../components/layout/PanelTabs';
import type { ViewportLayout } from '../../hooks/useViewportLayout';

export type ConsolePanel = 'conversation' | 'events' | 'inspect' | 'tools' | 'settings';

export const PHONE_TABS: readonly PanelTab<ConsolePanel>[] = [
  { id: 'conversation', label: 'Conversation' },
  { id: 'events', label: 'Events' },
  { id: 'inspect', label: 'Latency & cost' },
  { id: 'tools', label: 'Tools' },
  { id: 'settings', label: 'Settings' },
];

/** A tablet shows the conversation beside these. */
export const SIDE_TABS: readonly PanelTab<ConsolePanel>[] = PHONE_TABS.filter((tab) => tab.id !== 'conversation');

export interface PanelLayout {
  /** The tabs to show, none on a desktop. */
  tabs: readonly PanelTab<ConsolePanel>[];
  /** The selected tab among `tabs`. */
  selectedTab: ConsolePanel;
  /** Whether a panel is a tab's panel in this layout (the conversation is not, on a tablet). */
  isTabPanel(panel: ConsolePanel): boolean;
  isVisible(panel: ConsolePanel): boolean;
}

/** One choice serves both tabbed layouts: "conversation" chosen on a phone shows the events beside it on a tablet. */
export function panelLayout(layout: ViewportLayout, chosen: ConsolePanel): PanelLayout {
  if (layout === 'desktop') {
    return { tabs: [], selectedTab: chosen, isTabPanel: () => false, isVisible: () => true };
  }
  if (layout === 'tablet') {
    const side = chosen === 'conversation' ? 'events' : chosen;
    return {
      tabs: SIDE_TABS,
      selectedTab: side,
      isTabPanel: (panel) => panel !== 'conversation',
      isVisible: (panel) => panel === 'conversation' || panel === side,
    };
  }
  return { tabs: PHONE_TABS, selectedTab: chosen, isTabPanel: () => true, isVisible: (panel) => panel === chosen };
}

/** The id of the console's panel tabs and their panels (`panelId(PANELS_ID, 'events')`). */
export const PANELS_ID = 'console';

export interface PanelAreaProps {
  id?: string;
  role?: 'tabpanel';
  'aria-labelledby'?: string;
  hidden: boolean;
}

/** What a panel's container carries: tabpanel semantics where a tab controls it, and whether it is hidden. */
export function panelAreaProps(layout: PanelLayout, panel: ConsolePanel): PanelAreaProps {
  const hidden = !layout.isVisible(panel);
  if (!layout.isTabPanel(panel)) return { hidden };
  return { id: panelId(PANELS_ID, panel), role: 'tabpanel', 'aria-labelledby': tabId(PANELS_ID, panel), hidden };
}
