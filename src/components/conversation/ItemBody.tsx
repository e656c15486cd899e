// What an item says: words, a function call and its output, an MCP item, or where it was cut.
import type { ConversationItemView } from './types';
import { McpItemBody } from './McpItemBody';
import type { ApprovalAnswers } from '../tool-editor/ApprovalControls';

export interface ItemBodyProps {
  item: ConversationItemView;
  connected: boolean;
  mcpApprovals?: ApprovalAnswers;
}

export function ItemBody({ item, connected, mcpApprovals }: ItemBodyProps) {
  const live = item.status === 'in_progress' && connected;
  const { formatted } = item;
  if (item.mcp) return <McpItemBody item={item} mcp={item.mcp} connected={connected} mcpApprovals={mcpApprovals} />;
  if (item.type === 'function_call') {
    return (
      <pre className="conversation__code">
        {formatted.tool?.name ?? 'function'}({formatted.tool?.arguments ?? ''})
      </pre>
    );
  }
  if (item.type === 'function_call_output') {
    return <pre className="conversation__code">{formatted.output ?? ''}</pre>;
  }
  if (item.truncated) {
    // The server forgets what was never heard; show what was said, and where it was cut.
    return (
      <p className="conversation__text" data-testid="item-truncated">
        <span className="conversation__cut">interrupted at {(item.truncated.audioEndMs / 1000).toFixed(2)} s</span>{' '}
        {item.truncated.transcript && <span className="conversation__text--muted">{item.truncated.transcript}</span>}
      </p>
    );
  }
  const words = formatted.transcript || formatted.text;
  if (words) return <p className="conversation__text">{words}</p>;
  if (formatted.audioSampleCount > 0) {
    return <p className="conversation__text conversation__text--muted">{live ? '(speaking…)' : '(audio, no transcript)'}</p>;
  }
  return <p className="conversation__text conversation__text--muted">{live ? '…' : '(empty)'}</p>;
}
