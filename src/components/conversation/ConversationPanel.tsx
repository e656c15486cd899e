import { Fragment, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { conversationWav, ItemAudioUrls } from './audioUrls';
import { ConversationItemCard } from './ConversationItemCard';
import { SeamLine } from './SeamLine';
import { VirtualItemList } from './VirtualItemList';
import type { ConversationItemView, ConversationSeam } from './types';
import type { ApprovalAnswers } from '../tool-editor/ApprovalControls';
import './Conversation.scss';

export interface ConversationPanelProps {
  items: readonly ConversationItemView[];
  onDeleteItem(id: string): void;
  /** Bumped by the owner when items changed in place (live transcripts), to re-render. */
  version?: number;
  /** False once the connection is gone: an item still in progress will never finish. */
  connected?: boolean;
  /** Where MCP approval requests are answered (the tool editor's store); without it, requests show no buttons. */
  mcpApprovals?: ApprovalAnswers;
  /** Where the conversation carried from the last session ends (Reconnect with history). */
  seam?: ConversationSeam | null;
  /** Shown under the list, kept in view (e.g. the offer to continue in a new session). */
  footer?: ReactNode;
  /**
   * Render only the items in view (a recording of thousands): the list opens at its last item, and
   * draws every seam of `seams` (a recording may hold several reconnects).
   */
  virtualize?: boolean;
  seams?: readonly ConversationSeam[];
}

export function ConversationPanel({ items, onDeleteItem, version, connected = true, mcpApprovals, seam, seams, footer, virtualize = false }: ConversationPanelProps) {
  const urls = useMemo(() => new ItemAudioUrls(), []);
  const listEnd = useRef<HTMLLIElement>(null);

  useEffect(() => () => urls.dispose(), [urls]);
  useEffect(() => {
    urls.prune(new Set(items.map((item) => item.id)));
    if (!virtualize) listEnd.current?.scrollIntoView?.({ block: 'nearest' });
  }, [items, version, urls, virtualize]);

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
    <section className={`panel conversation${virtualize ? ' conversation--virtual' : ''}`} aria-label="Conversation">
      <header className="panel__header">
        <h2>Conversation</h2>
        <button type="button" className="button button--small" onClick={download} disabled={!hasAudio}>
          Download audio (WAV)
        </button>
      </header>
      {items.length === 0 ? (
        <p className="panel__empty">Nothing said yet.</p>
      ) : virtualize ? (
        <VirtualItemList items={items} seams={seams ?? (seam ? [seam] : [])} urls={urls} connected={connected} onDeleteItem={onDeleteItem} mcpApprovals={mcpApprovals} />
      ) : (
        <ol className="conversation__items">
          {seam && seam.afterItemId === null && <SeamLine seam={seam} />}
          {items.map((item) => (
            <Fragment key={item.id}>
              <ConversationItemCard item={item} audioUrl={urls.urlFor(item)} connected={connected} onDeleteItem={onDeleteItem} mcpApprovals={mcpApprovals} />
              {seam?.afterItemId === item.id && <SeamLine seam={seam} />}
            </Fragment>
          ))}
          <li ref={listEnd} aria-hidden="true" className="conversation__end" />
        </ol>
      )}
      {footer}
    </section>
  );
}
