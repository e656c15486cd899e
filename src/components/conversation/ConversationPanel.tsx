import { useEffect, useMemo, useRef } from 'react';
import { conversationWav, ItemAudioUrls } from './audioUrls';
import type { ConversationItemView } from './types';

export interface ConversationPanelProps {
  items: readonly ConversationItemView[];
  onDeleteItem(id: string): void;
  /** Bumped by the owner when items changed in place (live transcripts), to re-render. */
  version?: number;
  /** False once the connection is gone: an item still in progress will never finish. */
  connected?: boolean;
}

/** What an item's status badge says; null for a completed item (no badge). */
function statusLabel(item: ConversationItemView, connected: boolean): string | null {
  if (item.status === 'completed') return null;
  if (item.status === 'in_progress' && !connected) return 'cut off by the disconnect';
  return item.status.replace('_', ' ');
}

function speaker(item: ConversationItemView): string {
  if (item.type === 'function_call') return 'function call';
  if (item.type === 'function_call_output') return 'function output';
  return item.role ?? 'message';
}

function ItemBody({ item, connected }: { item: ConversationItemView; connected: boolean }) {
  const live = item.status === 'in_progress' && connected;
  const { formatted } = item;
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

export function ConversationPanel({ items, onDeleteItem, version, connected = true }: ConversationPanelProps) {
  const urls = useMemo(() => new ItemAudioUrls(), []);
  const listEnd = useRef<HTMLLIElement>(null);

  useEffect(() => () => urls.dispose(), [urls]);
  useEffect(() => {
    urls.prune(new Set(items.map((item) => item.id)));
    listEnd.current?.scrollIntoView?.({ block: 'nearest' });
  }, [items, version, urls]);

  const download = () => {
    const wav = conversationWav(items);
    if (!wav) return;
    const url = URL.createObjectURL(wav);
    const link = document.createElement('a');
    link.href = url;
    link.download = `conversation-${new Date().toISOString().replace(/[:.]/g, '-')}.wav`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  const hasAudio = items.some((item) => item.formatted.audioSampleCount > 0);

  return (
    <section className="panel conversation" aria-label="Conversation">
      <header className="panel__header">
        <h2>Conversation</h2>
        <button type="button" className="button button--small" onClick={download} disabled={!hasAudio}>
          Download audio (WAV)
        </button>
      </header>
      {items.length === 0 ? (
        <p className="panel__empty">Nothing said yet.</p>
      ) : (
        <ol className="conversation__items">
          {items.map((item) => {
            const url = urls.urlFor(item);
            const status = statusLabel(item, connected);
            return (
              <li key={item.id} className={`conversation__item conversation__item--${item.role ?? item.type}`} data-testid="conversation-item" data-item-type={item.type} data-role={item.role}>
                <div className="conversation__meta">
                  <span className="conversation__speaker">{speaker(item)}</span>
                  {status && <span className="conversation__status">{status}</span>}
                  <button type="button" className="conversation__delete" aria-label={`Delete item ${item.id}`} onClick={() => onDeleteItem(item.id)}>
                    ×
                  </button>
                </div>
                <ItemBody item={item} connected={connected} />
                {url && <audio className="conversation__audio" src={url} controls preload="none" data-testid="item-audio" />}
              </li>
            );
          })}
          <li ref={listEnd} aria-hidden="true" className="conversation__end" />
        </ol>
      )}
    </section>
  );
}
