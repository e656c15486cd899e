import { render, screen, fireEvent, renderHook } from '@testing-library/react';
import { TurnControls, TurnControlsProps } from './TurnControls';
import { usePushToTalkKey } from '../../hooks/usePushToTalkKey';

function setup(overrides: Partial<TurnControlsProps> = {}) {
  const props: TurnControlsProps = {
    mode: 'manual', connected: true, talking: false,
    onModeChange: jest.fn(), onTalkStart: jest.fn(), onTalkEnd: jest.fn(), onSendText: jest.fn(),
    ...overrides,
  };
  const view = render(<TurnControls {...props} />);
  return { props, view };
}

test('push-to-talk works with the mouse, once per press', () => {
  const { props } = setup();
  const button = screen.getByTestId('push-to-talk');
  fireEvent.mouseDown(button, { button: 0 });
  fireEvent.mouseDown(button, { button: 0 });
  expect(props.onTalkStart).toHaveBeenCalledTimes(1);
  fireEvent.mouseUp(button);
  fireEvent.mouseLeave(button);
  expect(props.onTalkEnd).toHaveBeenCalledTimes(1);
  fireEvent.mouseDown(button, { button: 2 }); // right click is not a press
  expect(props.onTalkStart).toHaveBeenCalledTimes(1);
});

test('a mouse press survives the pointer leaving the button and ends on release anywhere', () => {
  const { props } = setup();
  const button = screen.getByTestId('push-to-talk');
  fireEvent.mouseDown(button, { button: 0 });
  fireEvent.mouseLeave(button); // e.g. the label got shorter under the pointer
  expect(props.onTalkEnd).not.toHaveBeenCalled();
  fireEvent.mouseUp(document.body);
  expect(props.onTalkEnd).toHaveBeenCalledTimes(1);
  fireEvent.mouseUp(document.body);
  expect(props.onTalkEnd).toHaveBeenCalledTimes(1);
});

test('push-to-talk works with touch, and the emulated mouse events that follow do nothing', () => {
  const { props } = setup();
  const button = screen.getByTestId('push-to-talk');
  fireEvent.touchStart(button);
  expect(props.onTalkStart).toHaveBeenCalledTimes(1);
  const notCancelled = fireEvent.touchEnd(button);
  expect(notCancelled).toBe(false); // preventDefault: no emulated mousedown/mouseup
  expect(props.onTalkEnd).toHaveBeenCalledTimes(1);
  fireEvent.mouseUp(button);
  expect(props.onTalkEnd).toHaveBeenCalledTimes(1);
});

test('push-to-talk is disabled while disconnected, and VAD mode shows no button', () => {
  const { view, props } = setup({ connected: false });
  expect(screen.getByTestId('push-to-talk')).toBeDisabled();
  expect(screen.getByTestId('message-input')).toBeDisabled();
  view.rerender(<TurnControls {...props} mode="vad" connected />);
  expect(screen.queryByTestId('push-to-talk')).toBeNull();
  expect(screen.getByTestId('vad-listening')).toHaveTextContent('Listening');
});

test('the mode switch reports the chosen mode', () => {
  const { props } = setup();
  expect(screen.getByLabelText('Manual')).toBeChecked();
  fireEvent.click(screen.getByLabelText('VAD'));
  expect(props.onModeChange).toHaveBeenCalledWith('vad');
});

test('typed messages are sent trimmed and the box empties', () => {
  const { props } = setup();
  const input = screen.getByTestId('message-input');
  fireEvent.change(input, { target: { value: '  What is the weather in Paris?  ' } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
  expect(props.onSendText).toHaveBeenCalledWith('What is the weather in Paris?');
  expect(input).toHaveValue('');
  expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  fireEvent.change(input, { target: { value: '   ' } });
  expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  expect(props.onSendText).toHaveBeenCalledTimes(1);
});

test('Space held anywhere but in a text field talks; repeats and other keys do not', () => {
  const onStart = jest.fn();
  const onEnd = jest.fn();
  const { rerender, unmount } = renderHook(({ enabled }) => usePushToTalkKey(enabled, onStart, onEnd), { initialProps: { enabled: true } });
  fireEvent.keyDown(window, { key: ' ' });
  fireEvent.keyDown(window, { key: ' ', repeat: true });
  fireEvent.keyDown(window, { key: 'a' });
  expect(onStart).toHaveBeenCalledTimes(1);
  fireEvent.keyUp(window, { key: ' ' });
  expect(onEnd).toHaveBeenCalledTimes(1);

  const input = document.createElement('input');
  document.body.appendChild(input);
  fireEvent.keyDown(input, { key: ' ' });
  expect(onStart).toHaveBeenCalledTimes(1);
  input.remove();

  // Other buttons keep Space for themselves; the push-to-talk button does not.
  const other = document.createElement('button');
  const talk = document.createElement('button');
  talk.setAttribute('data-push-to-talk', '');
  document.body.append(other, talk);
  fireEvent.keyDown(other, { key: ' ' });
  expect(onStart).toHaveBeenCalledTimes(1);
  fireEvent.keyDown(talk, { key: ' ' });
  expect(onStart).toHaveBeenCalledTimes(2);
  fireEvent.keyUp(talk, { key: ' ' });
  expect(onEnd).toHaveBeenCalledTimes(2);
  other.remove();
  talk.remove();

  // A radio (the Manual/VAD switch after a click) does not keep Space; a checkbox does.
  const radio = document.createElement('input');
  radio.type = 'radio';
  const checkbox = document.createElement('input');
  checkbox.type = 'checkbox';
  document.body.append(radio, checkbox);
  fireEvent.keyDown(checkbox, { key: ' ' });
  expect(onStart).toHaveBeenCalledTimes(2);
  fireEvent.keyDown(radio, { key: ' ' });
  expect(onStart).toHaveBeenCalledTimes(3);
  fireEvent.keyUp(radio, { key: ' ' });
  expect(onEnd).toHaveBeenCalledTimes(3);
  radio.remove();
  checkbox.remove();

  // Losing focus while holding ends the turn.
  fireEvent.keyDown(window, { key: ' ' });
  fireEvent.blur(window);
  expect(onEnd).toHaveBeenCalledTimes(4);

  rerender({ enabled: false });
  fireEvent.keyDown(window, { key: ' ' });
  expect(onStart).toHaveBeenCalledTimes(4);
  unmount();
});
