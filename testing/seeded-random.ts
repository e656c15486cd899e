// The fuzz tests' random numbers: seeded, so `FUZZ_SEED=N` replays a failing run exactly.

/** mulberry32: a small, fast 32-bit generator; returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The run's seed: FUZZ_SEED when set, otherwise one that changes run to run (and is printed by the test's name). */
export function fuzzSeed(): number {
  return Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
}
