// The conversation as a virtualised list, for recordings of thousands of items: only the items
// in view (and a few either side) are in the page, each measured as it renders, since a card's
// height depends on its text, notes and player. @tanstack/react-virtual does the windowing and
// measuring; the entries stay <li> of one <ol>, with their place in the whole list given by
// aria-posinset / aria-setsize, so list semantics survive the windowing.
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ConversationItemCard } from './ConversationItemCard';
import type { ItemAudioUrls } from './audioUrls';
import type { ConversationItemView } from './types';

/** A first guess of a card's height (speaker line, a line or two of text, a player), in px. */
const ESTIMATED_ITEM_PX = 96;
const OVERSCAN = 6;
const ITEM_GAP_PX = 8;

export interface VirtualItemListProps {
  items: readonly ConversationItemView[];
  urls: ItemAudioUrls;
  connected: boolean;
  onDeleteItem(id: string): void;
  onAnswerMcpApproval?(requestId: string, approve: boolean): void;
}

export function VirtualItemList({ items, urls, connected, onDeleteItem, onAnswerMcpApproval }: VirtualItemListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ITEM_PX,
    getItemKey: (index) => items[index]?.id ?? index,
    overscan: OVERSCAN,
    // The cards' margin, which measuring leaves out.
    gap: ITEM_GAP_PX,
    // Before the first measure (and where there is no layout, as in jsdom) a window's worth.
    initialRect: { width: 600, height: 800 },
  });
  const rows = virtualizer.getVirtualItems();
  return (
    <div ref={scroller} className="conversation__scroller" data-testid="conversation-scroller">
      <ol className="conversation__items conversation__items--virtual" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const item = items[row.index];
          return (
            <ConversationItemCard
              key={row.key}
              item={item}
              audioUrl={urls.urlFor(item)}
              connected={connected}
              onDeleteItem={onDeleteItem}
              onAnswerMcpApproval={onAnswerMcpApproval}
              listRef={virtualizer.measureElement}
              index={row.index}
              setSize={items.length}
              style={{ transform: `translateY(${row.start}px)` }}
            />
          );
        })}
      </ol>
    </div>
  );
}
