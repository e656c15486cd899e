// One conversation item as a list entry: speaker, phase, status, delete, body, notes, player.
// Shared by the plain list (live) and the virtualised one (recordings).
import type { CSSProperties, Ref } from 'react';
import { ItemBody } from './ItemBody';
import { ItemNotes } from './ItemNotes';
import { PHASE_LABELS, speaker, statusLabel } from './itemLabels';
import type { ConversationItemView } from './types';
import type { ApprovalAnswers } from '../tool-editor/ApprovalControls';

export interface ConversationItemCardProps {
  item: ConversationItemView;
  audioUrl: string | null;
  connected: boolean;
  onDeleteItem(id: string): void;
  /** Where MCP approval requests are answered (the tool editor's store); without it, requests show no buttons. */
  mcpApprovals?: ApprovalAnswers;
  /** Virtualised lists: where the entry sits, measured, and its place for assistive tech. */
  listRef?: Ref<HTMLLIElement>;
  style?: CSSProperties;
  index?: number;
  setSize?: number;
  /** The virtualised list's row (for measuring), when seams make it differ from `index`. */
  rowIndex?: number;
}

export function ConversationItemCard({ item, audioUrl, connected, onDeleteItem, mcpApprovals, listRef, style, index, setSize, rowIndex }: ConversationItemCardProps) {
  const status = statusLabel(item, connected);
  return (
    <li
      ref={listRef}
      style={style}
      data-index={rowIndex ?? index}
      aria-posinset={index === undefined ? undefined : index + 1}
      aria-setsize={setSize}
      className={`conversation__item conversation__item--${item.role ?? item.type}`}
      data-testid="conversation-item"
      data-item-type={item.type}
      data-role={item.role}
    >
      <div className="conversation__meta">
        <span className="conversation__speaker">{speaker(item)}</span>
        {item.phase && (
          <span className={`conversation__phase conversation__phase--${item.phase}`} title={PHASE_LABELS[item.phase].title} data-testid="item-phase">
            {PHASE_LABELS[item.phase].label}
          </span>
        )}
        {status && <span className="conversation__status">{status}</span>}
        <button type="button" className="conversation__delete" aria-label={`Delete item ${item.id}`} onClick={() => onDeleteItem(item.id)}>
          ×
        </button>
      </div>
      <ItemBody item={item} connected={connected} mcpApprovals={mcpApprovals} />
      <ItemNotes item={item} />
      {audioUrl && <audio className="conversation__audio" src={audioUrl} controls preload="none" data-testid="item-audio" />}
    </li>
  );
}
