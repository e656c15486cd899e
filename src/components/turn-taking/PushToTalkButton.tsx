import { useEffect, useRef } from 'react';

export interface PushToTalkButtonProps {
  talking: boolean;
  disabled?: boolean;
  onStart(): void;
  onEnd(): void;
}

/**
 * Hold to talk with a mouse, a finger or the keyboard: Enter held on the focused button talks
 * like a press (Space talks anywhere, see usePushToTalkKey). Touch ends with preventDefault, so the browser does
 * not fire the emulated mouse events that would start a second turn. A mouse press ends when
 * the button is released anywhere on the page, not when the pointer leaves the button: its
 * label changes while talking, and a press must not end because the button got narrower.
 */
export function PushToTalkButton({ talking, disabled, onStart, onEnd }: PushToTalkButtonProps) {
  const pressed = useRef(false);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  const end = useRef(() => {
    if (!pressed.current) return;
    pressed.current = false;
    window.removeEventListener('mouseup', end.current);
    onEndRef.current();
  });
  useEffect(() => () => window.removeEventListener('mouseup', end.current), []);
  const start = () => {
    if (disabled || pressed.current) return;
    pressed.current = true;
    onStart();
  };
  const startWithMouse = () => {
    start();
    if (pressed.current) window.addEventListener('mouseup', end.current);
  };
  return (
    <button
      type="button"
      className={`button push-to-talk${talking ? ' push-to-talk--active' : ''}`}
      data-testid="push-to-talk"
      data-push-to-talk=""
      aria-pressed={talking}
      disabled={disabled}
      onMouseDown={(e) => { if (e.button === 0) startWithMouse(); }}
      onTouchStart={start}
      onTouchEnd={(e) => { e.preventDefault(); end.current(); }}
      onTouchCancel={() => end.current()}
      onKeyDown={(e) => {
        if (e.key !== 'Enter') return;
        e.preventDefault(); // no click
        if (!e.repeat) start();
      }}
      onKeyUp={(e) => { if (e.key === 'Enter') end.current(); }}
      onBlur={() => end.current()}
      onContextMenu={(e) => e.preventDefault()}
    >
      {talking ? 'Release to send' : 'Hold to talk (Space)'}
    </button>
  );
}
