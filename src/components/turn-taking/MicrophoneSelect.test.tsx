import { fireEvent, render, screen } from '@testing-library/react';
import { MicrophoneSelect } from './MicrophoneSelect';
import { TurnControls } from './TurnControls';

const options = [
  { deviceId: 'usb-1', label: 'USB headset' },
  { deviceId: 'built-in', label: 'Built-in microphone' },
];

test('lists the default microphone first, then the inputs, and reports a choice', () => {
  const onChoose = jest.fn();
  render(<MicrophoneSelect options={options} deviceId={null} notice={null} onChoose={onChoose} />);
  const select = screen.getByTestId('microphone-select') as HTMLSelectElement;
  expect(Array.from(select.options).map((o) => o.text)).toEqual(['Default microphone', 'USB headset', 'Built-in microphone']);
  expect(select.value).toBe('');
  fireEvent.change(select, { target: { value: 'built-in' } });
  expect(onChoose).toHaveBeenLastCalledWith('built-in');
  fireEvent.change(select, { target: { value: '' } });
  expect(onChoose).toHaveBeenLastCalledWith(null);
});

test('a remembered device not listed yet (no permission) stays selected', () => {
  render(<MicrophoneSelect options={[]} deviceId="usb-1" notice={null} onChoose={jest.fn()} />);
  const select = screen.getByTestId('microphone-select') as HTMLSelectElement;
  expect(select.value).toBe('usb-1');
  expect(Array.from(select.options).map((o) => o.text)).toEqual(['Default microphone', 'Chosen microphone']);
});

test('shows the fallback notice', () => {
  render(<MicrophoneSelect options={options} deviceId={null} notice="“USB headset” is no longer available — using the default microphone." onChoose={jest.fn()} />);
  expect(screen.getByTestId('microphone-notice').textContent).toMatch(/USB headset.*default microphone/);
});

test('TurnControls shows the picker only when given one', () => {
  const base = { mode: 'manual' as const, connected: true, talking: false, onModeChange: jest.fn(), onTalkStart: jest.fn(), onTalkEnd: jest.fn(), onSendText: jest.fn() };
  const { rerender } = render(<TurnControls {...base} />);
  expect(screen.queryByTestId('microphone-select')).toBeNull();
  rerender(<TurnControls {...base} microphone={{ options, deviceId: 'usb-1', notice: null, onChoose: jest.fn() }} />);
  expect((screen.getByTestId('microphone-select') as HTMLSelectElement).value).toBe('usb-1');
});
