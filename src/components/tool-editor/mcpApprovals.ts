// MCP approval requests waiting for the user, and the one answer each gets, whichever view sends
// it (the approvals panel or the conversation's own buttons). No React: views subscribe.
import type { ItemState } from '../../lib/realtime';

export interface PendingApproval {
  id: string;
  serverLabel: string;
  name: string;
  /** JSON text, as the server sent it. */
  arguments: string;
  /** The answer sent and not yet confirmed by the server, if any. */
  sent: boolean | null;
}

/** Sends an answer on the current connection; false when there is none. */
export type ApprovalSender = (requestId: string, approve: boolean) => boolean;

export class McpApprovalStore {
  private readonly sentAnswers = new Map<string, boolean>();
  private sender: ApprovalSender | null = null;
  private readonly listeners = new Set<() => void>();

  /** A new connection: answers go through it, and nothing was answered on it yet. */
  attach(sender: ApprovalSender | null): void {
    this.sender = sender;
    this.sentAnswers.clear();
    this.changed();
  }

  /** Sends the answer once per request; false when it was answered already or cannot be sent. */
  answer(requestId: string, approve: boolean): boolean {
    if (this.sentAnswers.has(requestId) || !this.sender?.(requestId, approve)) return false;
    this.sentAnswers.set(requestId, approve);
    this.changed();
    return true;
  }

  sentAnswer(requestId: string): boolean | null {
    return this.sentAnswers.get(requestId) ?? null;
  }

  /** The requests among `items` the server has no answer to yet, oldest first. */
  pending(items: readonly ItemState[]): PendingApproval[] {
    return items.flatMap((item) => {
      const mcp = item.mcp;
      if (mcp?.kind !== 'approval_request' || mcp.answer) return [];
      return [{ id: item.id, serverLabel: mcp.serverLabel, name: mcp.name, arguments: mcp.arguments, sent: this.sentAnswer(item.id) }];
    });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
