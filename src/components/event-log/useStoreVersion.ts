// Re-renders a component at most once per animation frame while the store changes: a burst of
// audio deltas (dozens per frame) then costs one render, not one per event.
import { useEffect, useState } from 'react';
import type { EventLogStore } from './eventLogStore';

export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export function useStoreVersion(store: EventLogStore, frames: FrameScheduler = animationFrames): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => {
    let pending: number | null = null;
    const unsubscribe = store.subscribe(() => {
      if (pending !== null) return;
      pending = frames.request(() => {
        pending = null;
        setVersion(store.version);
      });
    });
    setVersion(store.version); // changes made before we subscribed
    return () => {
      unsubscribe();
      if (pending !== null) frames.cancel(pending);
    };
  }, [store, frames]);
  return version;
}
