// The transport chosen beside Connect, kept in this browser's localStorage.
import { useCallback, useState } from 'react';
import { loadTransportChoice, saveTransportChoice, type TransportKind } from './transportChoice';

function browserStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

export function useTransportChoice(storage: Storage | undefined = browserStorage()): [TransportKind, (kind: TransportKind) => void] {
  const [kind, setKind] = useState<TransportKind>(() => loadTransportChoice(storage));
  const choose = useCallback(
    (next: TransportKind) => {
      setKind(next);
      saveTransportChoice(storage, next);
    },
    [storage],
  );
  return [kind, choose];
}
