// Space held = talk, whenever push-to-talk is on, wherever the focus is, except where Space
// types: a text field (any <input> that takes text, <textarea>, contenteditable). Everywhere
// else (a button, a checkbox, a radio, a select whose list is closed, an audio player, the page)
// Space talks and does nothing else, so a control clicked a moment ago cannot swallow it (a
// ticked "Follow", an answer's seek bar that would play). Those controls keep their other keys:
// Enter presses a button, and, while Space talks, Enter also ticks a checkbox; arrows move
// radios, selects and seek bars. An open select list takes its keys itself and never reaches the page.
// An audio player is the one exception Chromium forces: while its own controls have the focus,
// keys (and pointer events) never reach the page. So a player focused otherwise than by Tab (a
// click on its seek bar) gives the focus back at once and Space then talks; a player reached
// with Tab keeps it, and Space plays or pauses it there.
import { useEffect, useRef } from 'react';

export const PUSH_TO_TALK_KEY = ' ';

/** Marks the push-to-talk button (Enter on it talks too: see PushToTalkButton). */
export const PUSH_TO_TALK_ATTRIBUTE = 'data-push-to-talk';

/** <input> types that do not take typed text: Space talks on them. */
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

/** Whether Space typed at `target` goes into text (and so must not talk). */
export function typesSpace(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}

function isCheckbox(target: EventTarget | null): target is HTMLInputElement {
  return target instanceof HTMLInputElement && target.type === 'checkbox';
}

export function usePushToTalkKey(enabled: boolean, onStart: () => void, onEnd: () => void, key = PUSH_TO_TALK_KEY): void {
  const handlers = useRef({ onStart, onEnd });
  handlers.current = { onStart, onEnd };

  useEffect(() => {
    if (!enabled) return undefined;
    let held = false;
    /** Between Tab's keydown and keyup: a focus that moves now moves by keyboard. */
    let tabbing = false;
    // Capture phase: before the focused control's own handlers.
    const down = (event: KeyboardEvent) => {
      if (event.key === 'Tab') tabbing = true;
      if (event.key === 'Enter' && isCheckbox(event.target) && !event.repeat) {
        event.preventDefault();
        event.target.click(); // Space talks here, so Enter ticks
        return;
      }
      if (event.key !== key || typesSpace(event.target)) return;
      // Not the control's own Space: no scroll, no toggle, no play, no button press.
      event.preventDefault();
      event.stopPropagation();
      if (event.repeat || held) return;
      held = true;
      handlers.current.onStart();
    };
    const up = (event: KeyboardEvent) => {
      if (event.key === 'Tab') tabbing = false;
      if (event.key !== key || !held) return;
      event.preventDefault(); // a button or checkbox acts on Space's keyup
      event.stopPropagation();
      held = false;
      handlers.current.onEnd();
    };
    // Releasing the key in another window must not leave the microphone on.
    const blur = () => {
      if (!held) return;
      held = false;
      handlers.current.onEnd();
    };
    const focusIn = (event: FocusEvent) => {
      const target = event.target;
      const byKeyboard = tabbing; // Tab's keyup may go to the player, out of the page's reach
      tabbing = false;
      if (target instanceof HTMLMediaElement && !byKeyboard) setTimeout(() => target.blur(), 0);
    };
    window.addEventListener('keydown', down, true);
    window.addEventListener('keyup', up, true);
    window.addEventListener('focusin', focusIn, true);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down, true);
      window.removeEventListener('keyup', up, true);
      window.removeEventListener('focusin', focusIn, true);
      window.removeEventListener('blur', blur);
      if (held) handlers.current.onEnd();
    };
  }, [enabled, key]);
}
