// Which microphone to record from: the user's choice, remembered in localStorage, and what
// happens when that device is gone (the default one is used, and the user is told).

export const MICROPHONE_STORAGE_KEY = 'realtime-console.microphone';
/** Shown for the browser's default input, and for every device before permission gives labels. */
export const DEFAULT_MICROPHONE_LABEL = 'Default microphone';
/** Browser aliases for "whatever the system uses": the default option covers them. */
const ALIAS_DEVICE_IDS = ['', 'default', 'communications'];

export type InputDevice = Pick<MediaDeviceInfo, 'deviceId' | 'label' | 'kind'>;

export interface MicrophoneOption {
  deviceId: string;
  label: string;
}

/** Audio inputs the user can pick, aliases left out; unnamed ones numbered. */
export function microphoneOptions(devices: readonly InputDevice[]): MicrophoneOption[] {
  return devices
    .filter((d) => d.kind === 'audioinput' && !ALIAS_DEVICE_IDS.includes(d.deviceId))
    .map((d, index) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${index + 1}` }));
}

/**
 * True when the chosen device is known to be gone. Before permission the browser hides device
 * ids, so an empty list proves nothing and the choice is kept.
 */
export function isChoiceMissing(chosen: string | null, devices: readonly InputDevice[]): boolean {
  if (!chosen) return false;
  const options = microphoneOptions(devices);
  const idsVisible = devices.some((d) => d.kind === 'audioinput' && d.deviceId !== '');
  return idsVisible && !options.some((o) => o.deviceId === chosen);
}

export function readMicrophoneChoice(storage: Storage | null): string | null {
  try {
    return storage?.getItem(MICROPHONE_STORAGE_KEY) || null;
  } catch {
    return null; // Storage blocked (privacy mode): no remembered choice.
  }
}

export function writeMicrophoneChoice(storage: Storage | null, deviceId: string | null): void {
  try {
    if (deviceId) storage?.setItem(MICROPHONE_STORAGE_KEY, deviceId);
    else storage?.removeItem(MICROPHONE_STORAGE_KEY);
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
}

export function fallbackNotice(lostLabel: string | null): string {
  return `${lostLabel ? `“${lostLabel}”` : 'The chosen microphone'} is no longer available — using the default microphone.`;
}

interface Beginnable {
  begin(deviceId?: string): Promise<void>;
}

/** Errors getUserMedia gives for a device id that no longer matches any device. */
const DEVICE_GONE_ERRORS = ['OverconstrainedError', 'NotFoundError'];

/**
 * Begins on the chosen device; if that device is gone, begins on the default one and calls
 * `onFallback` so the choice can be dropped and the user told. Other errors (denied) propagate.
 */
export async function beginOnChosenDevice(recorder: Beginnable, deviceId: string | null, onFallback: (deviceId: string) => void): Promise<void> {
  if (!deviceId) return recorder.begin();
  try {
    await recorder.begin(deviceId);
  } catch (error) {
    const name = error instanceof Error || error instanceof DOMException ? error.name : '';
    if (!DEVICE_GONE_ERRORS.includes(name)) throw error;
    onFallback(deviceId);
    await recorder.begin();
  }
}
