// Space held = talk, anywhere on the page except where Space types or presses something
// (text fields, checkboxes, other buttons). On the push-to-talk button and on radios Space talks too.
import { useEffect, useRef } from 'react';

export const PUSH_TO_TALK_KEY = ' ';

/** Marks the element where Space talks even though it is a button. */
export const PUSH_TO_TALK_ATTRIBUTE = 'data-push-to-talk';

function typesSpace(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.tagName === 'BUTTON') return !target.hasAttribute(PUSH_TO_TALK_ATTRIBUTE);
  // A radio (e.g. the Manual/VAD switch just clicked) has nothing to do with Space once chosen.
  if (target instanceof HTMLInputElement && target.type === 'radio') return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function usePushToTalkKey(enabled: boolean, onStart: () => void, onEnd: () => void, key = PUSH_TO_TALK_KEY): void {
  const handlers = useRef({ onStart, onEnd });
  handlers.current = { onStart, onEnd };

  useEffect(() => {
    if (!enabled) return undefined;
    let held = false;
    const down = (event: KeyboardEvent) => {
      if (event.key !== key || event.repeat || held || typesSpace(event.target)) return;
      event.preventDefault(); // no page scroll
      held = true;
      handlers.current.onStart();
    };
    const up = (event: KeyboardEvent) => {
      if (event.key !== key || !held) return;
      event.preventDefault();
      held = false;
      handlers.current.onEnd();
    };
    // Releasing the key in another window must not leave the microphone on.
    const blur = () => {
      if (!held) return;
      held = false;
      handlers.current.onEnd();
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
      if (held) handlers.current.onEnd();
    };
  }, [enabled, key]);
}
