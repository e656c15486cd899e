// An MCP item as what it is: a server's tool listing, a call with its arguments and output (or
// error), an approval request with Approve / Deny, or the answer given.
import type { ItemState } from '../../lib/realtime';
import { answerWords, ApprovalControls, type ApprovalAnswers } from '../tool-editor/ApprovalControls';
import type { ApprovalRequestItem } from '../tool-editor/mcpApprovals';

type McpState = NonNullable<ItemState['mcp']>;
type Of<K extends McpState['kind']> = Extract<McpState, { kind: K }>;

export interface McpItemBodyProps {
  item: ApprovalRequestItem;
  mcp: McpState;
  connected: boolean;
  /** Where approval requests are answered (shared with the approvals panel); absent, no buttons are shown. */
  mcpApprovals?: ApprovalAnswers;
}

const STATUS_WORDS = { in_progress: 'in progress…', completed: 'completed', failed: 'failed' } as const;

function ToolList({ mcp }: { mcp: Of<'list_tools'> }) {
  if (mcp.status === 'failed') return <p className="conversation__text conversation__problem">Listing the server's tools failed.</p>;
  if (mcp.status === 'in_progress' && mcp.tools.length === 0) return <p className="conversation__text conversation__text--muted">Listing tools…</p>;
  return (
    <ul className="conversation__tools" aria-label={`Tools of ${mcp.serverLabel}`}>
      {mcp.tools.map((tool) => (
        <li key={tool.name}>
          <code>{tool.name}</code>
          {tool.description ? ` — ${tool.description}` : ''}
        </li>
      ))}
    </ul>
  );
}

function Call({ mcp }: { mcp: Of<'call'> }) {
  return (
    <>
      <pre className="conversation__code">
        {mcp.name}({mcp.arguments})
      </pre>
      <p className="conversation__mcp-status" data-testid="mcp-call-status">
        {STATUS_WORDS[mcp.status]}
        {mcp.approvalRequestId ? ` · approved request ${mcp.approvalRequestId}` : ''}
      </p>
      {mcp.output !== null && <pre className="conversation__code conversation__output">{mcp.output}</pre>}
      {mcp.error && (
        <p className="conversation__text conversation__problem" role="note">
          {mcp.error.type}
          {'code' in mcp.error ? ` ${mcp.error.code}` : ''}: {mcp.error.message}
        </p>
      )}
    </>
  );
}

function Answer({ approve, reason }: { approve: boolean; reason: string | null }) {
  return <p className={`conversation__text ${approve ? 'conversation__approved' : 'conversation__problem'}`}>{answerWords(approve, reason)}</p>;
}

function ApprovalRequest({ item, mcp, connected, mcpApprovals }: { mcp: Of<'approval_request'> } & Omit<McpItemBodyProps, 'mcp'>) {
  return (
    <>
      <pre className="conversation__code">
        {mcp.name}({mcp.arguments})
      </pre>
      {mcp.answer ? (
        <Answer approve={mcp.answer.approve} reason={mcp.answer.reason} />
      ) : mcpApprovals ? (
        <ApprovalControls answers={mcpApprovals} request={item} connected={connected} subject={`${mcp.name} on ${mcp.serverLabel}`} />
      ) : (
        <p className="conversation__text conversation__text--muted">Waiting for an answer.</p>
      )}
    </>
  );
}

export function McpItemBody(props: McpItemBodyProps) {
  const { mcp } = props;
  switch (mcp.kind) {
    case 'list_tools':
      return <ToolList mcp={mcp} />;
    case 'call':
      return <Call mcp={mcp} />;
    case 'approval_request':
      return <ApprovalRequest {...props} mcp={mcp} />;
    case 'approval_response':
      return (
        <>
          <p className="conversation__text conversation__text--muted">For request {mcp.approvalRequestId}</p>
          <Answer approve={mcp.approve} reason={mcp.reason} />
        </>
      );
  }
}
