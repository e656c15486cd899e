// One inspector store per page, fed by whichever client is current (each new client is a new
// session: the figures start again), and the price table with the user's edits.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { InspectorStore } from '../../lib/inspector/inspector-store';
import { EDITED_SOURCE, PRICES, withEdits, type ModelPrice, type PriceTable } from '../../lib/inspector/prices';
import type { RealtimeClient } from '../../lib/realtime';
import { loadPriceEdits, savePriceEdits } from '../usage/priceEdits';

export interface Inspector {
  store: InspectorStore;
  prices: PriceTable;
  edits: readonly ModelPrice[];
  saveEdit(row: ModelPrice): void;
  resetEdit(model: string): void;
}

export function useInspector(client: RealtimeClient | null): Inspector {
  const store = useMemo(() => new InspectorStore(), []);
  useEffect(() => {
    if (!client) return undefined;
    store.reset();
    return client.on('realtime.event', (event) => store.append(event));
  }, [client, store]);

  const [edits, setEdits] = useState<ModelPrice[]>(() => loadPriceEdits());
  const saveEdit = useCallback((row: ModelPrice) => {
    setEdits((current) => {
      const next = [...current.filter((entry) => entry.model !== row.model), { ...row, source: EDITED_SOURCE, confirmed: false }];
      savePriceEdits(next);
      return next;
    });
  }, []);
  const resetEdit = useCallback((model: string) => {
    setEdits((current) => {
      const next = current.filter((entry) => entry.model !== model);
      savePriceEdits(next);
      return next;
    });
  }, []);
  const prices = useMemo(() => withEdits(PRICES, edits), [edits]);
  return { store, prices, edits, saveEdit, resetEdit };
}

/** Re-renders at most once per animation frame while the store changes (audio deltas come in bursts). */
export function useInspectorVersion(store: InspectorStore): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => {
    let pending: number | null = null;
    const unsubscribe = store.subscribe(() => {
      if (pending === null) {
        pending = requestAnimationFrame(() => {
          pending = null;
          setVersion(store.version);
        });
      }
    });
    setVersion(store.version);
    return () => {
      unsubscribe();
      if (pending !== null) cancelAnimationFrame(pending);
    };
  }, [store]);
  return version;
}
