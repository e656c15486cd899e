import { useId, useState, type KeyboardEvent } from 'react';
import type { AppendChannel, TrackedDelegation } from '../../lib/live';

export interface LiveCommentaryBoxProps {
  /** Client delegations still waiting for an answer (created or acknowledged). */
  open: readonly TrackedDelegation[];
  onSend(channel: Extract<AppendChannel, 'commentary' | 'thinking'>, content: string, delegationId: string): void;
}

/**
 * Client delegation answered by hand: the delegation carries no task text (the transcript says
 * what was asked), so the person reads the timeline and types the answer: commentary is spoken
 * by the model, thinking is silent context. Ctrl+Enter (or ⌘+Enter) sends.
 */
export function LiveCommentaryBox({ open, onSend }: LiveCommentaryBoxProps) {
  const id = useId();
  const [channel, setChannel] = useState<'commentary' | 'thinking'>('commentary');
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const target = open.find((d) => d.id === chosen) ?? open[open.length - 1];
  const send = () => {
    const content = text.trim();
    if (!content || !target) return;
    onSend(channel, content, target.id);
    setSent(`Sent ${channel} for ${target.id}.`);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  };
  return (
    <form
      className="live-commentary"
      aria-label="Answer a delegation"
      data-testid="live-commentary"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {target ? (
        <label>
          Delegation{' '}
          <select value={target.id} onChange={(event) => setChosen(event.target.value)}>
            {open.map((d) => (
              <option key={d.id} value={d.id}>
                {d.id} at {(d.offsetMs / 1000).toFixed(1)} s ({d.state})
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="live-panel__empty">No delegation is waiting for an answer.</p>
      )}
      <fieldset className="live-commentary__channel" disabled={!target}>
        <legend>Send as</legend>
        <label>
          <input type="radio" name={`${id}-channel`} checked={channel === 'commentary'} onChange={() => setChannel('commentary')} /> Commentary (spoken)
        </label>
        <label>
          <input type="radio" name={`${id}-channel`} checked={channel === 'thinking'} onChange={() => setChannel('thinking')} /> Thinking (silent)
        </label>
      </fieldset>
      {/* Not wrapped: a wrapping label's name would take in what is typed. */}
      <label className="live-commentary__text" htmlFor={`${id}-text`}>
        Answer
      </label>
      <textarea id={`${id}-text`} value={text} rows={2} disabled={!target} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} aria-describedby={`${id}-hint`} />
      <span id={`${id}-hint`} className="live-commentary__hint">
        Ctrl+Enter sends.
      </span>
      <button type="submit" disabled={!target || !text.trim()}>
        Send {channel}
      </button>
      <span role="status" className="live-commentary__status">
        {sent}
      </span>
    </form>
  );
}
