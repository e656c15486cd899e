import type { WeatherQuery, WeatherReport } from '../../tools';

/** What the weather panel shows: the last call's state and the last place found. */
export type WeatherState =
  | { status: 'idle' }
  | { status: 'loading'; query: WeatherQuery }
  | { status: 'ok'; report: WeatherReport }
  /** `query`: the place asked about, when its coordinates were valid (the map still shows it). */
  | { status: 'error'; message: string; query?: WeatherQuery };

export function weatherLabel(report: WeatherReport): string {
  return `${report.location}: ${report.temperature.value} ${report.temperature.units}, wind ${report.wind_speed.value} ${report.wind_speed.units}`;
}
