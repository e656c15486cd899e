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

  // Where Space types, it types.
  const text = document.createElement('input');
  const search = document.createElement('input');
  search.type = 'search';
  const number = document.createElement('input');
  number.type = 'number';
  const area = document.createElement('textarea');
  document.body.append(text, search, number, area);
  for (const field of [text, search, number, area]) {
    expect(fireEvent.keyDown(field, { key: ' ' })).toBe(true); // not prevented
  }
  expect(onStart).toHaveBeenCalledTimes(1);
  [text, search, number, area].forEach((field) => field.remove());

  // Everywhere else it talks and the control does not get it: buttons, checkboxes, radios, selects, players.
  const controls: HTMLElement[] = [document.createElement('button'), document.createElement('select'), document.createElement('audio')];
  for (const type of ['checkbox', 'radio', 'range']) {
    const input = document.createElement('input');
    input.type = type;
    controls.push(input);
  }
  document.body.append(...controls);
  let talks = 1;
  for (const control of controls) {
    expect(fireEvent.keyDown(control, { key: ' ' })).toBe(false); // prevented
    expect(onStart).toHaveBeenCalledTimes(++talks);
    expect(fireEvent.keyUp(control, { key: ' ' })).toBe(false);
    expect(onEnd).toHaveBeenCalledTimes(talks);
  }
  controls.forEach((control) => control.remove());

  // Losing focus while holding ends the turn.
  fireEvent.keyDown(window, { key: ' ' });
  fireEvent.blur(window);
  expect(onEnd).toHaveBeenCalledTimes(++talks);

  rerender({ enabled: false });
  fireEvent.keyDown(window, { key: ' ' });
  expect(onStart).toHaveBeenCalledTimes(talks);
  unmount();
});

test('while Space talks, Enter ticks a checkbox; with push-to-talk off the checkbox keeps Space', () => {
  const { rerender, unmount } = renderHook(({ enabled }) => usePushToTalkKey(enabled, jest.fn(), jest.fn()), { initialProps: { enabled: true } });
  const checkbox = document.createElement('input');
  checkbox.type = 'checkbox';
  document.body.append(checkbox);
  fireEvent.keyDown(checkbox, { key: 'Enter' });
  expect(checkbox.checked).toBe(true);
  rerender({ enabled: false });
  fireEvent.keyDown(checkbox, { key: 'Enter' });
  expect(checkbox.checked).toBe(true); // Enter is not the checkbox's key without push-to-talk
  expect(fireEvent.keyDown(checkbox, { key: ' ' })).toBe(true);
  checkbox.remove();
  unmount();
});

test('Enter held on the focused talk button talks like a press; leaving the button ends it', () => {
  const { props } = setup();
  const button = screen.getByTestId('push-to-talk');
  expect(fireEvent.keyDown(button, { key: 'Enter' })).toBe(false); // no click
  fireEvent.keyDown(button, { key: 'Enter', repeat: true });
  expect(props.onTalkStart).toHaveBeenCalledTimes(1);
  fireEvent.keyUp(button, { key: 'Enter' });
  expect(props.onTalkEnd).toHaveBeenCalledTimes(1);
  fireEvent.keyDown(button, { key: 'Enter' });
  fireEvent.blur(button);
  expect(props.onTalkEnd).toHaveBeenCalledTimes(2);
});

test('a press too short to send says so in a status', () => {
  const { view, props } = setup({ talkHint: 'Too short to send (40 ms of audio): hold to talk, at least 100 ms.' });
  expect(screen.getByRole('status')).toHaveTextContent(/hold to talk/);
  view.rerender(<TurnControls {...props} talkHint={null} />);
  expect(screen.getByTestId('talk-hint')).toBeEmptyDOMElement();
});
