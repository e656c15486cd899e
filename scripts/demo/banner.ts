// What the demo prints once everything runs: where each part is, and that it is a simulation.

export interface DemoAddresses {
  appUrl: string;
  relayUrl: string;
  simulatorUrl: string;
  /** The demo's process: SIGUSR1 to it stops or restarts the relay alone. */
  pid?: number;
  /** simulated: the demo's own weather service answers get_weather (see weather-service.ts). */
  weather?: 'simulated' | 'open-meteo';
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
    demo.weather === 'open-meteo'
      ? '  (the weather tool asks Open-Meteo, DEMO_WEATHER=open-meteo; it and the map tiles need a network)'
      : '  (the weather is SIMULATED by the demo, offline; DEMO_WEATHER=open-meteo asks the real Open-Meteo; map tiles load only when online)',
    'Ctrl-C stops everything.' + (demo.pid ? ` The relay alone: kill -USR1 ${demo.pid} stops it, the same again restarts it.` : ''),
    ...(demo.pid ? [`A simulated phone call (Twilio's side, no account needed): kill -USR2 ${demo.pid}, then open "Phone calls" in the console.`] : []),
    '',
  ].join('\n');
}
