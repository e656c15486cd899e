// The user's API key, kept in localStorage under one namespaced entry so removing it touches
// nothing else the origin stores. Beside it, the user's opt-in to a standard key being visible to
// this browser: saved, changed and removed with the key, so a new key asks again.
import { useCallback, useState } from 'react';

export const API_KEY_STORAGE_KEY = 'realtime-console.apiKey';
/** '1' once the user ticked "I understand this key is visible to this browser" for the stored key. */
export const API_KEY_OPT_IN_STORAGE_KEY = 'realtime-console.apiKeyVisibleToBrowser';

function read(storage: Storage | undefined, name: string): string | null {
  try {
    return storage?.getItem(name)?.trim() || null;
  } catch {
    return null; // storage disabled (private mode, sandboxed iframe)
  }
}

function write(storage: Storage | undefined, name: string, value: string | null): void {
  try {
    if (value === null) storage?.removeItem(name);
    else storage?.setItem(name, value);
  } catch {
    /* kept for this page only */
  }
}

export interface StoredApiKey {
  apiKey: string | null;
  /** The user accepted that this (standard) key is visible to this browser. */
  allowKeyInBrowser: boolean;
  saveApiKey(key: string, allowKeyInBrowser?: boolean): void;
  setAllowKeyInBrowser(allow: boolean): void;
  removeApiKey(): void;
}

export function useStoredApiKey(storage: Storage | undefined = typeof window === 'undefined' ? undefined : window.localStorage): StoredApiKey {
  const [apiKey, setApiKey] = useState<string | null>(() => read(storage, API_KEY_STORAGE_KEY));
  // An opt-in left behind without its key (storage edited by hand) counts for nothing.
  const [allowKeyInBrowser, setAllow] = useState<boolean>(() => apiKey !== null && read(storage, API_KEY_OPT_IN_STORAGE_KEY) === '1');
  const setAllowKeyInBrowser = useCallback(
    (allow: boolean) => {
      write(storage, API_KEY_OPT_IN_STORAGE_KEY, allow ? '1' : null);
      setAllow(allow);
    },
    [storage],
  );
  const saveApiKey = useCallback(
    (key: string, allow = false) => {
      const trimmed = key.trim();
      if (!trimmed) return;
      write(storage, API_KEY_STORAGE_KEY, trimmed);
      setApiKey(trimmed);
      setAllowKeyInBrowser(allow);
    },
    [storage, setAllowKeyInBrowser],
  );
  const removeApiKey = useCallback(() => {
    write(storage, API_KEY_STORAGE_KEY, null);
    setApiKey(null);
    setAllowKeyInBrowser(false);
  }, [storage, setAllowKeyInBrowser]);
  return { apiKey, allowKeyInBrowser, saveApiKey, setAllowKeyInBrowser, removeApiKey };
}

/** `sk-…abcd`: enough to recognise a key, not enough to leak it in a screenshot. */
export function maskApiKey(key: string): string {
  if (key.length <= 8) return '••••';
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}
