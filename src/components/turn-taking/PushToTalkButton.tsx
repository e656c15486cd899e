import { useRef } from 'react';

export interface PushToTalkButtonProps {
  talking: boolean;
  disabled?: boolean;
  onStart(): void;
  onEnd(): void;
}

/**
 * Hold to talk with a mouse or a finger. Touch ends with preventDefault, so the browser does
 * not fire the emulated mouse events that would start a second turn.
 */
export function PushToTalkButton({ talking, disabled, onStart, onEnd }: PushToTalkButtonProps) {
  const pressed = useRef(false);
  const start = () => {
    if (disabled || pressed.current) return;
    pressed.current = true;
    onStart();
  };
  const end = () => {
    if (!pressed.current) return;
    pressed.current = false;
    onEnd();
  };
  return (
    <button
      type="button"
      className={`button push-to-talk${talking ? ' push-to-talk--active' : ''}`}
      data-testid="push-to-talk"
      data-push-to-talk=""
      aria-pressed={talking}
      disabled={disabled}
      onMouseDown={(e) => { if (e.button === 0) start(); }}
      onMouseUp={end}
      onMouseLeave={end}
      onTouchStart={start}
      onTouchEnd={(e) => { e.preventDefault(); end(); }}
      onTouchCancel={end}
      onContextMenu={(e) => e.preventDefault()}
    >
      {talking ? 'Release to send' : 'Hold to talk (Space)'}
    </button>
  );
}
