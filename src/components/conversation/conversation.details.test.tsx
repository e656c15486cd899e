// Item 18 of issue 12: phases, why a response did not complete, failed transcriptions, MCP items.
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConversationPanel } from './ConversationPanel';
import { responseOutcome, speaker, transcriptionFailure } from './itemLabels';
import type { ConversationItemView } from './types';
import { McpApprovalStore } from '../tool-editor/mcpApprovals';

function item(partial: Partial<ConversationItemView> & { id: string }): ConversationItemView {
  return {
    type: 'message',
    status: 'completed',
    ...partial,
    formatted: { text: '', transcript: '', audioSampleCount: 0, ...partial.formatted },
    getAudio: () => new Int16Array(0),
  };
}

const rows = () => screen.getAllByTestId('conversation-item');

test('a Realtime 2 answer shows its phases: the preamble as commentary, then the final answer', () => {
  const preamble = item({ id: 'a1', role: 'assistant', phase: 'commentary', formatted: { text: '', transcript: 'Let me check the weather.', audioSampleCount: 0 } });
  const answer = item({ id: 'a2', role: 'assistant', phase: 'final_answer', formatted: { text: '', transcript: 'It is 11 °C in Paris.', audioSampleCount: 0 } });
  const plain = item({ id: 'a3', role: 'assistant', formatted: { text: 'Hi', transcript: '', audioSampleCount: 0 } });
  render(<ConversationPanel items={[preamble, answer, plain]} onDeleteItem={jest.fn()} />);
  expect(within(rows()[0]).getByTestId('item-phase')).toHaveTextContent('commentary');
  expect(within(rows()[0]).getByTestId('item-phase')).toHaveAttribute('title', expect.stringContaining('phase: commentary'));
  expect(within(rows()[1]).getByTestId('item-phase')).toHaveTextContent('final answer');
  expect(within(rows()[2]).queryByTestId('item-phase')).toBeNull(); // models without phases: no label
});

test('a failed or incomplete response says why (status_details), a completed one says nothing', () => {
  const cut = item({ id: 'r1', role: 'assistant', status: 'incomplete', responseStatus: { status: 'incomplete', reason: 'max_output_tokens' }, formatted: { text: 'Once upon', transcript: '', audioSampleCount: 0 } });
  const failed = item({
    id: 'r2',
    role: 'assistant',
    status: 'incomplete',
    responseStatus: { status: 'failed', error: { type: 'server_error', code: 'rate_limit_exceeded', message: 'Too many requests.' } },
  });
  const fine = item({ id: 'r3', role: 'assistant', responseStatus: { status: 'completed' }, formatted: { text: 'Done.', transcript: '', audioSampleCount: 0 } });
  render(<ConversationPanel items={[cut, failed, fine]} onDeleteItem={jest.fn()} />);
  expect(within(rows()[0]).getByTestId('response-outcome')).toHaveTextContent('Response incomplete: max_output_tokens');
  expect(within(rows()[1]).getByTestId('response-outcome')).toHaveTextContent('Response failed: rate_limit_exceeded: Too many requests.');
  expect(within(rows()[2]).queryByTestId('response-outcome')).toBeNull();
  expect(responseOutcome(item({ id: 'x', responseStatus: { status: 'cancelled', reason: 'turn_detected' } }))).toBe('Response cancelled: turn_detected');
});

test('a failed transcription shows its error on the user item', () => {
  const spoken = item({
    id: 'u1',
    role: 'user',
    transcription: { error: { type: 'transcription_error', code: 'audio_unintelligible', message: 'Audio was unintelligible' } },
    transcriptionError: 'Audio was unintelligible',
    formatted: { text: '', transcript: '', audioSampleCount: 0 },
  });
  render(<ConversationPanel items={[spoken]} onDeleteItem={jest.fn()} />);
  expect(screen.getByTestId('transcription-failure')).toHaveTextContent('Transcription failed: audio_unintelligible: Audio was unintelligible');
  // A client that only has the message still says so.
  expect(transcriptionFailure(item({ id: 'u2', transcriptionError: 'Model overloaded' }))).toBe('Transcription failed: Model overloaded');
});

test('MCP items render as what they are: tools listed, a call with arguments and output, a failed call', () => {
  const listing = item({
    id: 'mcpl_1',
    type: 'mcp_list_tools',
    mcp: { kind: 'list_tools', serverLabel: 'calc', status: 'completed', tools: [{ name: 'add_numbers', description: 'Adds two numbers', input_schema: {} }, { name: 'divide_numbers', input_schema: {} }] },
  });
  const call = item({
    id: 'mcp_1',
    type: 'mcp_call',
    mcp: { kind: 'call', serverLabel: 'calc', name: 'add_numbers', arguments: '{"a":2,"b":3}', status: 'completed', output: '5', error: null, approvalRequestId: 'mcpr_req' },
  });
  const failing = item({
    id: 'mcp_2',
    type: 'mcp_call',
    mcp: { kind: 'call', serverLabel: 'calc', name: 'divide_numbers', arguments: '{"a":6,"b":0}', status: 'failed', output: null, error: { type: 'tool_execution_error', message: 'Division by zero' }, approvalRequestId: null },
  });
  render(<ConversationPanel items={[listing, call, failing]} onDeleteItem={jest.fn()} />);
  const [tools, ok, bad] = rows();
  expect(within(tools).getByText('MCP tools · calc')).toBeInTheDocument();
  expect(within(within(tools).getByRole('list', { name: 'Tools of calc' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
    'add_numbers — Adds two numbers',
    'divide_numbers',
  ]);
  expect(ok).toHaveTextContent('add_numbers({"a":2,"b":3})');
  expect(within(ok).getByTestId('mcp-call-status')).toHaveTextContent('completed · approved request mcpr_req');
  expect(ok).toHaveTextContent('5');
  expect(within(bad).getByRole('note')).toHaveTextContent('tool_execution_error: Division by zero');
  expect(within(bad).getByTestId('mcp-call-status')).toHaveTextContent('failed');
});

test('an approval request asks Approve / Deny with a reason, sends the answer once, then shows the server’s answer', async () => {
  const user = userEvent.setup({ delay: null });
  const store = new McpApprovalStore();
  const sent: Array<[string, boolean, string | undefined]> = [];
  store.attach((id, approve, reason) => {
    sent.push([id, approve, reason]);
    return 'evt_1';
  });
  const request = item({ id: 'mcpa_1', type: 'mcp_approval_request', mcp: { kind: 'approval_request', serverLabel: 'calc', name: 'add_numbers', arguments: '{"a":4,"b":5}' } });
  const { rerender } = render(<ConversationPanel items={[request]} onDeleteItem={jest.fn()} mcpApprovals={store} />);
  const ask = screen.getByRole('group', { name: 'Answer: run add_numbers on calc?' });
  expect(rows()[0]).toHaveTextContent('add_numbers({"a":4,"b":5})');
  await user.type(within(ask).getByLabelText('Reason for denying (optional)'), 'Not on a Friday');
  await user.click(within(ask).getByRole('button', { name: 'Deny' }));
  expect(sent).toEqual([['mcpa_1', false, 'Not on a Friday']]);
  // Sent, not confirmed: both buttons say so and send nothing more; the focus stays on Deny.
  expect(within(ask).getByTestId('mcp-answer-status')).toHaveTextContent('Denied: Not on a Friday — waiting for the server');
  expect(within(ask).getByRole('button', { name: 'Deny' })).toHaveFocus();
  for (const name of ['Approve', 'Deny']) {
    expect(within(ask).getByRole('button', { name })).toHaveAttribute('aria-disabled', 'true');
    await user.click(within(ask).getByRole('button', { name }));
  }
  expect(within(ask).getByLabelText('Reason for denying (optional)')).toHaveAttribute('readonly');
  expect(sent).toHaveLength(1);

  const answered = { ...request, mcp: { kind: 'approval_request' as const, serverLabel: 'calc', name: 'add_numbers', arguments: '{}', answer: { approve: false, reason: 'Not on a Friday', itemId: 'mcpr_1' } } };
  const response = item({ id: 'mcpr_1', type: 'mcp_approval_response', mcp: { kind: 'approval_response', approvalRequestId: 'mcpa_1', approve: false, reason: 'Not on a Friday' } });
  rerender(<ConversationPanel items={[answered, response]} onDeleteItem={jest.fn()} mcpApprovals={store} version={2} />);
  expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  expect(rows()[0]).toHaveTextContent('Denied: Not on a Friday');
  expect(rows()[1]).toHaveTextContent('MCP approval');
  expect(rows()[1]).toHaveTextContent('For request mcpa_1');
});

test('an answer that fails to send, or that the server refuses, opens the buttons again and says why', async () => {
  const user = userEvent.setup({ delay: null });
  const store = new McpApprovalStore();
  let fail = true;
  store.attach(() => {
    if (fail) throw new Error('WebSocketTransport is not connected (sending conversation.item.create)');
    return 'evt_2';
  });
  const request = item({ id: 'mcpa_3', type: 'mcp_approval_request', mcp: { kind: 'approval_request', serverLabel: 'calc', name: 'add_numbers', arguments: '{}' } });
  render(<ConversationPanel items={[request]} onDeleteItem={jest.fn()} mcpApprovals={store} />);
  const ask = screen.getByRole('group', { name: 'Answer: run add_numbers on calc?' });
  await user.click(within(ask).getByRole('button', { name: 'Approve' }));
  expect(within(ask).getByTestId('mcp-answer-status')).toHaveTextContent('Not sent: WebSocketTransport is not connected (sending conversation.item.create). Answer again.');
  expect(within(ask).getByRole('button', { name: 'Approve' })).not.toHaveAttribute('aria-disabled');
  fail = false;
  await user.click(within(ask).getByRole('button', { name: 'Approve' }));
  expect(within(ask).getByTestId('mcp-answer-status')).toHaveTextContent('Approved — waiting for the server');
  act(() => store.refused('evt_2', 'relay_event_denied: conversation.item.create is not allowed'));
  expect(within(ask).getByTestId('mcp-answer-status')).toHaveTextContent('Not sent: relay_event_denied: conversation.item.create is not allowed. Answer again.');
  expect(within(ask).getByRole('button', { name: 'Deny' })).toBeEnabled();
  expect(within(ask).getByRole('button', { name: 'Deny' })).not.toHaveAttribute('aria-disabled');
});

test('approval buttons wait for a connection, and are absent without a way to answer', () => {
  const request = item({ id: 'mcpa_2', type: 'mcp_approval_request', mcp: { kind: 'approval_request', serverLabel: 'docs', name: 'search', arguments: '{}' } });
  const { rerender } = render(<ConversationPanel items={[request]} onDeleteItem={jest.fn()} mcpApprovals={new McpApprovalStore()} connected={false} />);
  expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
  expect(screen.getByLabelText('Reason for denying (optional)')).toBeDisabled();
  expect(screen.getByTestId('mcp-answer-status')).toHaveTextContent('Connect to answer.');
  rerender(<ConversationPanel items={[request]} onDeleteItem={jest.fn()} version={2} />);
  expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  expect(rows()[0]).toHaveTextContent('Waiting for an answer.');
  expect(speaker(request)).toBe('MCP approval request · docs');
});
