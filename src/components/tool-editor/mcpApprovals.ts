// MCP approval requests waiting for the user, and the one answer each gets, whichever view sends
// it (the approvals panel or the conversation's own buttons): both read `view()`, so both say
// the same thing. No React: views subscribe.
import type { ItemState } from '../../lib/realtime';
import { errorMessage } from '../../lib/shared/error-message';

/** Where one request's answer stands, for every view of it. */
export type ApprovalView =
  /** Not answered, or its last answer failed (`error` says why): Approve / Deny may be clicked. */
  | { phase: 'open'; error: string | null }
  /** Answered here, not yet confirmed by the server. */
  | { phase: 'sent'; approve: boolean; reason: string | null }
  /** The server has the answer (its `mcp_approval_response` item). */
  | { phase: 'confirmed'; approve: boolean; reason: string | null };

/** What a view of a request knows of its item. */
export type ApprovalRequestItem = Pick<ItemState, 'id' | 'mcp'>;

export interface PendingApproval {
  id: string;
  serverLabel: string;
  name: string;
  /** JSON text, as the server sent it. */
  arguments: string;
  view: ApprovalView;
}

/**
 * Sends an answer on the current connection and returns the `event_id` it went with (an `error`
 * naming it is the answer refused); throws when it cannot be sent.
 */
export type ApprovalSender = (requestId: string, approve: boolean, reason: string | undefined) => string;

interface SentAnswer {
  approve: boolean;
  reason: string | null;
  eventId: string;
}

const NOT_CONNECTED = 'not connected';
const CLOSED = 'the connection closed before the server confirmed the answer';

export class McpApprovalStore {
  private readonly sent = new Map<string, SentAnswer>();
  private readonly failed = new Map<string, string>();
  private sender: ApprovalSender | null = null;
  private readonly listeners = new Set<() => void>();

  /** A new connection: answers go through it, and nothing was answered on it yet. */
  attach(sender: ApprovalSender | null): void {
    this.sender = sender;
    this.sent.clear();
    this.failed.clear();
    this.changed();
  }

  /**
   * Sends the answer once per request (an empty reason is not sent); false when it was answered
   * already or could not be sent (the request then says why and may be answered again).
   */
  answer(requestId: string, approve: boolean, reason?: string): boolean {
    if (this.sent.has(requestId)) return false;
    const trimmed = reason?.trim() || undefined;
    let eventId: string;
    try {
      if (!this.sender) throw new Error(NOT_CONNECTED);
      eventId = this.sender(requestId, approve, trimmed);
    } catch (error) {
      this.failed.set(requestId, errorMessage(error));
      this.changed();
      return false;
    }
    this.sent.set(requestId, { approve, reason: trimmed ?? null, eventId });
    this.failed.delete(requestId);
    this.changed();
    return true;
  }

  /** An `error` event naming a client event: if it carried an answer, that answer can be given again. */
  refused(eventId: string | null | undefined, message: string): void {
    for (const [requestId, answer] of this.sent) {
      if (answer.eventId !== eventId) continue;
      this.sent.delete(requestId);
      this.failed.set(requestId, message);
      this.changed();
      return;
    }
  }

  /** The connection ended: answers the server never confirmed went nowhere (a confirmed one shows as confirmed whatever this says). */
  connectionClosed(): void {
    for (const requestId of this.sent.keys()) this.failed.set(requestId, CLOSED);
    const lost = this.sent.size > 0;
    this.sent.clear();
    this.sender = null;
    if (lost) this.changed();
  }

  /** Where the request `item` stands. */
  view(item: ApprovalRequestItem): ApprovalView {
    const mcp = item.mcp;
    if (mcp?.kind === 'approval_request' && mcp.answer) return { phase: 'confirmed', approve: mcp.answer.approve, reason: mcp.answer.reason };
    const sent = this.sent.get(item.id);
    if (sent) return { phase: 'sent', approve: sent.approve, reason: sent.reason };
    return { phase: 'open', error: this.failed.get(item.id) ?? null };
  }

  /** The requests among `items` the server has no answer to yet, oldest first. */
  pending(items: readonly ItemState[]): PendingApproval[] {
    return items.flatMap((item) => {
      const mcp = item.mcp;
      if (mcp?.kind !== 'approval_request' || mcp.answer) return [];
      return [{ id: item.id, serverLabel: mcp.serverLabel, name: mcp.name, arguments: mcp.arguments, view: this.view(item) }];
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
