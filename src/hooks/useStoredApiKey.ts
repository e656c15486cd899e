// The user's API key, kept in localStorage under one namespaced entry so removing it touches
// nothing else the origin stores.
import { useCallback, useState } from 'react';

export const API_KEY_STORAGE_KEY = 'realtime-console.apiKey';

function readKey(storage: Storage | undefined): string | null {
  try {
    return storage?.getItem(API_KEY_STORAGE_KEY)?.trim() || null;
  } catch {
    return null; // storage disabled (private mode, sandboxed iframe)
  }
}

export interface StoredApiKey {
  apiKey: string | null;
  saveApiKey(key: string): void;
  removeApiKey(): void;
}

export function useStoredApiKey(storage: Storage | undefined = typeof window === 'undefined' ? undefined : window.localStorage): StoredApiKey {
  const [apiKey, setApiKey] = useState<string | null>(() => readKey(storage));
  const saveApiKey = useCallback(
    (key: string) => {
      const trimmed = key.trim();
      if (!trimmed) return;
      try {
        storage?.setItem(API_KEY_STORAGE_KEY, trimmed);
      } catch {
        /* kept for this page only */
      }
      setApiKey(trimmed);
    },
    [storage],
  );
  const removeApiKey = useCallback(() => {
    try {
      storage?.removeItem(API_KEY_STORAGE_KEY);
    } catch {
      /* nothing stored */
    }
    setApiKey(null);
  }, [storage]);
  return { apiKey, saveApiKey, removeApiKey };
}

/** `sk-…abcd`: enough to recognise a key, not enough to leak it in a screenshot. */
export function maskApiKey(key: string): string {
  if (key.length <= 8) return '••••';
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}
