// The microphone list (kept current on device changes) and the user's remembered choice.
import { useCallback, useEffect, useRef, useState } from 'react';
import { WavRecorder } from '../../lib/wavtools/wav-recorder';
import {
  fallbackNotice,
  isChoiceMissing,
  microphoneOptions,
  readMicrophoneChoice,
  writeMicrophoneChoice,
  type InputDevice,
  type MicrophoneOption,
} from './microphoneChoice';

export interface DeviceSource {
  /** Calls back with the inputs now and on every change; returns the unsubscribe. */
  watch(callback: (devices: InputDevice[]) => void): () => void;
  list(): Promise<InputDevice[]>;
}

const browserDevices: DeviceSource = {
  watch: (callback) => WavRecorder.listenForDeviceChange(callback),
  list: () => WavRecorder.listDevices(),
};

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export interface MicrophoneChoice {
  options: MicrophoneOption[];
  /** The chosen device id; null for the default microphone. */
  deviceId: string | null;
  /** Why the choice changed without the user (the device went away). */
  notice: string | null;
  choose(deviceId: string | null): void;
  /** Lists again (labels and ids appear once the page has microphone permission). */
  refresh(): void;
  /** The chosen device failed to open: back to the default, and say so. */
  fallBack(deviceId: string): void;
}

export function useMicrophoneChoice(source: DeviceSource = browserDevices, storage: Storage | null = browserStorage()): MicrophoneChoice {
  const [devices, setDevices] = useState<InputDevice[]>([]);
  const [deviceId, setDeviceId] = useState<string | null>(() => readMicrophoneChoice(storage));
  const [notice, setNotice] = useState<string | null>(null);
  // Labels seen so far, to name a device in the notice after it has left the list.
  const labels = useRef(new Map<string, string>());

  useEffect(() => source.watch(setDevices), [source]);

  const options = microphoneOptions(devices);
  for (const option of options) labels.current.set(option.deviceId, option.label);

  const fallBack = useCallback(
    (lost: string) => {
      writeMicrophoneChoice(storage, null);
      setDeviceId((current) => (current === lost ? null : current));
      setNotice(fallbackNotice(labels.current.get(lost) ?? null));
    },
    [storage],
  );

  const missing = isChoiceMissing(deviceId, devices);
  useEffect(() => {
    if (missing && deviceId) fallBack(deviceId);
  }, [missing, deviceId, fallBack]);

  const choose = useCallback(
    (id: string | null) => {
      writeMicrophoneChoice(storage, id);
      setDeviceId(id);
      setNotice(null);
    },
    [storage],
  );

  const refresh = useCallback(() => {
    source.list().then(setDevices, () => undefined);
  }, [source]);

  return { options, deviceId, notice, choose, refresh, fallBack };
}
