// The tool editor's panel in the page's place: reached from the settings' link, and its MCP
// approvals list, which is always there and keeps the keyboard user's place when a request goes.
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ItemState } from '../../lib/realtime';
import { SessionSettingsPanel } from '../session-settings';
import { DEFAULT_SESSION_SETTINGS } from '../session-settings/sessionSettings';
import { ManualCallsAnnouncer } from './ManualCallsPanel';
import { ManualCallStore } from './manualCalls';
import { McpApprovalsPanel } from './McpApprovalsPanel';
import { McpApprovalStore } from './mcpApprovals';
import { ToolEditorPanel } from './ToolEditorPanel';
import { handlerFor } from './toolRegistry';
import { useToolEditor } from './useToolEditor';

const NO_BUILT_INS = {};

function Editor({ focusRequest }: { focusRequest: number }) {
  return <ToolEditorPanel editor={useToolEditor(NO_BUILT_INS)} focusRequest={focusRequest} />;
}

const request = (id: string, answered = false): ItemState =>
  ({ id, mcp: { kind: 'approval_request', serverLabel: 'shop', name: 'refund', arguments: '{"order":"A"}', ...(answered ? { answer: { approve: true, reason: null, itemId: `r_${id}` } } : {}) } }) as unknown as ItemState;

beforeEach(() => localStorage.clear());

test("the settings' link asks the page to show the tool editor instead of following the hash", async () => {
  const user = userEvent.setup({ delay: null });
  const show = jest.fn();
  render(<SessionSettingsPanel requested={DEFAULT_SESSION_SETTINGS} confirmed={null} onApply={jest.fn()} onShowToolEditor={show} />);
  await user.click(screen.getByRole('button', { name: 'Tools' }));
  await user.click(screen.getByRole('link', { name: 'Tools in the session' }));
  expect(show).toHaveBeenCalledTimes(1);
  expect(window.location.hash).toBe('');
});

test('a focus request moves the focus to the editor, each time it changes, and never on the first render', () => {
  const { rerender } = render(<Editor focusRequest={0} />);
  const editor = screen.getByRole('region', { name: 'Tool editor' });
  expect(editor).not.toHaveFocus();
  rerender(<Editor focusRequest={1} />);
  expect(editor).toHaveFocus();
  act(() => screen.getByRole('button', { name: 'Export' }).focus());
  rerender(<Editor focusRequest={2} />);
  expect(editor).toHaveFocus();
});

test('the approvals list says where requests will wait, and a confirmed request hands the focus to the list', async () => {
  const user = userEvent.setup({ delay: null });
  const store = new McpApprovalStore();
  store.attach(() => 'evt_1');
  const { rerender } = render(<McpApprovalsPanel store={store} items={[]} connected />);
  const region = screen.getByRole('region', { name: 'MCP approvals' });
  expect(region).toHaveTextContent('No MCP tool call is waiting for approval.');
  rerender(<McpApprovalsPanel store={store} items={[request('a')]} connected />);
  const ask = within(screen.getByRole('group', { name: 'shop wants to run refund with:' }));
  await user.click(ask.getByRole('button', { name: 'Approve' }));
  expect(ask.getByRole('button', { name: 'Approve' })).toHaveFocus();
  rerender(<McpApprovalsPanel store={store} items={[request('a', true)]} connected />);
  expect(screen.queryByRole('group', { name: 'shop wants to run refund with:' })).toBeNull();
  expect(screen.getByRole('heading', { name: 'MCP approvals' })).toHaveFocus();
});

test('each tool row says how its calls are answered; a removal says where it went and can be undone', async () => {
  const user = userEvent.setup({ delay: null });
  render(<Editor focusRequest={0} />);
  const row = () => screen.queryAllByTestId('tool-row').find((entry) => entry.dataset.name === 'get_weather') ?? null;
  expect(row()).toHaveTextContent('answered built-in');
  await user.click(screen.getByRole('button', { name: 'Remove get_weather' }));
  expect(row()).toBeNull();
  expect(screen.getByTestId('tool-editor-notice')).toHaveTextContent('get_weather removed: sent when you connect.');
  await user.click(screen.getByRole('button', { name: 'Undo' }));
  expect(row()).toHaveTextContent('answered built-in');
  expect(screen.getAllByTestId('tool-row').map((r) => r.dataset.name)).toEqual(['get_weather', 'set_memory']);
  expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  expect(screen.getByTestId('tool-editor-notice')).toHaveTextContent('Removal undone: sent when you connect.');
});

test('calls waiting for an answer by hand are said wherever the user is, and the region empties once answered', async () => {
  const store = new ManualCallStore();
  render(<ManualCallsAnnouncer store={store} />);
  const region = screen.getByTestId('manual-calls-announcement');
  expect(region).toBeEmptyDOMElement();
  const outputs: Array<Promise<unknown>> = [];
  // The handler the tool runner calls for a tool answered by hand.
  const handlerOf = (name: string) => (args: Record<string, unknown>) => {
    const answered = handlerFor({ name, description: '', parameters: '{}', answer: 'by-hand', fixedOutput: '{}' }, {}, store)(args) as Promise<unknown>;
    outputs.push(answered.catch((error: Error) => error.message));
  };
  act(() => {
    handlerOf('lookup_order')({ order_number: 'A-1' });
    handlerOf('end_call')({});
  });
  expect(region).toHaveTextContent('2 tool calls wait for your answer under the tool editor (the Tools tab on a phone): lookup_order, end_call.');
  act(() => {
    store.answer(store.calls[0].id, '{"status":"shipped"}');
  });
  await expect(outputs[0]).resolves.toEqual({ status: 'shipped' });
  expect(region).toHaveTextContent('A tool call waits for your answer under the tool editor (the Tools tab on a phone): end_call.');
  act(() => store.dropAll('closed'));
  expect(region).toBeEmptyDOMElement();
  await expect(outputs[1]).resolves.toBe('closed');
});
