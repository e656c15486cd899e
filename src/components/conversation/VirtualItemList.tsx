// The conversation as a virtualised list, for recordings of thousands of items: only the items
// in view (and a few either side) are in the page, each measured as it renders, since a card's
// height depends on its text, notes and player. @tanstack/react-virtual does the windowing and
// measuring; the entries stay <li> of one <ol>, with their place in the whole list given by
// aria-posinset / aria-setsize, so list semantics survive the windowing. Like a live session it
// opens at the last item, anchored to the end (tanstack's chat mode) until the user scrolls away.
// A seam (Reconnect with history) is a row of its own, after the item it follows.
import { useLayoutEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ConversationItemCard } from './ConversationItemCard';
import { SeamLine } from './SeamLine';
import type { ItemAudioUrls } from './audioUrls';
import type { ConversationItemView, ConversationSeam } from './types';
import type { ApprovalAnswers } from '../tool-editor/ApprovalControls';

/** A first guess of a card's height (speaker line, a line or two of text, a player), in px. */
const ESTIMATED_ITEM_PX = 96;
const OVERSCAN = 6;
const ITEM_GAP_PX = 8;

export interface VirtualItemListProps {
  items: readonly ConversationItemView[];
  /** Seams, each drawn after its item (at the top when it follows none). */
  seams: readonly ConversationSeam[];
  urls: ItemAudioUrls;
  connected: boolean;
  onDeleteItem(id: string): void;
  /** Where MCP approval requests are answered (the tool editor's store); without it, requests show no buttons. */
  mcpApprovals?: ApprovalAnswers;
}

type Row = { item: number } | { seam: ConversationSeam; key: string };

/** The list's rows: every item, and each seam after the item it follows (one whose item is gone is not drawn). */
function rowsOf(items: readonly ConversationItemView[], seams: readonly ConversationSeam[]): Row[] {
  if (seams.length === 0) return items.map((_, item) => ({ item }));
  const after = new Map<string | null, ConversationSeam[]>();
  for (const seam of seams) after.set(seam.afterItemId, [...(after.get(seam.afterItemId) ?? []), seam]);
  const seamRows = (id: string | null): Row[] => (after.get(id) ?? []).map((seam, n) => ({ seam, key: `seam:${id ?? ''}:${n}` }));
  const rows: Row[] = seamRows(null);
  items.forEach((entry, item) => rows.push({ item }, ...seamRows(entry.id)));
  return rows;
}

export function VirtualItemList({ items, seams, urls, connected, onDeleteItem, mcpApprovals }: VirtualItemListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => rowsOf(items, seams), [items, seams]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ITEM_PX,
    getItemKey: (index) => {
      const row = rows[index];
      if (!row) return index;
      return 'seam' in row ? row.key : items[row.item]?.id ?? index;
    },
    overscan: OVERSCAN,
    // The cards' margin, which measuring leaves out.
    gap: ITEM_GAP_PX,
    // Before the first measure (and where there is no layout, as in jsdom) a window's worth.
    initialRect: { width: 600, height: 800 },
    // Kept at the end while cards are measured, unless the user scrolled away from it.
    anchorTo: 'end',
  });
  // Opens at the last item, as a live session shows it.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
  }, [virtualizer]);
  return (
    <div ref={scroller} className="conversation__scroller" data-testid="conversation-scroller">
      <ol className="conversation__items conversation__items--virtual" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const row = rows[virtual.index];
          const style = { transform: `translateY(${virtual.start}px)` };
          if ('seam' in row) return <SeamLine key={virtual.key} seam={row.seam} listRef={virtualizer.measureElement} index={virtual.index} style={style} />;
          const item = items[row.item];
          return (
            <ConversationItemCard
              key={virtual.key}
              item={item}
              audioUrl={urls.urlFor(item)}
              connected={connected}
              onDeleteItem={onDeleteItem}
              mcpApprovals={mcpApprovals}
              listRef={virtualizer.measureElement}
              index={row.item}
              rowIndex={virtual.index}
              setSize={items.length}
              style={style}
            />
          );
        })}
      </ol>
    </div>
  );
}
