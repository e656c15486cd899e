// MCP calls waiting for the user's approval: which server, which tool, with what arguments, and
// Approve / Deny (with an optional reason). The answer goes out as an `mcp_approval_response`
// item and the turn goes on. Always shown, so a new user knows where requests will wait; what is
// said aloud is McpApprovalsAnnouncer's, and focus is never taken from what the user is doing,
// except that a request answered from here hands the focus to the list when it leaves.
import { useEffect, useRef } from 'react';
import type { ItemState } from '../../lib/realtime';
import { ApprovalControls, useApprovalAnswers } from './ApprovalControls';
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
  useApprovalAnswers(store);
  const pending = store.pending(items);
  const heading = useRef<HTMLHeadingElement>(null);
  // The request that holds the focus, if any: when it is confirmed it leaves the page.
  const focused = useRef<string | null>(null);
  useEffect(() => {
    const id = focused.current;
    if (id === null || pending.some((request) => request.id === id)) return;
    focused.current = null;
    if (document.activeElement === document.body || document.activeElement === null) heading.current?.focus();
  });
  const byId = new Map(items.map((item) => [item.id, item]));
  return (
    <div className="mcp-approvals" role="region" aria-labelledby="mcp-approvals-title" data-testid="mcp-approvals">
      <h3 id="mcp-approvals-title" className="tool-editor__subtitle" tabIndex={-1} ref={heading}>
        MCP approvals
      </h3>
      {pending.length === 0 && <p className="tool-editor__mode">No MCP tool call is waiting for approval. A server set to ask first puts its calls here and in the conversation.</p>}
      {pending.map((request) => {
        const titleId = `mcp-approval-${request.id}`;
        const item = byId.get(request.id);
        return (
          <div
            key={request.id}
            className="mcp-approvals__request"
            role="group"
            aria-labelledby={titleId}
            data-testid="mcp-approval"
            onFocus={() => (focused.current = request.id)}
          >
            <p id={titleId}>
              <strong>{request.serverLabel}</strong> wants to run <code>{request.name}</code> with:
            </p>
            <pre className="manual-calls__args" tabIndex={0} aria-label={`Arguments of ${request.name}`}>{pretty(request.arguments)}</pre>
            {item && <ApprovalControls answers={store} request={item} connected={connected} subject={`${request.name} on ${request.serverLabel}`} />}
          </div>
        );
      })}
    </div>
  );
}
