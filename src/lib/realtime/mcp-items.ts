// What an MCP item is, for rendering: a tool listing, a call, an approval request or its answer.
// Built from the server's items and the `mcp_list_tools.*` / `response.mcp_call*` events, which
// carry only an item id and a status (the output and error arrive on the item itself).
import type {
  ConversationItem,
  RealtimeMcpApprovalResponse,
  RealtimeMcpListTools,
  RealtimeMcpToolCall,
} from 'openai/resources/realtime/realtime';

export type McpStatus = 'in_progress' | 'completed' | 'failed';

/** `mcp_list_tools.completed`, `response.mcp_call.failed`, ... → the status they announce. */
export function mcpStatusOfEvent(type: string): McpStatus {
  if (type.endsWith('.completed')) return 'completed';
  return type.endsWith('.failed') ? 'failed' : 'in_progress';
}
export type McpCallError = NonNullable<RealtimeMcpToolCall['error']>;

export interface McpListToolsState {
  kind: 'list_tools';
  serverLabel: string;
  /** `mcp_list_tools.in_progress` / `.completed` / `.failed`. */
  status: McpStatus;
  tools: RealtimeMcpListTools.Tool[];
}

export interface McpCallState {
  kind: 'call';
  serverLabel: string;
  name: string;
  /** JSON text, streamed by `response.mcp_call_arguments.delta`. */
  arguments: string;
  /** `response.mcp_call.in_progress` / `.completed` / `.failed`. */
  status: McpStatus;
  output: string | null;
  error: McpCallError | null;
  approvalRequestId: string | null;
}

export interface McpApprovalRequestState {
  kind: 'approval_request';
  serverLabel: string;
  name: string;
  arguments: string;
  /** Set once the server has the answer (an `mcp_approval_response` item for this request). */
  answer?: { approve: boolean; reason: string | null; itemId: string };
}

export interface McpApprovalResponseState {
  kind: 'approval_response';
  approvalRequestId: string;
  approve: boolean;
  reason: string | null;
}

export type McpState = McpListToolsState | McpCallState | McpApprovalRequestState | McpApprovalResponseState;

/** The MCP view of a server item, keeping what events already told (status, streamed arguments). */
export function mcpStateOf(item: ConversationItem, previous: McpState | undefined): McpState | undefined {
  switch (item.type) {
    case 'mcp_list_tools': {
      const status = previous?.kind === 'list_tools' ? previous.status : 'in_progress';
      return { kind: 'list_tools', serverLabel: item.server_label, status, tools: item.tools ?? [] };
    }
    case 'mcp_call': {
      const before = previous?.kind === 'call' ? previous : undefined;
      const error = item.error ?? null;
      let status: McpStatus = before?.status ?? 'in_progress';
      if (error) status = 'failed';
      return {
        kind: 'call',
        serverLabel: item.server_label,
        name: item.name,
        arguments: item.arguments || before?.arguments || '',
        status,
        output: item.output ?? before?.output ?? null,
        error,
        approvalRequestId: item.approval_request_id ?? null,
      };
    }
    case 'mcp_approval_request': {
      const answer = previous?.kind === 'approval_request' ? previous.answer : undefined;
      return { kind: 'approval_request', serverLabel: item.server_label, name: item.name, arguments: item.arguments, ...(answer ? { answer } : {}) };
    }
    case 'mcp_approval_response':
      return { kind: 'approval_response', approvalRequestId: item.approval_request_id, approve: item.approve, reason: item.reason ?? null };
    default:
      return previous;
  }
}

/** Item ids this client chose for its answers: `mcpr_` and a random part (the API needs one from the client). */
export function newApprovalResponseId(random: () => number = Math.random): string {
  let id = 'mcpr_';
  while (id.length < 5 + 22) id += Math.floor(random() * 36).toString(36);
  return id;
}

/**
 * The `event_id` the client sends an approval answer's `conversation.item.create` with: an
 * `error` naming it (the API's or a relay's) means the answer never reached the conversation.
 */
export function approvalResponseEventId(responseItemId: string): string {
  return `evt_${responseItemId}`;
}

/** The item that answers an approval request. */
export function approvalResponseItem(approvalRequestId: string, approve: boolean, reason: string | undefined, id: string): RealtimeMcpApprovalResponse {
  return { type: 'mcp_approval_response', id, approval_request_id: approvalRequestId, approve, ...(reason !== undefined ? { reason } : {}) };
}

/** The state of an MCP item known so far only from an event (its item not seen yet). */
export function emptyMcpState(type: 'mcp_list_tools' | 'mcp_call'): McpListToolsState | McpCallState {
  if (type === 'mcp_list_tools') return { kind: 'list_tools', serverLabel: '', status: 'in_progress', tools: [] };
  return { kind: 'call', serverLabel: '', name: '', arguments: '', status: 'in_progress', output: null, error: null, approvalRequestId: null };
}
