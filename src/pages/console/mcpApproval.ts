// Answers an MCP approval request from the conversation's Approve / Deny. Until the client has
// a helper of its own, the answer item comes from lib/realtime's mcp-items (an
// `mcp_approval_response` whose id the client chooses, as the API requires), followed by a
// `response.create` so the model goes on, with the call or without it.
import type { RealtimeClient } from '../../lib/realtime';
import { approvalResponseItem, newApprovalResponseId } from '../../lib/realtime/mcp-items';

export function answerMcpApproval(client: RealtimeClient, requestId: string, approve: boolean): void {
  client.send({ type: 'conversation.item.create', item: approvalResponseItem(requestId, approve, undefined, newApprovalResponseId()) });
  client.send({ type: 'response.create' });
}
