import { panelAreaProps, panelLayout, PHONE_TABS, SIDE_TABS } from './consolePanels';

test('desktop: no tabs, every panel shown', () => {
  const layout = panelLayout('desktop', 'settings');
  expect(layout.tabs).toEqual([]);
  expect(['conversation', 'events', 'tools', 'settings'].every((p) => layout.isVisible(p as 'events'))).toBe(true);
  expect(layout.isTabPanel('events')).toBe(false);
});

test('phone: four tabs, only the chosen panel shown', () => {
  const layout = panelLayout('phone', 'events');
  expect(layout.tabs).toBe(PHONE_TABS);
  expect(layout.selectedTab).toBe('events');
  expect(layout.isVisible('events')).toBe(true);
  expect(layout.isVisible('conversation')).toBe(false);
  expect(layout.isTabPanel('conversation')).toBe(true);
});

test('tablet: the conversation always, beside the chosen side panel (events when the conversation was chosen)', () => {
  const fromPhone = panelLayout('tablet', 'conversation');
  expect(fromPhone.tabs).toBe(SIDE_TABS);
  expect(fromPhone.selectedTab).toBe('events');
  expect(fromPhone.isVisible('conversation')).toBe(true);
  expect(fromPhone.isVisible('events')).toBe(true);
  expect(fromPhone.isVisible('settings')).toBe(false);
  expect(fromPhone.isTabPanel('conversation')).toBe(false);
  const settings = panelLayout('tablet', 'settings');
  expect(settings.isVisible('settings')).toBe(true);
  expect(settings.isVisible('events')).toBe(false);
});

test('a tab panel names its tab; a panel without a tab only says whether it is hidden', () => {
  expect(panelAreaProps(panelLayout('phone', 'events'), 'settings')).toEqual({
    id: 'console-panel-settings', role: 'tabpanel', 'aria-labelledby': 'console-tab-settings', hidden: true,
  });
  expect(panelAreaProps(panelLayout('tablet', 'tools'), 'conversation')).toEqual({ hidden: false });
  expect(panelAreaProps(panelLayout('desktop', 'tools'), 'events')).toEqual({ hidden: false });
});
