import { useEffect, useState } from 'react';
import { ConversationAnnouncer as Announcer } from './conversationAnnouncements';
import type { ConversationItemView } from './types';

export interface ConversationAnnouncerProps {
  items: readonly ConversationItemView[];
  /** Bumped when items changed in place (see ConversationPanel). */
  version?: number;
}

/**
 * A polite live region, visually hidden, that tells screen-reader users what happens in the
 * conversation (see conversationAnnouncements.ts). Render it where it is never hidden: a live
 * region inside a hidden panel (a phone's other tab) says nothing.
 */
export function ConversationAnnouncer({ items, version }: ConversationAnnouncerProps) {
  const [announcer] = useState(() => new Announcer());
  const [message, setMessage] = useState('');
  useEffect(() => {
    const next = announcer.observe(items);
    if (next) setMessage(next);
  }, [announcer, items, version]);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="conversation-announcement">
      {message}
    </div>
  );
}
