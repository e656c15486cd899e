// Approve / Deny for one MCP approval request, with an optional reason sent with Deny. The
// approvals panel and the conversation both render it on the same store, so once either sends an
// answer both say so and neither sends another; a failed send opens both again, saying why.
import { useEffect, useId, useState } from 'react';
import type { ApprovalRequestItem, ApprovalView, McpApprovalStore } from './mcpApprovals';
import './ApprovalControls.scss';

// Not the protocol's limit (it states none): enough for a sentence, short enough for the log.
const MAX_REASON_CHARS = 500;

/** What a view of the requests needs of the store. */
export type ApprovalAnswers = Pick<McpApprovalStore, 'view' | 'answer' | 'subscribe'>;

/** Re-renders the caller when an answer is sent, refused or lost. */
export function useApprovalAnswers(answers: ApprovalAnswers | undefined): void {
  const [, setVersion] = useState(0);
  useEffect(() => answers?.subscribe(() => setVersion((v) => v + 1)), [answers]);
}

/** "Approved", "Denied: not on a Friday", as the answer stands. */
export function answerWords(approve: boolean, reason: string | null): string {
  return `${approve ? 'Approved' : 'Denied'}${reason ? `: ${reason}` : ''}`;
}

function statusOf(view: ApprovalView, connected: boolean): { text: string; tone: 'muted' | 'problem' | 'ok' } | null {
  switch (view.phase) {
    case 'sent':
      return { text: `${answerWords(view.approve, view.reason)} — waiting for the server`, tone: 'muted' };
    case 'confirmed':
      return { text: answerWords(view.approve, view.reason), tone: view.approve ? 'ok' : 'problem' };
    case 'open':
      if (view.error) return { text: `Not sent: ${view.error}. ${connected ? 'Answer again.' : 'Connect to answer.'}`, tone: 'problem' };
      return connected ? null : { text: 'Connect to answer.', tone: 'muted' };
  }
}

export interface ApprovalControlsProps {
  answers: ApprovalAnswers;
  /** The `mcp_approval_request` item. */
  request: ApprovalRequestItem;
  connected: boolean;
  /** What the buttons are about, for screen readers ("refund on shop"). */
  subject: string;
}

export function ApprovalControls({ answers, request, connected, subject }: ApprovalControlsProps) {
  useApprovalAnswers(answers);
  const id = useId();
  const [reason, setReason] = useState('');
  const view = answers.view(request);
  const status = statusOf(view, connected);
  const statusId = `${id}-status`;
  if (view.phase === 'confirmed') {
    return <p className={`approval-controls__status approval-controls__status--${status?.tone}`} data-testid="mcp-answer">{status?.text}</p>;
  }
  // Sent: aria-disabled, not disabled, so the button just pressed keeps the focus.
  const sent = view.phase === 'sent';
  const shownReason = sent ? view.reason ?? '' : reason;
  const answer = (approve: boolean) => {
    if (!sent) answers.answer(request.id, approve, approve ? undefined : reason);
  };
  const describedBy = status ? statusId : undefined;
  return (
    <div className="approval-controls" role="group" aria-label={`Answer: run ${subject}?`} data-testid="mcp-approval-controls">
      <div className="approval-controls__row">
        <button type="button" className="button button--small button--primary" disabled={!connected} aria-disabled={sent || undefined} aria-describedby={describedBy} onClick={() => answer(true)} data-testid="mcp-approve">
          Approve
        </button>
        <button type="button" className="button button--small" disabled={!connected} aria-disabled={sent || undefined} aria-describedby={describedBy} onClick={() => answer(false)} data-testid="mcp-deny">
          Deny
        </button>
        <label className="approval-controls__reason">
          Reason for denying (optional)
          <input type="text" value={shownReason} disabled={!connected} readOnly={sent} maxLength={MAX_REASON_CHARS} onChange={(event) => setReason(event.target.value)} data-testid="mcp-deny-reason" />
        </label>
      </div>
      {/* Always laid out, so an answer's progress does not move what follows. Not a live region:
          McpApprovalsAnnouncer speaks for every view once. */}
      <p id={statusId} className={`approval-controls__status approval-controls__status--${status?.tone ?? 'muted'}`} data-testid="mcp-answer-status">
        {status?.text ?? '\u00a0'}
      </p>
    </div>
  );
}
