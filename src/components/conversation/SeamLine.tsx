// Where a conversation carried into a new session (Reconnect with history) ends: a line in the
// list, live and in a recording's virtualised list (placed and measured like a card there).
import type { CSSProperties, Ref } from 'react';
import type { ConversationSeam } from './types';

export interface SeamLineProps {
  seam: ConversationSeam;
  listRef?: Ref<HTMLLIElement>;
  style?: CSSProperties;
  /** The virtualised list's row index (for measuring), not a place among the items. */
  index?: number;
}

export function SeamLine({ seam, listRef, style, index }: SeamLineProps) {
  const left = seam.leftOut > 0 ? `; ${seam.leftOut} left out` : '';
  return (
    <li ref={listRef} style={style} data-index={index} className="conversation__seam" data-testid="conversation-seam">
      New session: {seam.carried} earlier item{seam.carried === 1 ? '' : 's'} carried into it as text{left}
    </li>
  );
}
