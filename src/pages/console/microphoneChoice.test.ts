import { act, renderHook } from '@testing-library/react';
import {
  beginOnChosenDevice,
  isChoiceMissing,
  microphoneOptions,
  MICROPHONE_STORAGE_KEY,
  readMicrophoneChoice,
  type InputDevice,
} from './microphoneChoice';
import { useMicrophoneChoice, type DeviceSource } from './useMicrophoneChoice';

const input = (deviceId: string, label = ''): InputDevice => ({ deviceId, label, kind: 'audioinput' });
const output: InputDevice = { deviceId: 'spk', label: 'Speakers', kind: 'audiooutput' };

/** A device list the test changes, as `devicechange` would. */
function fakeSource(initial: InputDevice[]) {
  let devices = initial;
  const listeners = new Set<(d: InputDevice[]) => void>();
  const source: DeviceSource = {
    watch: (callback) => {
      listeners.add(callback);
      callback(devices);
      return () => listeners.delete(callback);
    },
    list: () => Promise.resolve(devices),
  };
  return {
    source,
    listeners,
    change(next: InputDevice[]) {
      devices = next;
      listeners.forEach((l) => l(next));
    },
  };
}

beforeEach(() => localStorage.clear());

test('options: inputs only, browser aliases left out, unnamed inputs numbered', () => {
  expect(microphoneOptions([input('default', 'Default'), input('a', 'Mic A'), output, input('b'), input('communications', 'Comms')])).toEqual([
    { deviceId: 'a', label: 'Mic A' },
    { deviceId: 'b', label: 'Microphone 2' },
  ]);
});

test('a choice is missing only when device ids are visible and it is not among them', () => {
  expect(isChoiceMissing('a', [input('')])).toBe(false); // before permission: ids hidden
  expect(isChoiceMissing('a', [])).toBe(false);
  expect(isChoiceMissing('a', [input('default'), input('a')])).toBe(false);
  expect(isChoiceMissing('a', [input('default'), input('b')])).toBe(true);
  expect(isChoiceMissing(null, [input('b')])).toBe(false);
});

test('the choice is remembered under realtime-console.microphone and cleared for the default', () => {
  const { source } = fakeSource([input('default'), input('a', 'Mic A')]);
  const { result } = renderHook(() => useMicrophoneChoice(source, localStorage));
  expect(result.current.deviceId).toBeNull();
  act(() => result.current.choose('a'));
  expect(localStorage.getItem(MICROPHONE_STORAGE_KEY)).toBe('a');
  expect(readMicrophoneChoice(localStorage)).toBe('a');
  const view = renderHook(() => useMicrophoneChoice(source, localStorage));
  expect(view.result.current.deviceId).toBe('a');
  act(() => view.result.current.choose(null));
  expect(localStorage.getItem(MICROPHONE_STORAGE_KEY)).toBeNull();
});

test('when the chosen device disappears: back to the default, remembered, and said with its name', () => {
  localStorage.setItem(MICROPHONE_STORAGE_KEY, 'usb');
  const fake = fakeSource([input('default'), input('usb', 'USB headset'), input('built-in', 'Built-in')]);
  const { result, unmount } = renderHook(() => useMicrophoneChoice(fake.source, localStorage));
  expect(result.current.deviceId).toBe('usb');
  expect(result.current.notice).toBeNull();
  act(() => fake.change([input('default'), input('built-in', 'Built-in')]));
  expect(result.current.deviceId).toBeNull();
  expect(result.current.notice).toBe('“USB headset” is no longer available — using the default microphone.');
  expect(localStorage.getItem(MICROPHONE_STORAGE_KEY)).toBeNull();
  act(() => result.current.choose('built-in'));
  expect(result.current.notice).toBeNull();
  unmount();
  expect(fake.listeners.size).toBe(0);
});

test('a remembered device is kept while ids are hidden; refresh lists again after permission', async () => {
  localStorage.setItem(MICROPHONE_STORAGE_KEY, 'usb');
  const fake = fakeSource([input('')]);
  const { result } = renderHook(() => useMicrophoneChoice(fake.source, localStorage));
  expect(result.current.deviceId).toBe('usb');
  expect(result.current.options).toEqual([]);
  act(() => fake.change([input('default', 'Default'), input('usb', 'USB headset')]));
  await act(async () => result.current.refresh());
  expect(result.current.options).toEqual([{ deviceId: 'usb', label: 'USB headset' }]);
  expect(result.current.deviceId).toBe('usb');
});

function namedError(name: string): Error {
  const error = new Error(`${name} happened`);
  error.name = name;
  return error;
}

test('beginOnChosenDevice: a gone device falls back to the default; a denied one does not', async () => {
  const calls: (string | undefined)[] = [];
  const failing = (failure: Error) => ({
    begin: (id?: string) => {
      calls.push(id);
      return id ? Promise.reject(failure) : Promise.resolve();
    },
  });
  const fallbacks: string[] = [];
  await beginOnChosenDevice(failing(namedError('OverconstrainedError')), 'usb', (id) => fallbacks.push(id));
  expect(calls).toEqual(['usb', undefined]);
  expect(fallbacks).toEqual(['usb']);

  calls.length = 0;
  await expect(beginOnChosenDevice(failing(namedError('NotAllowedError')), 'usb', (id) => fallbacks.push(id))).rejects.toThrow('NotAllowedError');
  expect(calls).toEqual(['usb']);
  expect(fallbacks).toEqual(['usb']);

  calls.length = 0;
  await beginOnChosenDevice(failing(namedError('OverconstrainedError')), null, (id) => fallbacks.push(id));
  expect(calls).toEqual([undefined]);
});
