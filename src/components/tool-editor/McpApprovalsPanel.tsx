// MCP calls waiting for the user's approval: which server, which tool, with what arguments, and
// Approve / Deny. The answer goes out as an `mcp_approval_response` item and the turn goes on.
// A new request is announced politely; focus is never taken from what the user is doing.
import { useEffect, useState } from 'react';
import type { ItemState } from '../../lib/realtime';
import type { McpApprovalStore } from './mcpApprovals';

function pretty(args: string): string {
  try {
    return JSON.stringify(JSON.parse(args), null, 2);
  } catch {
    return args;
  }
}

export interface McpApprovalsPanelProps {
  store: McpApprovalStore;
  items: readonly ItemState[];
  connected: boolean;
}

export function McpApprovalsPanel({ store, items, connected }: McpApprovalsPanelProps) {
  const [, setVersion] = useState(0);
  useEffect(() => store.subscribe(() => setVersion((v) => v + 1)), [store]);
  const pending = store.pending(items);
  const waiting = pending.filter((request) => request.sent === null);
  const announcement = waiting.length ? `${waiting.length} MCP tool call${waiting.length === 1 ? '' : 's'} waiting for approval: ${waiting.map((r) => `${r.name} on ${r.serverLabel}`).join(', ')}` : '';
  return (
    <>
      {/* Always in the page, so screen readers hear it change. */}
      <p className="visually-hidden" aria-live="polite">{announcement}</p>
      {pending.length > 0 && (
        <div className="mcp-approvals" role="region" aria-label="MCP approvals" data-testid="mcp-approvals">
          {pending.map((request) => {
        const titleId = `mcp-approval-${request.id}`;
        return (
          <div key={request.id} className="mcp-approvals__request" role="group" aria-labelledby={titleId} data-testid="mcp-approval">
            <p id={titleId}>
              <strong>{request.serverLabel}</strong> wants to run <code>{request.name}</code> with:
            </p>
            <pre className="manual-calls__args" tabIndex={0} aria-label={`Arguments of ${request.name}`}>{pretty(request.arguments)}</pre>
            {request.sent === null ? (
              <div className="mcp-approvals__actions">
                <button type="button" className="button button--small button--primary" disabled={!connected} onClick={() => store.answer(request.id, true)} data-testid="mcp-approve">Approve</button>
                <button type="button" className="button button--small" disabled={!connected} onClick={() => store.answer(request.id, false)} data-testid="mcp-deny">Deny</button>
              </div>
            ) : (
              <p className="tool-editor__mode" role="status">{request.sent ? 'Approved' : 'Denied'}: sent, waiting for the server…</p>
            )}
          </div>
        );
          })}
        </div>
      )}
    </>
  );
}
