// What the demo prints once everything runs: where each part is, and that it is a simulation.

export interface DemoAddresses {
  appUrl: string;
  relayUrl: string;
  simulatorUrl: string;
}

/** Tests and people look for this line; keep its shape: `Open <url>`. */
export const OPEN_LINE_PREFIX = 'Open ';

export function demoBanner(demo: DemoAddresses): string {
  return [
    '',
    'Realtime Console demo: a local SIMULATION, not the real model. No API key, no OpenAI account, nothing leaves this machine.',
    `  simulator  ${demo.simulatorUrl}  stands in for the Realtime API (scripted, deterministic answers)`,
    `  relay      ${demo.relayUrl}  holds a throwaway key and forwards to the simulator`,
    `  console    ${demo.appUrl}  the production build, using the relay`,
    '',
    `${OPEN_LINE_PREFIX}${demo.appUrl}`,
    '  then Connect and type, for example: What is the weather in Paris?',
    '  (the weather tool asks Open-Meteo and the map loads tiles only when you are online)',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
