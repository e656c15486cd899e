// The mark of a simulated session: the simulator (simulator/ids.ts) starts its session ids with
// it, and the console shows a "Simulator" badge on a session whose id does. Real API ids are
// `sess_` + 21 base62 characters, so `sess_sim_` cannot be mistaken for one in practice.

export const SIMULATOR_SESSION_PREFIX = 'sess_sim_';

export function isSimulatorSessionId(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith(SIMULATOR_SESSION_PREFIX);
}
