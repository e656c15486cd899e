// One polite live region for every view of the MCP approvals (panel, conversation): a request
// waiting, an answer sent, an answer not sent and why. Render it where it is never hidden: a live
// region inside a hidden panel (a phone's other tab) says nothing.
import type { ItemState } from '../../lib/realtime';
import { answerWords, useApprovalAnswers } from './ApprovalControls';
import type { McpApprovalStore, PendingApproval } from './mcpApprovals';

function line(request: PendingApproval): string {
  const subject = `${request.name} on ${request.serverLabel}`;
  switch (request.view.phase) {
    case 'sent':
      return `${subject}: ${answerWords(request.view.approve, request.view.reason)}, waiting for the server.`;
    case 'open':
      return request.view.error ? `${subject}: answer not sent, ${request.view.error}.` : `${subject} waits for approval.`;
    default:
      return '';
  }
}

/** What to say of the requests still waiting for the server ('' when none). */
export function approvalsAnnouncement(pending: readonly PendingApproval[]): string {
  if (pending.length === 0) return '';
  const waiting = pending.filter((request) => request.view.phase === 'open' && !request.view.error).length;
  const head = waiting ? `${waiting} MCP tool call${waiting === 1 ? '' : 's'} waiting for approval. ` : '';
  return head + pending.map(line).join(' ');
}

export function McpApprovalsAnnouncer({ store, items }: { store: McpApprovalStore; items: readonly ItemState[] }) {
  useApprovalAnswers(store);
  return (
    <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="mcp-approvals-announcement">
      {approvalsAnnouncement(store.pending(items))}
    </p>
  );
}
