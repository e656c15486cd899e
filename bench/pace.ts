// Drift-free pacing for the relay benches: a late timer sends the chunks that fell due meanwhile,
// as a browser with a backlog of recorded audio would.

/** Calls `send` once per `chunkMs` from `phaseMs` on; returns a function that stops it. */
export function pace(chunkMs: number, phaseMs: number, send: () => void): () => void {
  const start = performance.now() + phaseMs;
  let sent = 0;
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    const due = Math.floor((performance.now() - start) / chunkMs) + 1;
    for (; sent < due; sent++) send();
    timer = setTimeout(tick, Math.max(0, start + sent * chunkMs - performance.now()));
  };
  timer = setTimeout(tick, phaseMs);
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
